// Mutual medical aid as the federation runs it: plans (versioned), enrolment of a subtree's
// members, and the zero-trip claims (零跑) adjudicated from the medical-insurance settlement feed
// and paid straight to the member's card through the payout module.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/page.h"
#include "core/row_problem.h"
#include "file/columns.h"
#include "job/job.h"
#include "mutual_aid/plan.h"
#include "mutual_aid/rules.h"
#include "payout/payout.h"
#include "store/db.h"

namespace nj::mutual_aid {

inline constexpr std::string_view kRead = "aid:read";
inline constexpr std::string_view kWrite = "aid:write";
// The bulk jobs of a plan (its settlement feed, enrolment by roster): held at the level of the
// plan's owner (the caller's organisation the owner or above it), by default by federation
// administrators only.
inline constexpr std::string_view kBulk = "aid:bulk";
// Payout items of claims: source module "mutual_aid", source id "<plan>:<settlement id>".
inline constexpr std::string_view kSourceModule = "mutual_aid";

struct PlanVersion {
  Plan plan;
  int64_t version = 0;
  // The organisation the plan belongs to (the federation whose feed it takes): its bulk jobs are
  // run at its level. 0 (and "") for a plan of a database without organisations.
  int64_t owner_org_id = 0;
  std::string owner_name, owner_path;
};

// A plan as the list shows it: its newest version and how many are enrolled in the caller's scope.
struct PlanEntry {
  std::string code, name;
  int64_t version = 0;
  std::string start, end;
  int64_t contribution_fen = 0;
  int waiting_days = 0;
  int64_t enrolled = 0;
  int64_t owner_org_id = 0;
  std::string owner_name;
  bool can_bulk = false;  // the caller may run the plan's bulk jobs (CanBulk)
};

struct PlanHistory {
  int64_t version = 0;
  int64_t created_at = 0;
  std::string created_by_name;  // "" when imported from the command line
};

// What a level of the tree pays of each enrolled member's contribution in its subtree.
struct Subsidy {
  int64_t org_id = 0;
  std::string org_name;
  int64_t per_member_fen = 0;
};

// Contributions a union paid.
struct Payment {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string org_name;
  int64_t amount_fen = 0;
  std::string paid_on;  // YYYY-MM-DD
  std::string reference;
  std::string created_by_name;
  int64_t created_at = 0;
};

struct PaymentInput {
  int64_t org_id = 0;
  int64_t amount_fen = 0;
  std::string paid_on, reference;
};

// The figures of a plan over a subtree (统计): enrolment, contributions, claims.
struct AidFigures {
  int64_t org_id = 0;
  std::string org_name;
  int64_t enrolled = 0;
  int64_t waiting = 0;      // enrolled whose waiting period has not ended today
  int64_t due_fen = 0;      // the members' shares: contributions less the levels' subsidies
  int64_t subsidy_fen = 0;  // what the levels pay
  int64_t paid_fen = 0;     // contributions recorded as paid by the subtree's unions
  int64_t claims = 0;       // claims adjudicated (every outcome but invalid and duplicate)
  int64_t paid_claims = 0;  // of them paid and not reversed
  int64_t payout_fen = 0;   // what those pay, lump sums included
  int64_t Outstanding() const { return due_fen > paid_fen ? due_fen - paid_fen : 0; }
};

struct AidStats {
  AidFigures total;
  std::vector<AidFigures> children;  // the union itself ("本级") first, then each child's subtree
};

// A claim adjudicated from the settlement feed, as the clerk's list shows it.
struct FeedClaim {
  int64_t id = 0;
  std::string plan_code, settlement_id;
  int64_t member_id = 0;
  std::string member_name;
  int64_t org_id = 0;
  std::string org_name;
  Outcome outcome = Outcome::kInvalid;
  uint8_t visit = 0;
  int64_t eligible_fen = 0, benefit_fen = 0, lump_fen = 0;
  bool reversed = false;
  std::string discharge_date, hospital, diagnosis_code;
};

struct FeedClaimQuery {
  std::string plan;      // "" = every plan
  int64_t org_id = 0;    // subtree; 0 = the caller's scope
  std::string outcome;   // "" = any
  std::string name;      // any part of the member's name (NameContainsPattern); "" = any
  int64_t after_id = 0;  // cursor: claims with a smaller id (newest first)
  int limit = 50;        // 1..200
};

// A plan the member is enrolled in, as the portal shows it.
struct MemberPlan {
  std::string code, name, start_date, waiting_end;
};

// A member of a chosen list or a line of a roster that could not be enrolled, and why: a row
// problem (line 0 for a chosen list; the value as given, personal data masked) and the member
// it names, 0 when not found.
struct EnrolProblem : RowProblem {
  int64_t member_id = 0;
};

struct EnrolSummary {
  int64_t enrolled = 0;                // new enrolments (would be, on a dry run)
  int64_t continuing = 0;              // of them, enrolled in the previous plan: no waiting period
  int64_t already = 0;                 // enrolled before: unchanged
  std::vector<EnrolProblem> problems;  // chosen members or roster lines left out
};

// How a roster is enrolled (a job's work): the file's name as uploaded ("" = the file's own),
// a dry run (everything counted and reported, nothing stored), the job's progress (a line read
// is a step; none outside a job).
struct RosterOptions {
  std::string file_name;
  bool dry_run = false;
  job::Progress* progress = nullptr;
};

// One line of the ingest report, in file order.
struct ReportLine {
  int64_t line = 0;
  std::string settlement_id;
  Outcome outcome = Outcome::kInvalid;
  int64_t amount_fen = 0;
  std::string reason_zh, reason_en;  // why it was refused, in both languages
  std::string field;                 // of an invalid line: the column at fault (its Chinese header)
};

// The columns of the settlement feed (Chinese headers, codes, the labels of visit and record
// types) and of enrolment by roster: their readers' header mapping and their templates.
const file::ImportSpec& FeedSpec();
const file::ImportSpec& EnrolRosterSpec();

// Writes the ingest report: settlement_id, outcome, payout_yuan, reason, reason_en (the reason
// in both languages, named as in every row report's JSON) — a line per record.
Result<void> WriteIngestReport(const std::vector<ReportLine>& lines, job::Sheet& sheet);
// The report as a clerk reads it (the web's download): in `english` or Chinese, the outcome in
// words: 结算单号, 结果, 赔付金额（元）, 原因, Reason, 行号 (the command line keeps the codes
// above).
Result<void> WriteIngestReport(const std::vector<ReportLine>& lines, bool english,
                               job::Sheet& sheet);

struct IngestSummary {
  int64_t records = 0;
  int64_t by_outcome[9] = {};  // indexed by Outcome
  int64_t paid_fen = 0;        // paid outcomes, lump sums included
  int64_t reversed_fen = 0;    // reversal outcomes (not below zero)
  int64_t payout_items = 0;    // sent to the payout module
  int64_t withdrawn = 0;       // taken back from it by reversals (cancelled or to recover)
};

// Whether `who` may run the bulk jobs of `plan`: holds kBulk, and the plan's owner lies in their
// scope (their organisation is the owner or above it).
bool CanBulk(const auth::Principal& who, const PlanVersion& plan);
// Whether `who` may add a version of `plan` (ImportPlan): holds aid:write, and the plan's owner
// lies in their scope.
bool CanEdit(const auth::Principal& who, const PlanVersion& plan);

// In a transaction that reads members' running totals of `plan_code` to write them back (the
// feed, a claim by hand approved): waits for any other such transaction to end. On PostgreSQL
// the plan's rows are locked; on SQLite the transaction's BEGIN IMMEDIATE holds the write lock.
Result<void> LockRunningTotals(store::Conn& c, std::string_view plan_code);
// A member's running totals as a row of aid_member_state, in its column order: plan_code,
// member_id, cumulative_0–2, paid_0–2, overall, lump_sum (the feed inserts them in bulk, a claim
// by hand upserts one).
std::vector<store::Value> RunningTotalsRow(std::string_view plan_code, int64_t member_id,
                                           const MemberState& s);

class AidService {
 public:
  AidService(store::Database& db, const Vault& vault, payout::PayoutService& payouts)
      : db_(db), vault_(vault), payouts_(payouts) {}

  // Stores `plan` (read by ParsePlan, plan_json.h) as the next version of its code (aid:write).
  // A new code belongs to `owner_org_id` (in who's scope; 0: who's own organisation); a new
  // version keeps its owner unless given another in who's scope, and only a caller whose scope
  // holds the owner may add one (kForbidden). Audited at the owner.
  Result<PlanVersion> ImportPlan(const auth::Principal& who, const Plan& plan,
                                 int64_t owner_org_id = 0);
  // The newest version of plan `code`; kNotFound when there is none.
  Result<PlanVersion> CurrentPlan(std::string_view code);
  // The plan, when `who` may run its bulk jobs (CanBulk);
  // kNotFound without it, kForbidden naming what is missing otherwise. Routes ask before they
  // start a job; the bulk services ask again themselves.
  Result<PlanVersion> BulkPlan(const auth::Principal& who, std::string_view code);
  // Every plan (aid:read), newest version each, with the members enrolled in who's scope.
  Result<std::vector<PlanEntry>> Plans(const auth::Principal& who);
  // The versions of plan `code`, newest first; kNotFound when there is none.
  Result<std::vector<PlanHistory>> History(const auth::Principal& who, std::string_view code);

  // Subsidies of `code` set by the levels in who's scope.
  Result<std::vector<Subsidy>> Subsidies(const auth::Principal& who, std::string_view code);
  // Sets what `org_id` (in scope) pays of each member's contribution (0 removes it). The levels
  // above a member together may not pay more than the contribution (kInvalidInput).
  Result<Subsidy> SetSubsidy(const auth::Principal& who, std::string_view code, int64_t org_id,
                             int64_t per_member_fen);
  // Contributions paid by the unions of the subtree of `org_id` (0: who's scope), newest first,
  // a page at a time (`before_id`: the last id shown, 0 for the first page).
  Result<Page<Payment>> Payments(const auth::Principal& who, std::string_view code, int64_t org_id,
                                 int limit, int64_t before_id);
  // Records a contribution paid by a union in scope (aid:write), audited.
  Result<Payment> RecordPayment(const auth::Principal& who, std::string_view code,
                                const PaymentInput& in);
  // Corrects a recorded contribution of a union in scope (amount, day, reference; in.org_id is
  // not used), audited with what it was: the repair of a wrong amount, including one stored
  // before amounts were bounded.
  Result<Payment> CorrectPayment(const auth::Principal& who, std::string_view code, int64_t id,
                                 const PaymentInput& in);
  // The plan's figures over the subtree of `org_id` (0: who's own organisation) and each child.
  Result<AidStats> Stats(const auth::Principal& who, std::string_view code, int64_t org_id);
  // Claims from the feed, of members in scope, newest first.
  Result<Page<FeedClaim>> FeedClaims(const auth::Principal& who, const FeedClaimQuery& q);

  // The portal: plans the member is enrolled in, and the member's claims from the feed.
  Result<std::vector<MemberPlan>> PlansOfMember(int64_t member_id);
  // The feed's claims up to kOwnListMax, newest first (next_cursor set when cut).
  Result<Page<FeedClaim>> FeedClaimsOfMember(int64_t member_id);

  // Enrols every active member of the subtree of `org_id` not yet enrolled in `plan`, from
  // `start`. A member enrolled in `previous_plan` (the same series' last period; "" = none)
  // does not wait; the others wait the plan's waiting_days.
  Result<EnrolSummary> Enrol(const auth::Principal& who, std::string_view plan, int64_t org_id,
                             Date start, std::string_view previous_plan);

  // Enrols chosen members (each active and in who's scope; the others are reported, nothing
  // else is refused), from `start`, as Enrol does a subtree. A member outside the scope is
  // reported exactly as an id of no member.
  Result<EnrolSummary> EnrolMembers(const auth::Principal& who, std::string_view plan,
                                    const std::vector<int64_t>& member_ids, Date start,
                                    std::string_view previous_plan);
  // Enrols the members named by a roster (CSV in UTF-8 or GBK, or .xlsx, with a column
  // 身份证号 / id_number): a bulk job (BulkPlan). A line whose ID number is wrong, or names no
  // member in who's scope, is reported (no member and a member outside the scope alike, without
  // a member id). Audited with the file's name and the counts, a dry run too (marked so).
  Result<EnrolSummary> EnrolRoster(const auth::Principal& who, std::string_view plan,
                                   const std::filesystem::path& file, Date start,
                                   std::string_view previous_plan,
                                   const RosterOptions& options = {});

  // Adjudicates the settlement file (CSV, UTF-8 or GBK, with the feed's header) under `plan`:
  // every record gets one outcome; claims are stored and every paid one is sent to the payout
  // module, all in one transaction (nothing with `dry_run`). Running the same file again finds
  // every stored record a duplicate: nothing is paid twice. `report`, when given, receives one
  // line per record in file order.
  //
  // A bulk job (BulkPlan). Each record is checked against who's scope through the member
  // module: one of no member in it is out_of_scope (a member elsewhere and no member alike),
  // counted and never stored; a reversal reverses only an original of a member in the scope
  // (any other is refused as unknown). Audited (dry runs too) with the file's name (`file_name`,
  // "" = the file's) and the counts, never a record.
  Result<IngestSummary> Ingest(const auth::Principal& who, std::string_view plan,
                               const std::filesystem::path& file, bool dry_run,
                               job::Progress& progress, std::vector<ReportLine>* report,
                               std::string_view file_name = {});
  // For tests: what Ingest runs after it has read the file and before the transaction that
  // stores it (a claim by hand approved meanwhile, say).
  void BeforeIngestWrites(std::function<void()> hook) { before_writes_ = std::move(hook); }

 private:
  store::Database& db_;
  const Vault& vault_;
  payout::PayoutService& payouts_;
  std::function<void()> before_writes_;
};

// For other modules (hardship's check of what a member had before a grant): what mutual aid
// paid the member by claims discharged from `from` to `to` ("YYYY-MM-DD", both included), in
// benefits and lump sums, reversed claims left out. aid_claim is read only here and in this
// module.
Result<int64_t> PaidToMember(store::Conn& c, int64_t member_id, std::string_view from,
                             std::string_view to);

}  // namespace nj::mutual_aid
