// Approvals: the one multi-level flow every module uses (establishment, re-election, joining …).
// An application is filed at an organisation and decided at the reviewing organisation (the level
// above, or the organisation itself for kinds reviewed where they are filed):
//
//   draft → submitted → approved
//               ↓  ↑ (resubmitted)
//            returned (with a reason)
//
// A kind may name a chain of reviewing organisations instead (a hardship archive: the county
// reviews, then the city approves). Approving at a level before the last passes the application
// on to the next level ("review", the state stays submitted); the last level approves. Each level
// is decided by users of that federation itself (not by a level above in its place), nobody
// decides at two levels of one submission; a return at any level sends it back to the filer, and
// a resubmission starts again at the first level.
//
// Every step is recorded with who, when and why, and audited; approving runs the kind's own work
// in the same transaction, so an application is never approved without its effect, nor the
// reverse. The module owning a kind registers it; approval knows no module.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/principal.h"
#include "core/error.h"
#include "core/page.h"
#include "store/db.h"

namespace nj::approval {

// One fact of an application in words, in both languages: the approver reads these, never the
// payload's keys. Both languages are answered, as a row problem's reason is ({reason,
// reason_en}), because the facts are sentences the owning module composes (the level's
// arithmetic, the room left this year) with names and amounts inside: codes for the web to word
// would need each module's rules in the browser. The web shows the one of its locale.
struct Fact {
  std::string label_zh, label_en, value_zh, value_en;
};

// What the owning module says of an application: its facts and the web page of its record.
struct Summary {
  std::vector<Fact> facts;
  std::string link;  // the console's page of the record ("/hardship/archives/59"); "" for none
};
// An amount of a fact: "3000.00 元" / "3000.00 yuan".
std::string YuanZh(int64_t fen);
std::string YuanEn(int64_t fen);

struct Application {
  int64_t id = 0;
  std::string kind, state, title;
  int64_t org_id = 0, reviewer_org_id = 0;
  std::string org_name, reviewer_org_name, org_path;
  std::string payload;         // the kind's JSON
  std::string result;          // what approval produced
  std::vector<int64_t> chain;  // the reviewing organisations in order (one for most kinds)
  int stage = 0;               // the level deciding now: chain[stage] == reviewer_org_id
  bool can_decide = false;     // set by Get and List: the caller may approve or return it now
  // Get only: the kind's summary, and who must act now when it is not the caller ("" when the
  // caller decides, or nothing waits: approved).
  Summary summary;
  std::string waiting_zh, waiting_en;
  int64_t created_by = 0;
  int64_t created_at = 0, updated_at = 0;
};

struct Event {
  int64_t at = 0;
  std::string username, action, from_state, to_state, reason;
};

struct Kind {
  std::string permission;         // needed to file and change
  std::string decide_permission;  // needed to approve or return
  std::string read_permission;    // needed to see it (list, get, history); set by every kind
  bool reviewed_by_self = false;  // decided at the organisation it is filed at (joining)
  // The record of the kind's module the payload names (an archive, a grant, a batch), or 0 for
  // kinds whose payload is the subject itself (a worker joining, a union to establish).
  std::function<Result<int64_t>(const std::string& payload)> subject;
  // Ties subject `subject_id` to organisation `org_id`, where it is filed: kInvalidInput naming
  // the field when the subject is not that organisation's (a filer names only its own records).
  // Required with `subject`; called before `check` on every create and change.
  std::function<Result<void>(store::Conn&, const auth::Principal& who, int64_t org_id,
                             int64_t subject_id)>
      owns;
  // Checks a payload filed at organisation `org` (an error names the field) and returns the
  // title shown in lists.
  std::function<Result<std::string>(store::Conn&, const auth::Principal& who, int64_t org,
                                    const std::string& payload)>
      check;
  // The kind's work on approval, inside the approving transaction; returns the result text.
  std::function<Result<std::string>(store::Conn&, const auth::Principal& who,
                                    const Application& app)>
      approve;
  // The reviewing organisations of an application filed at `org`, first to last; unset: the
  // level above (or `org` itself when reviewed_by_self).
  std::function<Result<std::vector<int64_t>>(store::Conn&, int64_t org, const std::string& payload)>
      chain;
  // Called in the same transaction after every step (submit, review, return, approve) with the
  // application as it now is, so that a module can keep its own record's state in step.
  std::function<Result<void>(store::Conn&, const auth::Principal& who, const Application& app,
                             std::string_view action)>
      stepped;
  // The application's facts in words and the link to its record, read when one application is
  // shown (amounts in yuan, people as the module's own pages show them, no ids or keys). Every
  // kind sets it; the caller has already been allowed to read the application.
  std::function<Result<Summary>(store::Conn&, const Application& app)> summary;
  // The member whose application it is (a hardship archive's, a grant's worker), told of its
  // approval and of each return through the message centre ("application.approved" /
  // "application.returned"); unset, or 0 answered: nobody is told.
  std::function<Result<int64_t>(store::Conn&, const Application& app)> member;
  std::string portal_link;  // the portal's page of such records, for that message ("/hardship")
};

// The levels of the organisation deciding an application now (ListQuery::level).
inline constexpr std::string_view kLevels[] = {"city", "county", "township", "grassroots"};
inline constexpr std::string_view kStates[] = {"draft", "submitted", "approved", "returned"};

struct ListQuery {
  std::string kind, state;  // "" = any; checked by List (kInvalidInput naming the field)
  bool to_review = false;   // only those waiting for a decision in the caller's scope
  bool can_decide = false;  // only those the caller may decide now (Application::can_decide)
  // The level deciding now, one of kLevels: city (a city federation or above), county,
  // township, grassroots (any union below): "" = any.
  std::string level;
  std::string from_date, to_date;  // filed on these days (China's, inclusive); "" = open
  PageRequest page;                // newest first; the cursor is the last id shown
};

class ApprovalService {
 public:
  explicit ApprovalService(store::Database& db) : db_(db) {}
  // Registers a kind before serving. Not thread-safe; the registry is read-only afterwards.
  void Register(std::string kind, Kind k) { kinds_[std::move(kind)] = std::move(k); }

  // Files an application at organisation `org_id` of the caller's scope, as a draft or submitted
  // at once. `who` a system principal (auth::System("portal", {})): filed by the public, a worker
  // from the portal, with no permission asked and always submitted; a kind whose permission is
  // empty (joining) is filed that way only, never by staff.
  Result<Application> Create(const auth::Principal& who, const std::string& kind, int64_t org_id,
                             const std::string& payload, bool submit);
  // The same on `c`, inside the caller's transaction (a batch and its approval are one change).
  Result<Application> CreateOn(store::Conn& c, const auth::Principal& who, const std::string& kind,
                               int64_t org_id, const std::string& payload, bool submit);
  // Changes the payload of a draft or returned application.
  Result<Application> Update(const auth::Principal& who, int64_t id, const std::string& payload);
  Result<Application> Submit(const auth::Principal& who, int64_t id);
  // Decides a submitted application: only users whose scope holds the reviewing organisation,
  // never the one who filed it. Returning needs a reason.
  Result<Application> Approve(const auth::Principal& who, int64_t id, std::string_view reason);
  Result<Application> Return(const auth::Principal& who, int64_t id, std::string_view reason);

  // An application filed in the caller's scope or waiting for a decision in it; kNotFound else.
  Result<Application> Get(const auth::Principal& who, int64_t id);
  Result<Page<Application>> List(const auth::Principal& who, const ListQuery& q);
  Result<std::vector<Event>> History(const auth::Principal& who, int64_t id);
  // The newest application of `kind` whose approval produced `result` (a join's card number: the
  // application that made a member), or nullopt; the kind's read permission is needed.
  Result<std::optional<Application>> ProducedBy(const auth::Principal& who, const std::string& kind,
                                                std::string_view result);

 private:
  Result<const Kind*> KindOf(const std::string& kind) const;
  // kForbidden unless `who` holds the read permission of `kind`.
  Result<void> MayRead(const auth::Principal& who, const std::string& kind) const;
  // Whether `who` may decide `app` now (its reviewer's path `reviewer_path`), as Step checks.
  bool MayDecide(const auth::Principal& who, const Application& app,
                 std::string_view reviewer_path) const;
  // Sets app.can_decide, and app.waiting_zh/en when someone else must act.
  Result<void> Standing(store::Conn& c, const auth::Principal& who, Application& app,
                        std::string_view reviewer_path) const;
  Result<Application> Step(const auth::Principal& who, int64_t id, std::string_view action,
                           std::string_view reason);

  store::Database& db_;
  std::map<std::string, Kind, std::less<>> kinds_;
};

// A kind's `subject` over its typed payload: `parse` (the kind's codec, at its module's edge)
// reads the payload into a struct P once, and `id` names the member holding the subject's id
// ({"archive_id":12} read into ArchivePayload::archive_id). The parser's error (kInvalidInput
// naming the field) when the payload names none (a payload sent to the approvals route by hand).
template <class P>
std::function<Result<int64_t>(const std::string&)> SubjectOf(Result<P> (*parse)(std::string_view),
                                                             int64_t P::*id) {
  return [parse, id](const std::string& payload) -> Result<int64_t> {
    auto p = parse(payload);
    if (!p) return std::unexpected(p.error());
    return (*p).*id;
  };
}

// A kind's `owns` over a table of its module: success when `org_of` (a query of one record's
// org_id by its id) finds subject `subject_id` filed at `org_id`; kInvalidInput naming `field`
// otherwise, the same as for a record that does not exist (a filer learns nothing of another
// organisation's records).
Result<void> OwnedBy(store::Conn& c, std::string_view org_of, int64_t subject_id, int64_t org_id,
                     const std::string& field);

// What a module's own lists show of its records' applications, read here (a module never reads
// the approval tables itself): who decides each now, and the reason of the last step.
struct Standing {
  int64_t reviewer_org_id = 0;
  std::string reviewer_org_name;
  std::string last_reason;  // of the newest step ("" for none)
};
// The standing of each of `application_ids` (one query per store::Conn::kInChunk ids); ids of
// no application are absent.
Result<std::unordered_map<int64_t, Standing>> StandingOf(store::Conn& c,
                                                         std::span<const int64_t> application_ids);

// The state after `action` ("submit", "approve", "return") from `state`; kConflict naming both
// when the step is not allowed.
Result<std::string> NextState(std::string_view state, std::string_view action);

}  // namespace nj::approval
