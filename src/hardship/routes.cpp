#include "hardship/routes.h"

#include "approval/history_json.h"
#include "auth/shapes.h"
#include "core/date.h"
#include "hardship/household_json.h"
#include "http/json.h"

namespace nj::hardship {

namespace {

namespace json = boost::json;
using auth::Principal;
using http::Request;
using http::Response;

json::array Strings(const std::vector<std::string>& list) {
  json::array a;
  for (const auto& s : list) a.push_back(json::value(s));
  return a;
}

json::object ArchiveJson(const Archive& a, bool english) {
  return {{"id", a.id},
          {"member_id", a.member_id},
          {"member_name", a.member_name},
          {"id_number_masked", a.id_number_masked},
          {"org_id", a.org_id},
          {"org_name", a.org_name},
          {"county_id", a.county_id},
          {"county_name", a.county_name},
          {"division_code", a.division_code},
          {"tier", a.tier},
          {"state", a.state},
          {"source", a.source},
          {"causes", Strings(a.causes)},
          {"household", HouseholdJson(a.household)},
          {"income_sources", IncomeJson(a.income_sources)},
          {"household_size", a.household_size},
          {"annual_income_fen", a.annual_income_fen},
          {"medical_spending_fen", a.medical_spending_fen},
          {"school_spending_fen", a.school_spending_fen},
          {"accident", AccidentJson(a.accident)},
          {"standard",
           {{"year", a.standard_year},
            {"monthly_fen", a.standard_fen},
            {"relative_pct", a.relative_pct}}},
          {"computed_level", LevelName(a.computed)},
          {"level", LevelName(a.level)},
          {"level_override", a.level_override},
          {"override_reason", a.override_reason},
          {"per_head_fen", a.per_head_fen},
          {"arithmetic", english ? a.arithmetic_en : a.arithmetic_zh},
          {"application_id", a.application_id ? json::value(a.application_id) : nullptr},
          {"notice_start", a.notice_start},
          {"notice_end", a.notice_end},
          {"activated_on", a.activated_on},
          {"review_due", a.review_due},
          {"review_overdue", a.review_overdue},
          {"causes_resolved_on", a.causes_resolved_on},
          {"exit_proposed", a.exit_proposed},
          {"exited_on", a.exited_on},
          {"exit_reason", a.exit_reason},
          {"warnings", Strings(english ? a.warnings_en : a.warnings_zh)},
          {"created_at", http::InstantOrNull(a.created_at)},
          {"updated_at", http::InstantOrNull(a.updated_at)}};
}

json::object DetailJson(const Archive& a, bool english, approval::ApprovalService& approvals,
                        const Principal& p) {
  json::object o = ArchiveJson(a, english);
  json::array visits, months, files;
  for (const auto& v : a.visits) {
    visits.push_back({{"id", v.id},
                      {"kind", v.kind},
                      {"visited_on", v.visited_on},
                      {"visitors", v.visitors},
                      {"findings", v.findings},
                      {"level_before", v.level_before},
                      {"level_after", v.level_after}});
  }
  for (const auto& m : a.months)
    months.push_back({{"month", m.month}, {"per_head_fen", m.per_head_fen}});
  for (const auto& f : a.files) {
    files.push_back({{"id", f.id}, {"file_name", f.file_name}, {"mime", f.mime}, {"size", f.size}});
  }
  o["visits"] = std::move(visits);
  o["months"] = std::move(months);
  o["files"] = std::move(files);
  o["application"] = nullptr;
  o["history"] = json::array();
  if (a.application_id) {
    if (auto app = approvals.Get(p, a.application_id)) {
      o["application"] = json::object{{"id", app->id},
                                      {"state", app->state},
                                      {"stage", app->stage},
                                      {"levels", json::value_from(app->chain)},
                                      {"reviewer_org_id", app->reviewer_org_id},
                                      {"reviewer_org_name", app->reviewer_org_name}};
    }
    if (auto events = approvals.History(p, a.application_id)) {
      o["history"] = approval::HistoryJson(*events);
    }
  }
  return o;
}

// An optional date: "" is none, as the forms send a date left empty (for cause-resolved it
// clears the day); anything else a real date in 1900–2100.
std::string OptionalDate(http::Body& b, std::string_view key) {
  if (b.ok() && b.Has(key)) {
    const auto& v = b.Object().at(key);
    if (v.is_string() && v.as_string().empty()) return {};
  }
  return b.Date(key, http::kOptional);
}

// The items of an array field, each an object read by its own Body (errors name
// "key[i].field"); absent or null is no items.
template <class Each>
void EachObject(http::Body& b, std::string_view key, size_t max, Each&& each) {
  if (!b.ok() || !b.Has(key)) return;
  const auto& v = b.Object().at(key);
  const std::string k(key);
  if (!v.is_array() || v.as_array().size() > max) {
    b.Refuse(Error{ErrorCode::kInvalidInput, k + " 应为至多 " + std::to_string(max) + " 项的列表",
                   k + " must be a list of at most " + std::to_string(max) + " items", k});
    return;
  }
  size_t i = 0;
  for (const auto& item : v.as_array()) {
    const std::string at = k + "[" + std::to_string(i++) + "]";
    if (!item.is_object()) {
      b.Refuse(Error{ErrorCode::kInvalidInput, at + " 应为对象", at + " must be an object", at});
      return;
    }
    http::Body o(item.as_object(), at + ".");
    each(o);
    if (!o.ok()) {
      b.Refuse(o.error());
      return;
    }
  }
}

// The causes: a list of short texts (the service checks each against its list).
std::vector<std::string> Causes(http::Body& b) {
  std::vector<std::string> out;
  if (!b.ok() || !b.Has("causes")) return out;
  const auto& v = b.Object().at("causes");
  if (!v.is_array() || v.as_array().size() > 20) {
    b.Refuse(Error{ErrorCode::kInvalidInput, "causes 应为至多 20 项的文字列表",
                   "causes is a list of at most 20 texts", "causes"});
    return out;
  }
  for (size_t i = 0; i < v.as_array().size(); ++i) {
    const auto& c = v.as_array()[i];
    const std::string at = "causes[" + std::to_string(i) + "]";
    if (!c.is_string()) {
      b.Refuse(Error{ErrorCode::kInvalidInput, at + " 应为文字", at + " must be text", at});
      return out;
    }
    auto text = ParseText(at, c.as_string(), 40);
    if (!text) {
      b.Refuse(text.error());
      return out;
    }
    out.push_back(std::move(*text));
  }
  return out;
}

// An archive's body, as the OpenAPI description shows it; the member's own application and a
// change leave out member_id.
constexpr const char* kArchiveExample =
    R"({"member_id":42,"causes":["illness"],"household":[{"name":"本人","relation":"self",)"
    R"("age":46,"health":"serious","schooling":"none","annual_income_fen":960000}],)"
    R"("income_sources":[{"source":"wages","monthly_fen":80000}],"medical_spending_fen":0,)"
    R"("school_spending_fen":0})";
constexpr const char* kArchiveChangeExample =
    R"({"causes":["illness"],"household":[{"name":"本人","relation":"self",)"
    R"("age":46,"health":"serious","schooling":"none","annual_income_fen":960000}],)"
    R"("income_sources":[{"source":"wages","monthly_fen":80000}],"medical_spending_fen":0,)"
    R"("school_spending_fen":0})";

Result<ArchiveInput> InputOf(const Request& req) {
  auto b = http::Body::Of(req);
  ArchiveInput in;
  in.member_id = b.OptId("member_id").value_or(0);
  in.tier = b.Text("tier", 20);
  in.causes = Causes(b);
  EachObject(b, "household", 30, [&in](http::Body& o) {
    HouseholdMember m;
    m.name = o.Text("name", 50);
    m.relation = o.Text("relation", 20);
    m.age = static_cast<int>(o.OptCount("age", 120).value_or(0));
    m.health = o.Text("health", 50);
    m.schooling = o.Text("schooling", 50);
    m.annual_income_fen = o.OptFen("annual_income_fen").value_or(0);
    m.id_number = o.Text("id_number", 18);
    in.household.push_back(std::move(m));
  });
  EachObject(b, "income_sources", 30, [&in](http::Body& o) {
    std::string source = o.Text("source", 20);
    in.income_sources.push_back({std::move(source), o.OptFen("monthly_fen").value_or(0)});
  });
  in.medical_spending_fen = b.OptFen("medical_spending_fen").value_or(0);
  in.school_spending_fen = b.OptFen("school_spending_fen").value_or(0);
  if (b.ok() && b.Has("accident")) {
    const auto& a = b.Object().at("accident");
    if (!a.is_object()) {
      b.Refuse(Error{ErrorCode::kInvalidInput, "accident 应为对象", "accident must be an object",
                     "accident"});
    } else {
      http::Body o(a.as_object(), "accident.");
      AccidentInput acc;
      acc.date = OptionalDate(o, "date");
      acc.description = o.Multiline("description", 1000);
      acc.loss_fen = o.OptFen("loss_fen").value_or(0);
      acc.compensation_fen = o.OptFen("compensation_fen").value_or(0);
      if (!o.ok()) b.Refuse(o.error());
      in.accident = std::move(acc);
    }
  }
  if (!b.ok()) return b.Failure();
  return in;
}

json::object OverviewJson(const Overview& o) {
  auto counts = [](const std::vector<std::pair<std::string, int64_t>>& list) {
    json::object out;
    for (const auto& [k, n] : list) out[k] = n;
    return out;
  };
  json::array counties;
  for (const auto& c : o.counties) {
    counties.push_back({{"org_id", c.org_id},
                        {"org_name", c.org_name},
                        {"waiting", c.waiting},
                        {"oldest_days", c.oldest_days},
                        {"review_overdue", c.review_overdue}});
  }
  return {{"by_state", counts(o.by_state)},
          {"by_level", counts(o.by_level)},
          {"by_cause", counts(o.by_cause)},
          {"review_overdue", o.review_overdue},
          {"exit_proposed", o.exit_proposed},
          {"relevels_pending", o.relevels_pending},
          {"counties", counties}};
}

json::object StandardJson(const StandardEntry& s) {
  return {{"division_code", s.division_code},
          {"division_name", s.division_name},
          {"year", s.year},
          {"monthly_fen", s.monthly_fen},
          {"relative_pct", s.relative_pct},
          {"editable", s.editable}};
}

}  // namespace

namespace {

// ---- Standards ----------------------------------------------------------------------------
void AddStandardRoutes(http::Router& router, const auth::Guard& guard, ArchiveService& archives) {
  const std::string read(kRead), approve(kApprove);
  router.Add("GET", "/api/v1/hardship/standards",
             guard(read,
                   [&archives](const Request& req, const Principal& p) -> Response {
                     auto year = http::YearQuery(req, "year", 0);
                     if (!year) return Response::Problem(req, year.error());
                     auto division = http::TextQuery(req, "division_code", 12);
                     if (!division) return Response::Problem(req, division.error());
                     return http::Answer(req, archives.Standards(p, *division, *year),
                                         http::Items(StandardJson));
                   }),
             {"Minimum living standards (低保标准) per county and year", "hardship", true, read});
  router.Add(
      "PUT", "/api/v1/hardship/standards/{division}/{year}",
      guard(approve,
            [&archives](const Request& req, const Principal& p) -> Response {
              auto year = http::IdParam(req, 1);
              if (!year) return Response::Problem(req, year.error());
              auto checked_year = CheckYear("year", *year);
              if (!checked_year) return Response::Problem(req, checked_year.error());
              auto b = http::Body::Of(req);
              const int64_t monthly = b.Fen("monthly_fen");
              // Not a percent of the contract: the relative line is 100–500 % of the standard.
              const int64_t pct = b.OptCount("relative_pct", 500).value_or(200);
              if (!b.ok()) return Response::Problem(req, b.error());
              return http::Answer(req,
                                  archives.SetStandard(p, req.params.at(0), *checked_year, monthly,
                                                       static_cast<int>(pct)),
                                  [](const std::pair<StandardEntry, RelevelSummary>& r) {
                                    return json::object{{"standard", StandardJson(r.first)},
                                                        {"relevel",
                                                         {{"archives", r.second.archives},
                                                          {"changed", r.second.changed}}}};
                                  });
            }),
      {"Set a county's standard for a year; every archive of the county is re-levelled and the "
       "changes listed for confirmation",
       "hardship", true, approve, R"({"monthly_fen":105000,"relative_pct":200})", "", false,
       "relative_pct:count(500)"});
}

// ---- Archives -----------------------------------------------------------------------------
void AddArchiveListRoutes(http::Router& router, const auth::Guard& guard, ArchiveService& archives,
                          approval::ApprovalService& approvals) {
  const std::string read(kRead), write(kWrite);
  router.Add(
      "GET", "/api/v1/hardship/archives",
      guard(read,
            [&archives](const Request& req, const Principal& p) -> Response {
              ArchiveQuery q;
              http::ListQuery in(req);
              q.org_id = in.Id("org_id");
              q.state = in.Text("state", 50);
              q.level = in.Text("level", 50);
              q.cause = in.Text("cause", 50);
              q.name = in.Text("name", 50);
              if (auto typed = in.Text("q"); !typed.empty()) q.name = std::move(typed);
              q.review_overdue = in.Flag("review_overdue");
              q.exit_proposed = in.Flag("exit_proposed");
              std::tie(q.limit, q.after_id) = in.IdPage();
              if (!in.ok()) return Response::Problem(req, in.error());
              const bool english = req.English();
              return http::Answer(req, archives.List(p, q), [english](const Page<Archive>& l) {
                return http::PageResponse(
                    l, [english](const Archive& a) { return ArchiveJson(a, english); });
              });
            }),
      {"Hardship archives in scope, newest first (org_id, state, level, cause, name or q: any "
       "part of the member's name, traditional too, spaces ignored; "
       "review_overdue, exit_proposed, limit, cursor)",
       "hardship", true, read});
  router.Add("POST", "/api/v1/hardship/archives",
             guard(write,
                   [&archives](const Request& req, const Principal& p) -> Response {
                     auto in = InputOf(req);
                     if (!in) return Response::Problem(req, in.error());
                     const bool english = req.English();
                     return http::Answer(
                         req, archives.Create(p, *in),
                         [english](const Archive& a) { return ArchiveJson(a, english); }, 201);
                   }),
             {"File a draft archive for a member in scope; the level is computed with its "
              "arithmetic",
              "hardship", true, write, kArchiveExample});
  router.Add(
      "GET", "/api/v1/hardship/archives/{id}",
      guard(read, auth::WithId([&archives, &approvals](const Request& req, const Principal& p,
                                                       int64_t id) -> Response {
              const bool english = req.English();
              return http::Answer(req, archives.Get(p, id), [&](const Archive& a) {
                return DetailJson(a, english, approvals, p);
              });
            })),
      {"An archive with its visits, months, files, application and warnings", "hardship", true,
       read});
  router.Add("PUT", "/api/v1/hardship/archives/{id}",
             guard(write, auth::WithId([&archives](const Request& req, const Principal& p,
                                                   int64_t id) -> Response {
                     auto in = InputOf(req);
                     if (!in) return Response::Problem(req, in.error());
                     const bool english = req.English();
                     return http::Answer(
                         req, archives.Update(p, id, *in),
                         [english](const Archive& a) { return ArchiveJson(a, english); });
                   })),
             {"Change a draft, returned or active archive (re-levelled)", "hardship", true, write,
              kArchiveChangeExample});
  router.Add("POST", "/api/v1/hardship/archives/{id}/submit",
             guard(write, auth::WithId([&archives](const Request& req, const Principal& p,
                                                   int64_t id) -> Response {
                     const bool english = req.English();
                     return http::Answer(req, archives.Submit(p, id), [english](const Archive& a) {
                       return ArchiveJson(a, english);
                     });
                   })),
             {"Submit an archive for review (county, then city for city-tier archives)", "hardship",
              true, write, "", "", false, "none"});
  router.Add(
      "POST", "/api/v1/hardship/archives/{id}/override",
      guard(write, auth::WithId([&archives](const Request& req, const Principal& p,
                                            int64_t id) -> Response {
              auto b = http::Body::Of(req);
              const std::string level = b.Text("level", 20);
              const std::string reason = b.Multiline("reason", auth::kReasonMax);
              if (!b.ok()) return Response::Problem(req, b.error());
              const bool english = req.English();
              return http::Answer(req, archives.Override(p, id, level, reason),
                                  [english](const Archive& a) { return ArchiveJson(a, english); });
            })),
      {"Override the computed level with a reason (level \"\" removes the override)", "hardship",
       true, write, R"({"level":"deep","reason":"家庭成员重病"})"});
}

// ---- An archive's life: visits, months, cause resolved, exit, files -----------------------
void AddArchiveLifeRoutes(http::Router& router, const auth::Guard& guard,
                          ArchiveService& archives) {
  const std::string read(kRead), write(kWrite);
  router.Add("POST", "/api/v1/hardship/archives/{id}/visits",
             guard(write, auth::WithId([&archives](const Request& req, const Principal& p,
                                                   int64_t id) -> Response {
                     auto b = http::Body::Of(req);
                     Visit v;
                     v.kind = b.Text("kind", 20);
                     v.visited_on = b.Date("visited_on");
                     v.visitors = b.Text("visitors", 200);
                     v.findings = b.Multiline("findings");
                     if (!b.ok()) return Response::Problem(req, b.error());
                     return http::Answer(
                         req, archives.AddVisit(p, id, v),
                         [](const Visit& x) {
                           return json::object{{"id", x.id},
                                               {"kind", x.kind},
                                               {"visited_on", x.visited_on},
                                               {"visitors", x.visitors},
                                               {"findings", x.findings},
                                               {"level_before", x.level_before},
                                               {"level_after", x.level_after}};
                         },
                         201);
                   })),
             {"Record a home visit or the yearly review (which re-levels the archive)", "hardship",
              true, write,
              R"({"kind":"visit","visited_on":"2026-03-05","visitors":"张三、李四",)"
              R"("findings":"家中仍有病人需要照顾"})",
              "", false, "findings:multiline"});
  router.Add(
      "POST", "/api/v1/hardship/archives/{id}/months",
      guard(write, auth::WithId([&archives](const Request& req, const Principal& p,
                                            int64_t id) -> Response {
              auto b = http::Body::Of(req);
              const std::string month = b.Month("month");
              const int64_t fen = b.Fen("per_head_fen");
              if (!b.ok()) return Response::Problem(req, b.error());
              auto r = archives.SetMonth(p, id, month, fen);
              if (!r) return Response::Problem(req, r.error());
              return http::JsonResponse(json::object{{"month", month}, {"per_head_fen", fen}});
            })),
      {"Record a month's income per head", "hardship", true, write,
       R"({"month":"2026-03","per_head_fen":80000})"});
  router.Add(
      "POST", "/api/v1/hardship/archives/{id}/cause-resolved",
      guard(write, auth::WithId([&archives](const Request& req, const Principal& p,
                                            int64_t id) -> Response {
              auto b = http::Body::Of(req);
              const std::string on = OptionalDate(b, "on");
              if (!b.ok()) return Response::Problem(req, b.error());
              const bool english = req.English();
              return http::Answer(req, archives.CauseResolved(p, id, on),
                                  [english](const Archive& a) { return ArchiveJson(a, english); });
            })),
      {"Record the day the cause of hardship was gone (\"\" clears it)", "hardship", true, write,
       R"({"on":"2026-03-01"})"});
  router.Add(
      "POST", "/api/v1/hardship/archives/{id}/exit",
      guard(write, auth::WithId([&archives](const Request& req, const Principal& p,
                                            int64_t id) -> Response {
              auto b = http::Body::Of(req);
              const std::string on = OptionalDate(b, "on");
              const std::string reason = b.Multiline("reason", auth::kReasonMax);
              if (!b.ok()) return Response::Problem(req, b.error());
              const bool english = req.English();
              return http::Answer(req, archives.Exit(p, id, on, reason),
                                  [english](const Archive& a) { return ArchiveJson(a, english); });
            })),
      {"Confirm the exit from hardship (解困脱困) with its date and reason", "hardship", true,
       write, R"({"on":"2026-03-01","reason":"家庭成员再就业"})"});
  router.Add("POST", "/api/v1/hardship/archives/{id}/files",
             guard(write, auth::WithId([&archives](const Request& req, const Principal& p,
                                                   int64_t id) -> Response {
                     auto name = http::TextQuery(req, "file_name", 200);
                     if (!name) return Response::Problem(req, name.error());
                     return http::Answer(
                         req, archives.AddFile(p, id, *name, req.body),
                         [](const file::Evidence& e) {
                           return json::object{{"id", e.id},
                                               {"file_name", e.file_name},
                                               {"mime", e.mime},
                                               {"size", e.size}};
                         },
                         201);
                   })),
             {"Attach evidence (a photo or a PDF, the body; query file_name)", "hardship", true,
              write, "", "", true});
  router.Add("GET", "/api/v1/hardship/archives/{id}/files/{file}",
             guard(read, auth::WithId([&archives](const Request& req, const Principal& p,
                                                  int64_t id) -> Response {
                     auto file = http::IdParam(req, 1);
                     if (!file) return Response::Problem(req, file.error());
                     auto f = archives.File(p, id, *file);
                     if (!f) return Response::Problem(req, f.error());
                     return Response{200,
                                     f->first.mime,
                                     std::move(f->second),
                                     {{"Content-Disposition", "inline"},
                                      {"Cache-Control", "private, max-age=3600"}}};
                   })),
             {"An archive's evidence file", "hardship", true, read});
}

// ---- Re-levelling and the overview --------------------------------------------------------
void AddRelevelRoutes(http::Router& router, const auth::Guard& guard, ArchiveService& archives) {
  const std::string read(kRead), write(kWrite);
  router.Add("GET", "/api/v1/hardship/relevels",
             guard(read,
                   [&archives](const Request& req, const Principal& p) -> Response {
                     http::ListQuery in(req);
                     const int64_t org = in.Id("org_id");
                     const auto [limit, after_id] = in.IdPage();
                     if (!in.ok()) return Response::Problem(req, in.error());
                     return http::Answer(req, archives.Relevels(p, org, limit, after_id),
                                         [](const Page<LevelChange>& l) {
                                           return http::PageResponse(l, [](const LevelChange& r) {
                                             return json::object{
                                                 {"id", r.id},
                                                 {"archive_id", r.archive_id},
                                                 {"member_name", r.member_name},
                                                 {"org_name", r.org_name},
                                                 {"division_code", r.division_code},
                                                 {"year", r.year},
                                                 {"old_level", r.old_level},
                                                 {"new_level", r.new_level},
                                                 {"old_standard_fen", r.old_standard_fen},
                                                 {"new_standard_fen", r.new_standard_fen},
                                                 {"per_head_fen", r.per_head_fen}};
                                           });
                                         });
                   }),
             {"Changes of level a new standard would make, waiting for confirmation, a page at a "
              "time (limit, cursor)",
              "hardship", true, read});
  router.Add("POST", "/api/v1/hardship/relevels/confirm",
             guard(write,
                   [&archives](const Request& req, const Principal& p) -> Response {
                     auto b = http::Body::Of(req);
                     const std::vector<int64_t> ids = b.Ids("ids", http::kOptional);
                     if (!b.ok()) return Response::Problem(req, b.error());
                     return http::Answer(req, archives.ConfirmRelevels(p, ids), [](int64_t n) {
                       return json::object{{"confirmed", n}};
                     });
                   }),
             {"Confirm listed changes of level (ids)", "hardship", true, write, R"({"ids":[1,2]})",
              "", false, "", true});
  router.Add("GET", "/api/v1/hardship/overview",
             guard(read,
                   [&archives](const Request& req, const Principal& p) -> Response {
                     auto org = http::IntQuery(req, "org_id", 0);
                     if (!org) return Response::Problem(req, org.error());
                     return http::Answer(req, archives.Summary(p, *org), OverviewJson);
                   }),
             {"Archives by state, level and cause; reviews overdue, exits proposed, re-levels "
              "pending; per county what waits and how long",
              "hardship", true, read});
}

// ---- Portal -------------------------------------------------------------------------------
void AddPortalArchiveRoutes(http::Router& router, ArchiveService& archives,
                            const auth::PortalGuard& portal) {
  router.Add("GET", "/api/v1/portal/hardship",
             portal([&archives](const Request& req, int64_t member) -> Response {
               const bool english = req.English();
               return http::Answer(req, archives.OfMember(member),
                                   [english](const std::vector<Archive>& l) {
                                     json::array items;
                                     for (const auto& a : l) {
                                       auto o = ArchiveJson(a, english);
                                       o["member_state"] = MemberStateOf(a.state, a.source);
                                       items.push_back(std::move(o));
                                     }
                                     return json::object{{"items", items}};
                                   });
             }),
             {"The signed-in member's hardship archives and their state (member_state: as the "
              "member reads it, hardship::MemberStateOf)",
              "portal", false});
  router.Add("POST", "/api/v1/portal/hardship",
             portal([&archives](const Request& req, int64_t member) -> Response {
               auto in = InputOf(req);
               if (!in) return Response::Problem(req, in.error());
               const bool english = req.English();
               return http::Answer(
                   req, archives.Apply(member, *in),
                   [english](const Archive& a) { return ArchiveJson(a, english); }, 201);
             }),
             {"Apply for help: a draft archive for the member's union", "portal", false, "",
              kArchiveChangeExample});
  router.Add(
      "GET", "/api/v1/portal/hardship/notices",
      portal([&archives](const Request& req, int64_t member) -> Response {
        return http::Answer(req, archives.Notices(member), [](const std::vector<Archive>& l) {
          json::array items;
          for (const auto& a : l) {
            items.push_back({{"id", a.id},
                             {"member_name", a.member_name},
                             {"org_name", a.org_name},
                             {"level", LevelName(a.level)},
                             {"notice_start", a.notice_start},
                             {"notice_end", a.notice_end}});
          }
          return json::object{{"items", items}};
        });
      }),
      {"Archives under public notice (公示) at the member's union, names masked", "portal", false});
}

}  // namespace

void AddArchiveRoutes(http::Router& router, const auth::Guard& guard, ArchiveService& archives,
                      approval::ApprovalService& approvals, const auth::PortalGuard& portal) {
  AddStandardRoutes(router, guard, archives);
  AddArchiveListRoutes(router, guard, archives, approvals);
  AddArchiveLifeRoutes(router, guard, archives);
  AddRelevelRoutes(router, guard, archives);
  AddPortalArchiveRoutes(router, archives, portal);
}

}  // namespace nj::hardship
