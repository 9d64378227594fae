// Hardship-worker archives (困难职工档案): one per worker at a time, with the household, income,
// causes, evidence and home visits; the level computed by the rules (rules.h) against the
// county's standard of the year; two levels of management through the approval flow — a
// grassroots union or township files, the county federation reviews, and the county (county-tier
// archives) or the city (city-tier archives) approves; then a public notice of 7 days on the
// union's portal, then active. Active archives are reviewed yearly, re-levelled when the standard
// changes (the changes listed for confirmation), and proposed for exit when the cause is gone and
// income has stayed above the standard for six months; an exited archive stays as history.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "approval/approval.h"
#include "auth/principal.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/page.h"
#include "file/evidence.h"
#include "hardship/rules.h"
#include "store/db.h"

namespace nj::hardship {

inline constexpr std::string_view kRead = "hardship:read";
inline constexpr std::string_view kWrite = "hardship:write";
inline constexpr std::string_view kApprove = "hardship:approve";
inline constexpr std::string_view kArchiveKind = "hardship_archive";  // approval kind, evidence
inline constexpr int kNoticeDays = 7;

struct HouseholdMember {
  std::string name, relation;  // relation: self, spouse, child, parent, other
  int age = 0;
  std::string health;     // healthy, chronic, serious, disabled
  std::string schooling;  // none, preschool, primary, junior, senior, vocational, university
  int64_t annual_income_fen = 0;
  std::string id_number;         // input only (optional); never stored in clear
  std::string id_number_masked;  // as stored and shown
};

struct IncomeSource {
  std::string source;  // wages, pension, allowance, business, other
  int64_t monthly_fen = 0;
};

struct AccidentInput {
  std::string date;  // YYYY-MM-DD
  int64_t loss_fen = 0, compensation_fen = 0;
  std::string description;
};

struct ArchiveInput {
  int64_t member_id = 0;
  std::string tier;  // "county" or "city"; "" = city for deep hardship, county otherwise
  std::vector<std::string> causes;
  std::vector<HouseholdMember> household;  // the worker ("self") included
  std::vector<IncomeSource> income_sources;
  int64_t medical_spending_fen = 0, school_spending_fen = 0;
  std::optional<AccidentInput> accident;
};

struct Visit {
  int64_t id = 0;
  std::string kind;  // visit, review
  std::string visited_on, visitors, findings, level_before, level_after;
  int64_t created_at = 0;
};

struct Archive {
  int64_t id = 0;
  int64_t member_id = 0;
  std::string member_name, id_number_masked;
  int64_t org_id = 0;
  std::string org_name, org_path;
  int64_t county_id = 0;
  std::string county_name, division_code, tier, state, source;
  std::vector<std::string> causes;
  std::vector<HouseholdMember> household;
  std::vector<IncomeSource> income_sources;
  int household_size = 0;
  int64_t annual_income_fen = 0, medical_spending_fen = 0, school_spending_fen = 0;
  std::optional<AccidentInput> accident;
  int standard_year = 0;
  int64_t standard_fen = 0;
  int relative_pct = 200;
  Level computed = Level::kNone;  // by the rules
  std::string level_override, override_reason;
  Level level = Level::kNone;  // in force: the override when there is one
  int64_t per_head_fen = 0;
  std::string arithmetic_zh, arithmetic_en;
  int64_t application_id = 0;
  std::string notice_start, notice_end, activated_on, review_due, causes_resolved_on, exited_on,
      exit_reason;
  bool review_overdue = false, exit_proposed = false;
  int64_t created_at = 0, updated_at = 0;
  // Get only:
  std::vector<Visit> visits;
  std::vector<MonthIncome> months;
  std::vector<file::Evidence> files;
  std::vector<std::string> warnings_zh, warnings_en;  // a household member has an archive …
};

struct ArchiveQuery {
  int64_t org_id = 0;  // subtree; 0 = the caller's scope
  std::string state, level, cause, name;
  bool review_overdue = false, exit_proposed = false;
  int64_t after_id = 0;  // cursor: archives with a smaller id (newest first)
  int limit = 50;        // 1..200
};

struct StandardEntry {
  std::string division_code, division_name;
  int year = 0;
  int64_t monthly_fen = 0;
  int relative_pct = 200;
  bool editable = false;  // the caller may set it (hardship:approve, and the area is theirs)
};

struct LevelChange {
  int64_t id = 0, archive_id = 0;
  std::string member_name, org_name, division_code;
  int year = 0;
  std::string old_level, new_level;
  int64_t old_standard_fen = 0, new_standard_fen = 0, per_head_fen = 0;
};

struct RelevelSummary {
  int64_t archives = 0;  // archives of the area re-levelled
  int64_t changed = 0;   // of them whose level would change: listed for confirmation
};

struct CountyFigures {
  int64_t org_id = 0;
  std::string org_name;
  int64_t waiting = 0;         // submitted, waiting for the county
  int64_t oldest_days = 0;     // the longest any of them has waited
  int64_t review_overdue = 0;  // active archives past their yearly review
};

struct Overview {
  std::vector<std::pair<std::string, int64_t>> by_state, by_level, by_cause;
  int64_t review_overdue = 0, exit_proposed = 0, relevels_pending = 0;
  std::vector<CountyFigures> counties;  // the counties in scope: which is slow
};

// Registers the approval kind "hardship_archive" (county, then city for city-tier archives).
void RegisterArchiveApprovals(approval::ApprovalService& approvals);

class ArchiveService {
 public:
  ArchiveService(store::Database& db, const Vault& vault, approval::ApprovalService& approvals,
                 file::EvidenceStore& files)
      : db_(db), vault_(vault), approvals_(approvals), files_(files) {}

  Result<std::vector<StandardEntry>> Standards(const auth::Principal& who,
                                               std::string_view division_code, int year);
  // Sets the standard of a county (hardship:approve, the county within the caller's area) and
  // re-levels every archive of that county under the standard of that year, in one
  // transaction: archives whose level would change are listed (Relevels) for confirmation.
  Result<std::pair<StandardEntry, RelevelSummary>> SetStandard(const auth::Principal& who,
                                                               std::string_view division_code,
                                                               int year, int64_t monthly_fen,
                                                               int relative_pct);
  // The same re-levelling without changing the standard (what SetStandard does after writing
  // it), authorised as SetStandard is: for the benchmark and for a standard loaded from elsewhere.
  Result<RelevelSummary> Relevel(store::Conn& c, const auth::Principal& who,
                                 std::string_view division_code, int year);

  Result<Archive> Create(const auth::Principal& who, const ArchiveInput& in);
  // The portal: the member applies; the draft is filed at the member's union.
  Result<Archive> Apply(int64_t member_id, ArchiveInput in);
  Result<Archive> Update(const auth::Principal& who, int64_t id, const ArchiveInput& in);
  Result<Archive> Get(const auth::Principal& who, int64_t id);
  Result<Page<Archive>> List(const auth::Principal& who, const ArchiveQuery& q);
  Result<std::vector<Archive>> OfMember(int64_t member_id);
  // Archives under public notice at the member's union, names masked (the portal).
  Result<std::vector<Archive>> Notices(int64_t member_id);

  Result<Archive> Submit(const auth::Principal& who, int64_t id);
  Result<Archive> Override(const auth::Principal& who, int64_t id, std::string_view level,
                           std::string_view reason);
  Result<Visit> AddVisit(const auth::Principal& who, int64_t id, const Visit& v);
  Result<void> SetMonth(const auth::Principal& who, int64_t id, std::string_view month,
                        int64_t per_head_fen);
  Result<Archive> CauseResolved(const auth::Principal& who, int64_t id, std::string_view on);
  Result<Archive> Exit(const auth::Principal& who, int64_t id, std::string_view on,
                       std::string_view reason);
  Result<file::Evidence> AddFile(const auth::Principal& who, int64_t id, std::string_view name,
                                 std::string_view bytes);
  Result<std::pair<file::Evidence, std::string>> File(const auth::Principal& who, int64_t id,
                                                      int64_t file_id);

  // The changes of level waiting for confirmation in the subtree, by id, a page at a time.
  Result<Page<LevelChange>> Relevels(const auth::Principal& who, int64_t org_id, int limit,
                                     int64_t after_id);
  Result<int64_t> ConfirmRelevels(const auth::Principal& who, const std::vector<int64_t>& ids);
  Result<Overview> Summary(const auth::Principal& who, int64_t org_id);

 private:
  store::Database& db_;
  const Vault& vault_;
  approval::ApprovalService& approvals_;
  file::EvidenceStore& files_;
};

}  // namespace nj::hardship
