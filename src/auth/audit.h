// The audit log: every change and every reveal of personal data, written in the same transaction
// as the change, append-only and hash-chained.
//
// Each row's hash is SHA-256 over the previous row's hash and the row's fields; audit_head keeps
// the newest hash, so editing, deleting or inserting a row anywhere — the tail included — breaks
// the chain, and VerifyAudit finds where.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/error.h"
#include "core/page.h"
#include "store/db.h"

namespace nj::auth {

struct AuditEntry {
  std::string action;  // "create", "update", "delete", "move", "reveal", "login" …
  std::string entity;  // "member", "org", "user" …
  std::string entity_id;
  std::string org_path;  // path of the organisation the record belongs to (scopes reading)
  std::string before;    // JSON of the record before, personal data masked; "" for create
  std::string after;     // JSON after, masked; "" for delete
  std::string reason;    // why (required for reveal)
};

// Appends `e` as done by `actor` (a user, or auth::System(…) for the platform's own work) on
// `conn`, which must be inside the transaction of the change being recorded. kInternal when
// e.org_path is not an organisation's materialised path ("", "/"): such a row would be invisible
// to every scoped reader.
Result<void> AppendAudit(store::Conn& conn, const Principal& actor, const AuditEntry& e);

struct AuditRecord {
  int64_t id = 0;
  int64_t at = 0;
  int64_t user_id = 0;
  std::string username;
  int64_t member_id = 0;    // the member a portal step was done for (PortalFor); 0 otherwise
  std::string member_name;  // that member's name, masked (张*); "" when none
  AuditEntry entry;
};

struct AuditQuery {
  PathRange scope;
  std::string entity;     // "" = any
  std::string entity_id;  // "" = any
  std::string action;     // "" = any
  std::string username;  // who acted ("" = anyone; "system:portal" … for the platform's own work)
  std::string from_date, to_date;  // "YYYY-MM-DD", China's days, both inclusive; "" = open
  int64_t before_id = 0;  // cursor: rows with id < before_id; 0 = newest first
  int limit = 50;
};
// Newest first, within scope. A to_date before from_date is kInvalidInput naming to_date.
Result<std::vector<AuditRecord>> ListAudit(store::Conn& conn, const AuditQuery& q);
// One page of it for a reader: q.limit checked (1 … kPageMax), read with limit + 1.
Result<Page<AuditRecord>> AuditPage(store::Conn& conn, AuditQuery q);

struct AuditVerdict {
  bool ok = true;
  int64_t checked = 0;
  int64_t first_bad_id = 0;  // 0 when ok
  std::string problem;       // what is wrong, English
};
// Walks the whole chain in order and recomputes every hash.
Result<AuditVerdict> VerifyAudit(store::Conn& conn);

}  // namespace nj::auth
