#include "mutual_aid/routes.h"

#include <fstream>

#include "auth/shapes.h"
#include "core/date.h"
#include "http/json.h"
#include "http/row_problem.h"
#include "job/csv.h"
#include "job/row_problem.h"
#include "mutual_aid/plan_json.h"

namespace nj::mutual_aid {

namespace {

namespace json = boost::json;
using auth::Principal;
using http::Request;
using http::Response;

json::object PlanEntryJson(const PlanEntry& p) {
  return {{"code", p.code},
          {"name", p.name},
          {"version", p.version},
          {"start", p.start},
          {"end", p.end},
          {"contribution_fen", p.contribution_fen},
          {"waiting_days", p.waiting_days},
          {"enrolled", p.enrolled},
          {"owner_org_id", p.owner_org_id},
          {"owner_name", p.owner_name},
          {"can_bulk", p.can_bulk}};
}

json::object FiguresJson(const AidFigures& f) {
  return {{"org_id", f.org_id},        {"org_name", f.org_name},
          {"enrolled", f.enrolled},    {"waiting", f.waiting},
          {"due_fen", f.due_fen},      {"subsidy_fen", f.subsidy_fen},
          {"paid_fen", f.paid_fen},    {"outstanding_fen", f.Outstanding()},
          {"claims", f.claims},        {"paid_claims", f.paid_claims},
          {"payout_fen", f.payout_fen}};
}

json::object FeedJson(const FeedClaim& c) {
  return {{"id", c.id},
          {"plan_code", c.plan_code},
          {"settlement_id", c.settlement_id},
          {"member_id", c.member_id},
          {"member_name", c.member_name},
          {"org_id", c.org_id},
          {"org_name", c.org_name},
          {"outcome", OutcomeName(c.outcome)},
          {"visit_type", kVisitTypes[c.visit < kVisitTypeCount ? c.visit : 0]},
          {"eligible_fen", c.eligible_fen},
          {"benefit_fen", c.benefit_fen},
          {"lump_fen", c.lump_fen},
          {"amount_fen", c.benefit_fen + c.lump_fen},
          {"reversed", c.reversed},
          {"discharge_date", c.discharge_date},
          {"hospital", c.hospital},
          {"diagnosis_code", c.diagnosis_code}};
}

json::object EnrolJson(const EnrolSummary& s) {
  json::array problems;
  for (const auto& p : s.problems) {
    auto o = http::RowProblemJson(p);
    o["member_id"] = p.member_id ? json::value(p.member_id) : nullptr;
    problems.push_back(std::move(o));
  }
  return {{"enrolled", s.enrolled},
          {"continuing", s.continuing},
          {"already", s.already},
          {"problems", problems}};
}

json::object FileJson(const file::Evidence& e) {
  return {{"id", e.id},
          {"file_name", e.file_name},
          {"mime", e.mime},
          {"size", e.size},
          {"created_at", http::InstantOrNull(e.created_at)}};
}

json::object HandJson(const HandClaim& h) {
  json::object o{{"id", h.id},
                 {"plan_code", h.plan_code},
                 {"plan_name", h.plan_name},
                 {"member_id", h.member_id},
                 {"member_name", h.member_name},
                 {"org_id", h.org_id},
                 {"org_name", h.org_name},
                 {"state", h.state},
                 {"visit_type", h.visit_type},
                 {"hospital", h.hospital},
                 {"admission_date", h.admission_date},
                 {"discharge_date", h.discharge_date},
                 {"diagnosis_code", h.diagnosis_code},
                 {"total_fen", h.total_fen},
                 {"fund_paid_fen", h.fund_paid_fen},
                 {"in_scope_fen", h.in_scope_fen},
                 {"out_scope_fen", h.out_scope_fen},
                 {"outcome", h.outcome ? json::value(OutcomeName(*h.outcome)) : nullptr},
                 {"amount_fen", h.amount_fen ? json::value(*h.amount_fen) : nullptr},
                 {"reason", h.reason},
                 {"submitted_by", h.submitted_by},
                 {"checked_by", http::IdOrNull(h.checked_by)},
                 {"checked_by_name", h.checked_by_name},
                 {"decided_by_name", h.decided_by_name},
                 {"submitted_at", http::InstantOrNull(h.submitted_at)},
                 {"checked_at", http::InstantOrNull(h.checked_at)},
                 {"decided_at", http::InstantOrNull(h.decided_at)},
                 {"overdue", h.overdue},
                 {"payout_state",
                  h.payout_state.empty() ? json::value(nullptr) : json::value(h.payout_state)}};
  json::array files;
  for (const auto& f : h.files) files.push_back(FileJson(f));
  o["files"] = std::move(files);
  if (h.preview) {
    o["preview"] = json::object{{"outcome", OutcomeName(h.preview->outcome)},
                                {"amount_fen", h.preview->amount_fen},
                                {"reason", h.preview->reason_zh},
                                {"reason_en", h.preview->reason_en}};
  }
  return o;
}

// A claim as its member sees it on the portal: while undecided, what the rules would pay today
// as an estimate (estimate_fen, null when the rules refuse it) with its basis or the rules'
// reason; once decided, amount_fen and reason say what was decided.
json::object PortalClaimJson(const HandClaim& h) {
  json::object o = HandJson(h);
  o.erase("preview");
  json::value fen = nullptr, outcome = nullptr;
  std::string why, why_en;
  if (h.preview) {
    const bool pays = h.preview->outcome == Outcome::kPaid || h.preview->outcome == Outcome::kZero;
    if (pays) fen = h.preview->amount_fen;
    outcome = OutcomeName(h.preview->outcome);
    why = pays ? h.preview->basis_zh : h.preview->reason_zh;
    why_en = pays ? h.preview->basis_en : h.preview->reason_en;
  }
  o["estimate_fen"] = fen;
  o["estimate_outcome"] = outcome;
  o["estimate_reason"] = why;
  o["estimate_reason_en"] = why_en;
  return o;
}

// A claim's fields from a JSON body: amounts as yuan text (a JSON number is taken as its text,
// so 1234.5 and "1234.50" both work, yet nothing passes through floating point beyond what the
// client sent).
Result<HandClaimInput> ClaimInput(const Request& req) {
  auto b = http::Body::Of(req);
  HandClaimInput in;
  in.plan_code = b.Text("plan_code", 40);
  in.visit_type = b.Text("visit_type", 30);
  in.hospital = b.Text("hospital", 100);
  in.admission_date = b.Date("admission_date", http::kOptional);
  in.discharge_date = b.Date("discharge_date", http::kOptional);
  in.diagnosis_code = b.Text("diagnosis_code", 20);
  for (auto [key, out] : {std::pair{"total", &in.total},
                          {"fund_paid", &in.fund_paid},
                          {"self_paid_in_scope", &in.self_paid_in_scope},
                          {"self_paid_out_of_scope", &in.self_paid_out_of_scope}}) {
    if (!b.ok() || !b.Has(key)) continue;
    const auto& v = b.Object().at(key);
    if (v.is_string()) {
      *out = std::string(v.as_string());
    } else if (v.is_int64() || v.is_uint64()) {
      *out = json::serialize(v);
    } else {
      b.Refuse(Error{ErrorCode::kInvalidInput, std::string(key) + " 应为金额（元），如 \"1234.50\"",
                     std::string(key) + " must be an amount in yuan, e.g. \"1234.50\"", key});
      break;
    }
    // Checked here with the bounds of money; the service reads the same text again.
    if (auto fen = ParseYuanAmount(key, *out); !fen) b.Refuse(fen.error());
  }
  in.member_id = b.OptId("member_id").value_or(0);
  if (!b.ok()) return b.Failure();
  return in;
}

// A stored file served back: its own type, shown inline (a photo), never sniffed.
Response FileResponse(const std::pair<file::Evidence, std::string>& f) {
  return Response{200,
                  f.first.mime,
                  f.second,
                  {{"Content-Disposition", "inline"}, {"Cache-Control", "private, max-age=3600"}}};
}

// The kinds of a claim's fields that their names do not tell (amounts are yuan text).
constexpr const char* kClaimFields =
    "visit_type:enum(inpatient|special_outpatient|outpatient) total:yuan fund_paid:yuan "
    "self_paid_in_scope:yuan self_paid_out_of_scope:yuan";

// The fields of a contribution paid, recorded or corrected (not its union).
PaymentInput PaymentInputOf(http::Body& b) {
  PaymentInput in;
  in.amount_fen = b.Fen("amount_fen");
  in.paid_on = b.Date("paid_on");
  in.reference = b.Text("reference", 100);
  return in;
}

json::object PaymentJson(const Payment& x) {
  return json::object{{"id", x.id},
                      {"org_id", x.org_id},
                      {"org_name", x.org_name},
                      {"amount_fen", x.amount_fen},
                      {"paid_on", x.paid_on},
                      {"reference", x.reference},
                      {"created_by_name", x.created_by_name},
                      {"created_at", http::InstantOrNull(x.created_at)}};
}

}  // namespace

namespace {

// ---- Plans ---------------------------------------------------------------------------------
void AddPlanRoutes(http::Router& router, const auth::Guard& guard, AidService& aid) {
  const std::string read(kRead), write(kWrite), bulk(kBulk);
  router.Add("GET", "/api/v1/aid/plans",
             guard(read,
                   [&aid](const Request& req, const Principal& p) -> Response {
                     return http::Answer(req, aid.Plans(p), http::Items(PlanEntryJson));
                   }),
             {"Mutual-aid plans, newest version each, with the members enrolled in scope", "aid",
              true, read});
  router.Add("POST", "/api/v1/aid/plans",
             guard(write,
                   [&aid](const Request& req, const Principal& p) -> Response {
                     auto owner = http::IntQuery(req, "owner_org_id", 0);
                     if (!owner) return Response::Problem(req, owner.error());
                     auto plan = ParsePlan(req.body);
                     if (!plan) return Response::Problem(req, plan.error());
                     return http::Answer(
                         req, aid.ImportPlan(p, *plan, *owner),
                         [](const PlanVersion& v) {
                           return json::object{{"code", v.plan.code},
                                               {"version", v.version},
                                               {"owner_org_id", v.owner_org_id},
                                               {"owner_name", v.owner_name},
                                               {"plan", json::parse(PlanJson(v.plan))}};
                         },
                         201);
                   }),
             {"Import a plan (its JSON as the body) as the next version of its code; a new code "
              "belongs to owner_org_id (query; default the caller's organisation), a new version "
              "keeps its owner and needs the owner in the caller's scope; an error names the "
              "field by its path",
              "aid", true, write,
              R"({"code":"JH-2025","name":"…","start":"2025-01-01","end":"2025-12-31",)"
              R"("contribution_fen":5000,"waiting_days":90,"overall_cap_fen":6000000})"});
  router.Add(
      "GET", "/api/v1/aid/plans/{code}",
      guard(read,
            [&aid](const Request& req, const Principal& p) -> Response {
              auto history = aid.History(p, req.params.at(0));
              if (!history) return Response::Problem(req, history.error());
              auto current = aid.CurrentPlan(req.params.at(0));
              if (!current) return Response::Problem(req, current.error());
              json::array versions;
              for (const auto& h : *history) {
                versions.push_back({{"version", h.version},
                                    {"created_at", http::InstantOrNull(h.created_at)},
                                    {"created_by_name", h.created_by_name}});
              }
              return http::JsonResponse(json::object{{"code", current->plan.code},
                                                     {"version", current->version},
                                                     {"owner_org_id", current->owner_org_id},
                                                     {"owner_name", current->owner_name},
                                                     {"can_bulk", CanBulk(p, *current)},
                                                     {"can_edit", CanEdit(p, *current)},
                                                     {"plan", json::parse(PlanJson(current->plan))},
                                                     {"versions", versions}});
            }),
      {"A plan: its newest version (the JSON), its owner, whether the caller may run its bulk "
       "jobs (can_bulk), and the list of versions",
       "aid", true, read});
}

// ---- Subsidies, enrolment, contributions, figures ------------------------------------------
// The most problems a roster job's summary lists; all of them are in its report file.
constexpr size_t kSummaryProblems = 1000;

// Writes a roster's problems, a line each, as every row report does.
Result<void> WriteEnrolReport(const EnrolSummary& s, bool english, job::Sheet& sheet) {
  const std::vector<RowProblem> rows(s.problems.begin(), s.problems.end());
  return job::WriteRowProblems(rows, english, sheet);
}

// What a roster job leaves in its summary: the counts, the first problems (with
// problems_total, all of them in the report file) and whether it was a dry run.
std::string RosterSummary(const EnrolSummary& s, bool dry_run) {
  EnrolSummary shown = s;
  if (shown.problems.size() > kSummaryProblems) shown.problems.resize(kSummaryProblems);
  json::object o = EnrolJson(shown);
  o["problems_total"] = static_cast<int64_t>(s.problems.size());
  o["dry_run"] = dry_run;
  return json::serialize(o);
}

// POST …/enrolments/roster: the upload is kept and enrolled by a job run as the caller, in the
// caller's scope; the answer is the job (202), its summary the counts and problems.
Response StartRosterJob(AidService& aid, job::JobRunner& jobs, const Request& req,
                        const Principal& p) {
  const std::string plan = req.params.at(0);
  // A bulk job: refused before the file is kept when the caller may not run it (the job asks
  // again).
  auto current = aid.BulkPlan(p, plan);
  if (!current) return Response::Problem(req, current.error());
  auto start = http::DateQuery(req, "start");
  if (!start) return Response::Problem(req, start.error());
  const auto date = ParseDate(*start);
  if (!date) {
    return Response::Problem(req, Error{ErrorCode::kInvalidInput, "请填写参加日期（start）",
                                        "start is required", "start"});
  }
  // Asked again by the job; answered here too so that a wrong day is not a failed job.
  if (*date < current->plan.start || *date > current->plan.end) {
    return Response::Problem(req, Error{ErrorCode::kInvalidInput, "参加日期应在方案期间内",
                                        "start must be within the plan", "start"});
  }
  auto previous = http::TextQuery(req, "previous_plan", 40);
  if (!previous) return Response::Problem(req, previous.error());
  auto file_name = http::TextQuery(req, "file_name", 200);
  if (!file_name) return Response::Problem(req, file_name.error());
  auto dry = http::FlagQuery(req, "dry_run");
  if (!dry) return Response::Problem(req, dry.error());
  RosterOptions options{std::filesystem::path(*file_name).filename().string(), *dry};
  if (req.body.empty()) {
    return Response::Problem(req, Error{ErrorCode::kInvalidInput, "请上传参保名单",
                                        "upload the roster as the body", "file"});
  }
  auto saved = jobs.SaveUpload(req.body);
  if (!saved) return Response::Problem(req, saved.error());
  const bool english = req.English();
  const std::string name =
      file_name->empty() ? "roster" : std::filesystem::path(*file_name).stem().string();
  auto work = [&aid, who = p, plan, upload = *saved, date = *date, previous = *previous, options,
               english](const std::filesystem::path& file,
                        job::Progress& progress) mutable -> Result<std::string> {
    options.progress = &progress;
    auto s = aid.EnrolRoster(who, plan, upload, date, previous, options);
    std::error_code ignored;
    std::filesystem::remove(upload, ignored);
    if (!s) return std::unexpected(s.error());
    if (!s->problems.empty()) {
      auto sheet = job::CsvSheet::Create(file);
      if (!sheet) return std::unexpected(sheet.error());
      if (auto w = WriteEnrolReport(*s, english, **sheet); !w) return std::unexpected(w.error());
      if (auto w = (*sheet)->Close(); !w) return std::unexpected(w.error());
    }
    return RosterSummary(*s, options.dry_run);
  };
  auto job = jobs.Start(p.user_id, "aid:enrol_roster", plan + " " + name,
                        (english ? "enrolment report " : "参保报告_") + name + ".csv", english,
                        std::move(work));
  if (!job) return Response::Problem(req, job.error());
  return http::JsonResponse(
      json::object{{"id", job->id}, {"state", job->state}, {"file_name", job->file_name}}, 202);
}

void AddSubsidyRoutes(http::Router& router, const auth::Guard& guard, AidService& aid) {
  const std::string read(kRead), write(kWrite);
  router.Add("GET", "/api/v1/aid/plans/{code}/subsidies",
             guard(read,
                   [&aid](const Request& req, const Principal& p) -> Response {
                     return http::Answer(
                         req, aid.Subsidies(p, req.params.at(0)),
                         [](const std::vector<Subsidy>& l) {
                           json::array items;
                           for (const auto& s : l) {
                             items.push_back({{"org_id", s.org_id},
                                              {"org_name", s.org_name},
                                              {"per_member_fen", s.per_member_fen}});
                           }
                           return json::object{{"items", items}};
                         });
                   }),
             {"What each level pays of every enrolled member's contribution", "aid", true, read});
  router.Add("PUT", "/api/v1/aid/plans/{code}/subsidies/{org}",
             guard(write,
                   [&aid](const Request& req, const Principal& p) -> Response {
                     auto org = http::IdParam(req, 1);
                     if (!org) return Response::Problem(req, org.error());
                     auto b = http::Body::Of(req);
                     const int64_t fen = b.Fen("per_member_fen");
                     if (!b.ok()) return Response::Problem(req, b.error());
                     return http::Answer(
                         req, aid.SetSubsidy(p, req.params.at(0), *org, fen), [](const Subsidy& s) {
                           return json::object{{"org_id", s.org_id},
                                               {"org_name", s.org_name},
                                               {"per_member_fen", s.per_member_fen}};
                         });
                   }),
             {"Set what a level pays of each member's contribution (per_member_fen; 0 removes)",
              "aid", true, write, R"({"per_member_fen":1000})"});
}

// Enrolment of a subtree or chosen members (in the request) and of a roster (a job).
void AddEnrolmentRoutes(http::Router& router, const auth::Guard& guard, AidService& aid,
                        job::JobRunner& jobs) {
  const std::string write(kWrite), bulk(kBulk);
  router.Add(
      "POST", "/api/v1/aid/plans/{code}/enrolments",
      guard(write,
            [&aid](const Request& req, const Principal& p) -> Response {
              auto b = http::Body::Of(req);
              const std::optional<int64_t> org = b.OptId("org_id");
              const std::string start = b.Date("start");
              const std::string previous = b.Text("previous_plan", 40);
              const bool chosen_given = b.Has("member_ids");
              const std::vector<int64_t> chosen = b.Ids("member_ids", http::kOptional);
              if (!b.ok()) return Response::Problem(req, b.error());
              const auto date = ParseDate(start);  // checked by the reader
              if (chosen_given) {
                if (chosen.empty()) {
                  return Response::Problem(
                      req, Error{ErrorCode::kInvalidInput, "member_ids 应为会员编号列表",
                                 "member_ids must be a list of member ids", "member_ids"});
                }
                return http::Answer(
                    req, aid.EnrolMembers(p, req.params.at(0), chosen, *date, previous), EnrolJson);
              }
              return http::Answer(
                  req, aid.Enrol(p, req.params.at(0), org.value_or(p.org_id), *date, previous),
                  EnrolJson);
            }),
      {"Enrol every active member of a subtree not enrolled yet, or the chosen member_ids "
       "(members of previous_plan do not wait; chosen ones that cannot be enrolled are listed)",
       "aid", true, write, R"({"org_id":1,"start":"2025-01-01","previous_plan":"JH-2024"})", "",
       false, "", true});
  router.Add(
      "POST", "/api/v1/aid/plans/{code}/enrolments/roster",
      guard(bulk,
            [&aid, &jobs](const Request& req, const Principal& p) -> Response {
              return StartRosterJob(aid, jobs, req, p);
            }),
      {"Enrol the members a roster names (CSV or .xlsx with a column 身份证号, the body; query "
       "start, previous_plan, file_name, dry_run) as a job: a bulk job, at the plan owner's "
       "level. Poll /api/v1/jobs/{id}: its summary counts the enrolments and lists the lines "
       "that name no member in the caller's scope (all of them in its file); a dry run stores "
       "nothing",
       "aid", true, bulk, "", "", true});
}

// A plan's contributions and its figures.
void AddContributionRoutes(http::Router& router, const auth::Guard& guard, AidService& aid) {
  const std::string read(kRead), write(kWrite);
  router.Add("GET", "/api/v1/aid/plans/{code}/payments",
             guard(read,
                   [&aid](const Request& req, const Principal& p) -> Response {
                     http::ListQuery in(req);
                     const int64_t org = in.Id("org_id");
                     const auto [limit, after_id] = in.IdPage();
                     if (!in.ok()) return Response::Problem(req, in.error());
                     return http::Answer(
                         req, aid.Payments(p, req.params.at(0), org, limit, after_id),
                         [](const Page<Payment>& l) { return http::PageResponse(l, PaymentJson); });
                   }),
             {"Contributions paid by the unions of a subtree, newest first, a page at a time "
              "(limit, cursor)",
              "aid", true, read});
  router.Add(
      "POST", "/api/v1/aid/plans/{code}/payments",
      guard(write,
            [&aid](const Request& req, const Principal& p) -> Response {
              auto b = http::Body::Of(req);
              auto in = PaymentInputOf(b);
              in.org_id = b.OptId("org_id").value_or(p.org_id);
              if (!b.ok()) return Response::Problem(req, b.error());
              return http::Answer(req, aid.RecordPayment(p, req.params.at(0), in), PaymentJson,
                                  201);
            }),
      {"Record a contribution a union paid", "aid", true, write,
       R"({"org_id":12,"amount_fen":500000,"paid_on":"2025-01-10","reference":"银行回单 0042"})"});
  router.Add("PUT", "/api/v1/aid/plans/{code}/payments/{id}",
             guard(write,
                   [&aid](const Request& req, const Principal& p) -> Response {
                     auto id = http::IdParam(req, 1);
                     if (!id) return Response::Problem(req, id.error());
                     auto b = http::Body::Of(req);
                     const PaymentInput in = PaymentInputOf(b);
                     if (!b.ok()) return Response::Problem(req, b.error());
                     return http::Answer(req, aid.CorrectPayment(p, req.params.at(0), *id, in),
                                         PaymentJson);
                   }),
             {"Correct a recorded contribution (amount, day, reference), audited with what it "
              "was",
              "aid", true, write,
              R"({"amount_fen":500000,"paid_on":"2025-01-10","reference":"银行回单 0042"})"});
  router.Add("GET", "/api/v1/aid/plans/{code}/stats",
             guard(read,
                   [&aid](const Request& req, const Principal& p) -> Response {
                     auto org = http::IntQuery(req, "org_id", 0);
                     if (!org) return Response::Problem(req, org.error());
                     return http::Answer(req, aid.Stats(p, req.params.at(0), *org),
                                         [](const AidStats& s) {
                                           json::object o = FiguresJson(s.total);
                                           json::array children;
                                           for (const auto& c : s.children) {
                                             children.push_back(FiguresJson(c));
                                           }
                                           o["children"] = std::move(children);
                                           return o;
                                         });
                   }),
             {"A plan's figures over a subtree (enrolled, contributions due and paid, subsidies, "
              "claims, payouts) and over each child",
              "aid", true, read});
}

// ---- Zero-trip claims from the settlement feed ----------------------------------------------
// The first lines the feed refused (each with its reason), for the page, in the row-problem
// shape, and how many it refused (a feed of a million lines lists its first ones only).
void AddRefusedLines(json::object& summary, const std::vector<ReportLine>& lines) {
  std::vector<RowProblem> shown;
  int64_t total = 0;
  for (const auto& l : lines) {
    if (l.reason_zh.empty() && l.reason_en.empty()) continue;
    ++total;
    if (shown.size() == http::kSummaryProblems) continue;
    shown.push_back({l.line, l.field, EchoPrefix(l.settlement_id), l.reason_zh, l.reason_en});
  }
  http::AddRowProblems(summary, shown);
  summary["problems_total"] = total;
}

void AddFeedRoutes(http::Router& router, const auth::Guard& guard, AidService& aid,
                   job::JobRunner& jobs) {
  const std::string read(kRead), bulk(kBulk);
  router.Add(
      "POST", "/api/v1/aid/plans/{code}/ingest",
      guard(bulk,
            [&aid, &jobs](const Request& req, const Principal& p) -> Response {
              if (req.body.empty()) {
                return Response::Problem(req,
                                         Error{ErrorCode::kInvalidInput, "请上传医保结算文件",
                                               "upload the settlement file as the body", "file"});
              }
              const std::string plan = req.params.at(0);
              // A bulk job: refused before the file is kept when the caller may not run it (the
              // job asks again).
              if (auto current = aid.BulkPlan(p, plan); !current) {
                return Response::Problem(req, current.error());
              }
              auto dry = http::FlagQuery(req, "dry_run");
              if (!dry) return Response::Problem(req, dry.error());
              const bool dry_run = *dry;
              auto file_name = http::TextQuery(req, "file_name", 200);
              if (!file_name) return Response::Problem(req, file_name.error());
              auto saved = jobs.SaveUpload(req.body);
              if (!saved) return Response::Problem(req, saved.error());
              const auto upload = *saved;
              const bool english = req.English();
              std::string name = std::move(*file_name);
              const std::string given = std::filesystem::path(name).filename().string();
              name = name.empty() ? "settlements" : std::filesystem::path(name).stem().string();
              auto work = [&aid, who = p, plan, upload, dry_run, given, english](
                              const std::filesystem::path& file,
                              job::Progress& progress) -> Result<std::string> {
                std::vector<ReportLine> lines;
                auto s = aid.Ingest(who, plan, upload, dry_run, progress, &lines, given);
                std::error_code ignored;
                std::filesystem::remove(upload, ignored);
                if (!s) return std::unexpected(s.error());
                auto sheet = job::CsvSheet::Create(file);
                if (!sheet) return std::unexpected(sheet.error());
                if (auto w = WriteIngestReport(lines, english, **sheet); !w)
                  return std::unexpected(w.error());
                if (auto w = (*sheet)->Close(); !w) return std::unexpected(w.error());
                json::object outcomes;
                for (int o = 0; o <= static_cast<int>(Outcome::kReversal); ++o) {
                  outcomes[OutcomeName(static_cast<Outcome>(o))] = s->by_outcome[o];
                }
                json::object summary{{"records", s->records},
                                     {"outcomes", outcomes},
                                     {"paid_fen", s->paid_fen},
                                     {"reversed_fen", s->reversed_fen},
                                     {"payout_items", s->payout_items},
                                     {"withdrawn", s->withdrawn},
                                     {"dry_run", dry_run}};
                AddRefusedLines(summary, lines);
                return json::serialize(summary);
              };
              auto job = jobs.Start(p.user_id, "aid:ingest", plan + " " + name,
                                    (english ? "claims report " : "互助理赔报告_") + name + ".csv",
                                    english, std::move(work));
              if (!job) return Response::Problem(req, job.error());
              return http::JsonResponse(
                  json::object{
                      {"id", job->id}, {"state", job->state}, {"file_name", job->file_name}},
                  202);
            }),
      {"Adjudicate a medical-insurance settlement file (CSV, UTF-8 or GBK, sent as the body) "
       "under the plan, as a job (query dry_run, file_name); poll /api/v1/jobs/{id}: its summary "
       "counts the outcomes, its file is the report. A bulk job, at the plan owner's level; a "
       "record of no member in the caller's scope is out_of_scope",
       "aid", true, bulk, "", "", true});
  router.Add("GET", "/api/v1/aid/claims",
             guard(read,
                   [&aid](const Request& req, const Principal& p) -> Response {
                     FeedClaimQuery q;
                     http::ListQuery in(req);
                     q.org_id = in.Id("org_id");
                     q.plan = in.Text("plan", 40);
                     q.outcome = in.Text("outcome", 40);
                     q.name = in.Text("q");
                     std::tie(q.limit, q.after_id) = in.IdPage();
                     if (!in.ok()) return Response::Problem(req, in.error());
                     return http::Answer(req, aid.FeedClaims(p, q), [](const Page<FeedClaim>& l) {
                       return http::PageResponse(l, FeedJson);
                     });
                   }),
             {"Claims adjudicated from the settlement feed, of members in scope, newest first "
              "(plan, org_id, outcome, q: any part of the member's name, traditional too, spaces "
              "ignored; limit, cursor)",
              "aid", true, read});
}

// ---- Claims by hand ----------------------------------------------------------------------
void AddHandClaimRoutes(http::Router& router, const auth::Guard& guard, HandClaimService& claims) {
  const std::string read(kRead), write(kWrite);
  router.Add("GET", "/api/v1/aid/overview",
             guard(read,
                   [&claims](const Request& req, const Principal& p) -> Response {
                     auto org = http::IdQuery(req, "org_id");
                     if (!org) return Response::Problem(req, org.error());
                     return http::Answer(
                         req, claims.Overview(p, *org), [](const HandClaimOverview& o) {
                           return json::object{{"pending", o.pending}, {"overdue", o.overdue}};
                         });
                   }),
             {"Claims by hand waiting for a decision (submitted or checked: the list's "
              "state=undecided) in the subtree of org_id (default: the caller's scope), and of "
              "them those over 30 days (overdue=1)",
              "aid", true, read});
  router.Add("GET", "/api/v1/aid/hand-claims",
             guard(read,
                   [&claims](const Request& req, const Principal& p) -> Response {
                     HandClaimQuery q;
                     http::ListQuery in(req);
                     q.org_id = in.Id("org_id");
                     q.plan = in.Text("plan", 40);
                     q.state = in.Text("state", 40);
                     q.overdue = in.Flag("overdue");
                     q.name = in.Text("q");
                     std::tie(q.limit, q.after_id) = in.IdPage();
                     if (!in.ok()) return Response::Problem(req, in.error());
                     return http::Answer(req, claims.List(p, q), [](const Page<HandClaim>& l) {
                       return http::PageResponse(l, HandJson);
                     });
                   }),
             {"Claims by hand of members in scope, newest first (plan, org_id, state (undecided: "
              "submitted or checked), overdue, "
              "q: any part of the member's name, traditional too, spaces ignored; limit, cursor)",
              "aid", true, read});
  router.Add("POST", "/api/v1/aid/hand-claims",
             guard(write,
                   [&claims](const Request& req, const Principal& p) -> Response {
                     auto in = ClaimInput(req);
                     if (!in) return Response::Problem(req, in.error());
                     return http::Answer(req, claims.Submit(p, *in), HandJson, 201);
                   }),
             {"Enter a claim for a member (amounts in yuan text)", "aid", true, write,
              R"({"plan_code":"JH-2025","member_id":42,"visit_type":"inpatient",)"
              R"("hospital":"上海瑞金医院","admission_date":"2025-03-01",)"
              R"("discharge_date":"2025-03-09","diagnosis_code":"K35.8","total":"30000.00",)"
              R"("fund_paid":"18000.00","self_paid_in_scope":"9000.00",)"
              R"("self_paid_out_of_scope":"3000.00"})",
              "", false, kClaimFields});
  router.Add("GET", "/api/v1/aid/hand-claims/{id}",
             guard(read, auth::ById([&claims](const Principal& p,
                                              int64_t id) { return claims.Get(p, id); },
                                    HandJson)),
             {"A claim by hand with its files and, while undecided, what the rules would pay",
              "aid", true, read});
  for (const char* step : {"check", "approve", "reject"}) {
    router.Add(
        "POST", std::string("/api/v1/aid/hand-claims/{id}/") + step,
        guard(write,
              auth::WithId([&claims, step = std::string(step)](
                               const Request& req, const Principal& p, int64_t id) -> Response {
                if (step == "check") return http::Answer(req, claims.Check(p, id), HandJson);
                // A reason: why rejected, or why approved with no invoice attached (an
                // approval may come with no body at all).
                auto b = step == "approve" ? http::Body::OfOptional(req) : http::Body::Of(req);
                const std::string reason = b.Multiline("reason", auth::kReasonMax);
                if (!b.ok()) return Response::Problem(req, b.error());
                if (step == "approve") {
                  return http::Answer(req, claims.Approve(p, id, reason), HandJson);
                }
                return http::Answer(req, claims.Reject(p, id, reason), HandJson);
              })),
        {step == std::string("check") ? "Mark a claim checked against its invoices"
         : step == std::string("approve")
             ? "Approve a checked claim (never by whoever checked it; with a reason when no "
               "invoice is attached): the rules compute the amount, paid to the member's card"
             : "Reject a claim with a reason",
         "aid", true, write,
         step == std::string("reject") ? R"({"reason":"发票不全"})"
         : step == std::string("approve") ? R"({"reason":"发票原件已由医院寄回，核对无误"})"
                                          : "",
         "", false, step == std::string("check") ? "none" : ""});
  }
  router.Add(
      "POST", "/api/v1/aid/hand-claims/{id}/files",
      guard(write,
            auth::WithId([&claims](const Request& req, const Principal& p, int64_t id) -> Response {
              auto name = http::TextQuery(req, "file_name", 200);
              if (!name) return Response::Problem(req, name.error());
              return http::Answer(req, claims.AddFile(p, id, *name, req.body), FileJson, 201);
            })),
      {"Attach an invoice photo or PDF (the body; query file_name)", "aid", true, write, "", "",
       true});
  router.Add("GET", "/api/v1/aid/hand-claims/{id}/files/{file}",
             guard(read, auth::WithId([&claims](const Request& req, const Principal& p,
                                                int64_t id) -> Response {
                     auto file = http::IdParam(req, 1);
                     if (!file) return Response::Problem(req, file.error());
                     auto f = claims.File(p, id, *file);
                     if (!f) return Response::Problem(req, f.error());
                     return FileResponse(*f);
                   })),
             {"A claim's file", "aid", true, read});
}

// ---- Portal -------------------------------------------------------------------------------
void AddPortalAidRoutes(http::Router& router, AidService& aid, HandClaimService& claims,
                        const auth::PortalGuard& portal) {
  router.Add("GET", "/api/v1/portal/aid/plans",
             portal([&aid](const Request& req, int64_t member) -> Response {
               return http::Answer(req, aid.PlansOfMember(member),
                                   [](const std::vector<MemberPlan>& l) {
                                     json::array items;
                                     for (const auto& m : l) {
                                       items.push_back({{"code", m.code},
                                                        {"name", m.name},
                                                        {"start_date", m.start_date},
                                                        {"waiting_end", m.waiting_end}});
                                     }
                                     return json::object{{"items", items}};
                                   });
             }),
             {"The plans the signed-in member is enrolled in", "portal", false});
  router.Add("GET", "/api/v1/portal/aid/claims",
             portal([&aid, &claims](const Request& req, int64_t member) -> Response {
               auto hand = claims.OfMember(member);
               if (!hand) return Response::Problem(req, hand.error());
               auto feed = aid.FeedClaimsOfMember(member);
               if (!feed) return Response::Problem(req, feed.error());
               json::array items, settled;
               for (const auto& h : hand->items) items.push_back(PortalClaimJson(h));
               for (const auto& c : feed->items) {
                 settled.push_back({{"settlement_id", c.settlement_id},
                                    {"plan_code", c.plan_code},
                                    {"discharge_date", c.discharge_date},
                                    {"hospital", c.hospital},
                                    {"outcome", OutcomeName(c.outcome)},
                                    {"amount_fen", c.benefit_fen + c.lump_fen},
                                    {"reversed", c.reversed}});
               }
               // A member's own claims are few; past kOwnListMax the answer says it was cut.
               return http::JsonResponse(json::object{
                   {"items", items},
                   {"feed", settled},
                   {"truncated", hand->next_cursor.has_value() || feed->next_cursor.has_value()}});
             }),
             {"The signed-in member's claims: by hand (with their state, and while undecided "
              "the estimate of what the rules would pay: estimate_fen, estimate_reason) and "
              "settled from the medical-insurance feed",
              "portal", false});
  router.Add("GET", "/api/v1/portal/aid/claims/{id}",
             portal([&claims](const Request& req, int64_t member) -> Response {
               auto id = http::IdParam(req);
               if (!id) return Response::Problem(req, id.error());
               return http::Answer(req, claims.OwnClaim(member, *id), PortalClaimJson);
             }),
             {"A claim of the signed-in member's own with its files and, while undecided, the "
              "estimate of what the rules would pay (estimate_fen, estimate_reason)",
              "portal", false});
  router.Add("POST", "/api/v1/portal/aid/claims",
             portal([&claims](const Request& req, int64_t member) -> Response {
               auto in = ClaimInput(req);
               if (!in) return Response::Problem(req, in.error());
               return http::Answer(req, claims.SubmitOwn(member, *in), HandJson, 201);
             }),
             {"Submit a claim of the signed-in member (amounts in yuan text)", "portal", false, "",
              R"({"plan_code":"JH-2025","visit_type":"inpatient","hospital":"上海瑞金医院",)"
              R"("admission_date":"2025-03-01","discharge_date":"2025-03-09",)"
              R"("diagnosis_code":"K35.8","total":"30000.00","fund_paid":"18000.00",)"
              R"("self_paid_in_scope":"9000.00","self_paid_out_of_scope":"3000.00"})",
              "", false, kClaimFields});
  router.Add(
      "POST", "/api/v1/portal/aid/claims/{id}/files",
      portal([&claims](const Request& req, int64_t member) -> Response {
        auto id = http::IdParam(req);
        if (!id) return Response::Problem(req, id.error());
        auto name = http::TextQuery(req, "file_name", 200);
        if (!name) return Response::Problem(req, name.error());
        return http::Answer(req, claims.AddOwnFile(member, *id, *name, req.body), FileJson, 201);
      }),
      {"Attach an invoice photo to the member's own undecided claim", "portal", false, "", "", "",
       true});
  router.Add("GET", "/api/v1/portal/aid/claims/{id}/files/{file}",
             portal([&claims](const Request& req, int64_t member) -> Response {
               auto id = http::IdParam(req);
               if (!id) return Response::Problem(req, id.error());
               auto file = http::IdParam(req, 1);
               if (!file) return Response::Problem(req, file.error());
               auto f = claims.OwnFile(member, *id, *file);
               if (!f) return Response::Problem(req, f.error());
               return FileResponse(*f);
             }),
             {"A file of the member's own claim", "portal", false});
}

}  // namespace

void AddAidRoutes(http::Router& router, const auth::Guard& guard, AidService& aid,
                  HandClaimService& claims, job::JobRunner& jobs, const auth::PortalGuard& portal) {
  AddPlanRoutes(router, guard, aid);
  AddSubsidyRoutes(router, guard, aid);
  AddEnrolmentRoutes(router, guard, aid, jobs);
  AddContributionRoutes(router, guard, aid);
  AddFeedRoutes(router, guard, aid, jobs);
  AddHandClaimRoutes(router, guard, claims);
  AddPortalAidRoutes(router, aid, claims, portal);
}

}  // namespace nj::mutual_aid
