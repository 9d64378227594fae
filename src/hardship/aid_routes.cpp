#include "hardship/aid_routes.h"

#include <charconv>

#include "auth/shapes.h"
#include "core/date.h"
#include "approval/history_json.h"
#include "http/json.h"

namespace nj::hardship {

namespace {

namespace json = boost::json;
using auth::Principal;
using http::Request;
using http::Response;

json::object CategoryJson(const Category& c) {
  json::object limits;
  for (const auto& [key, months] : c.months) limits[key] = months;
  return {{"code", c.code},
          {"name", c.name},
          {"name_en", c.name_en},
          {"basis", BasisName(c.basis)},
          {"per", c.per},
          {"needs_archive", c.needs_archive},
          {"cap_fen", http::OrNull(c.cap_fen)},
          {"standard_fen", c.standard_fen},
          {"limits", limits}};
}

json::object GrantJson(const Grant& g) {
  json::object o{{"id", g.id},
                 {"member_id", g.member_id},
                 {"member_name", g.member_name},
                 {"org_id", g.org_id},
                 {"org_name", g.org_name},
                 {"archive_id", http::IdOrNull(g.archive_id)},
                 {"level", g.level.empty() ? json::value(nullptr) : json::value(g.level)},
                 {"standard_fen", g.standard_fen},
                 {"tier", g.tier},
                 {"category", g.category},
                 {"category_name", g.category_name},
                 {"category_name_en", g.category_name_en},
                 {"child", g.child},
                 {"school_level", g.school_level},
                 {"year", g.year},
                 {"amount_fen", g.amount_fen},
                 {"reason", g.reason},
                 {"self_paid_fen", g.self_paid_fen},
                 {"mutual_aid_paid_fen", g.mutual_aid_paid_fen},
                 {"limit_fen", http::OrNull(g.limit_fen)},
                 {"granted_before_fen", g.granted_before_fen},
                 {"state", g.state},
                 {"application_id", http::IdOrNull(g.application_id)},
                 {"reviewer_org_id", http::IdOrNull(g.reviewer_org_id)},
                 {"reviewer_org_name", g.reviewer_org_name},
                 {"return_reason", g.return_reason},
                 {"method", g.method},
                 {"payout_state", g.payout_state},
                 {"signed_by", g.signed_by},
                 {"signed_on", g.signed_on},
                 {"note", g.note},
                 {"disbursed_on", g.disbursed_on},
                 {"created_by_name", g.created_by_name},
                 {"created_at", http::InstantOrNull(g.created_at)},
                 {"updated_at", http::InstantOrNull(g.updated_at)}};
  if (!g.history.empty()) {
    o["history"] = approval::HistoryJson(g.history);
  }
  return o;
}

json::object CampaignJson(const Campaign& c) {
  json::object standards{{"deep", 0}, {"relative", 0}, {"accidental", 0}, {"outdoor", 0}};
  for (const auto& [basis, fen] : c.standards) standards[basis] = fen;
  json::array orgs;
  for (const auto& [id, name] : c.orgs) orgs.push_back({{"org_id", id}, {"org_name", name}});
  const auto& p = c.progress;
  return {{"id", c.id},
          {"kind", c.kind},
          {"kind_name", CampaignKindZh(c.kind)},
          {"kind_name_en", CampaignKindEn(c.kind)},
          {"name", c.name},
          {"year", c.year},
          {"org_id", c.org_id},
          {"org_name", c.org_name},
          {"budget_fen", c.budget_fen},
          {"method", c.method},
          {"state", c.state},
          {"standards", standards},
          {"orgs", orgs},
          {"progress",
           {{"targets", p.targets},
            {"included", p.included},
            {"removed", p.removed},
            {"planned_fen", p.planned_fen},
            {"requested_fen", p.requested_fen},
            {"paid_fen", p.paid_fen},
            {"given_fen", p.given_fen},
            {"done", p.done},
            {"budget_left_fen", p.budget_left_fen},
            {"percent", p.percent}}},
          {"created_by_name", c.created_by_name},
          {"created_at", http::InstantOrNull(c.created_at)},
          {"checked_at", http::InstantOrNull(c.checked_at)},
          {"closed_at", http::InstantOrNull(c.closed_at)},
          {"cancel_reason", c.cancel_reason}};
}

json::object TargetJson(const Target& t) {
  return {{"member_id", t.member_id},
          {"member_name", t.member_name},
          {"org_id", t.org_id},
          {"org_name", t.org_name},
          {"archive_id", http::IdOrNull(t.archive_id)},
          {"basis", t.basis},
          {"amount_fen", t.amount_fen},
          {"included", t.included},
          {"reason", t.reason},
          {"state", t.state},
          {"payout_state", t.payout_state},
          {"signed_by", t.signed_by},
          {"signed_on", t.signed_on}};
}

json::object LineJson(const ReportLine& l, std::string_view key) {
  return {{key, l.code},
          {"name", l.name},
          {"name_en", l.name_en},
          {"amount_fen", l.amount_fen},
          {"person_times", l.person_times},
          {"people", l.people},
          {"text", l.text_zh},
          {"text_en", l.text_en}};
}

json::object ReportJson(const Report& r) {
  json::array grants, campaigns, orgs, by_level, by_cause;
  for (const auto& l : r.grants) grants.push_back(LineJson(l, "category"));
  for (const auto& l : r.campaigns) campaigns.push_back(LineJson(l, "kind"));
  for (const auto& o : r.orgs) {
    orgs.push_back({{"org_id", o.org_id},
                    {"org_name", o.org_name},
                    {"amount_fen", o.amount_fen},
                    {"person_times", o.person_times}});
  }
  for (const auto& [level, n] : r.by_level) {
    by_level.push_back({{"level", level},
                        {"name", LevelNameZh(LevelNamed(level).value_or(Level::kNone))},
                        {"count", n}});
  }
  for (const auto& [cause, n] : r.by_cause) by_cause.push_back({{"cause", cause}, {"count", n}});
  return {{"org_id", r.org_id},
          {"org_name", r.org_name},
          {"from", r.from},
          {"to", r.to},
          {"grants", grants},
          {"campaigns", campaigns},
          {"total",
           {{"amount_fen", r.amount_fen}, {"person_times", r.person_times}, {"people", r.people}}},
          {"text", r.text_zh},
          {"text_en", r.text_en},
          {"orgs", orgs},
          {"archives",
           {{"open", r.open_archives},
            {"by_level", by_level},
            {"by_cause", by_cause},
            {"new", r.new_archives},
            {"exited", r.exited_archives}}}};
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

Result<GrantInput> GrantInputOf(const Request& req) {
  auto b = http::Body::Of(req);
  GrantInput in;
  in.category = b.Text("category", 30);
  in.reason = b.Multiline("reason", auth::kReasonMax);
  in.child = b.Text("child", 50);
  in.school_level = b.Text("school_level", 20);
  in.member_id = b.OptId("member_id").value_or(0);
  in.amount_fen = b.OptFen("amount_fen").value_or(0);
  in.self_paid_fen = b.OptFen("self_paid_fen").value_or(0);
  if (!b.ok()) return b.Failure();
  return in;
}

// The standards of a campaign: an object of basis → fen, each bounded as money.
std::map<std::string, int64_t> Standards(http::Body& b) {
  std::map<std::string, int64_t> out;
  if (!b.ok() || !b.Has("standards")) return out;
  const auto& s = b.Object().at("standards");
  if (!s.is_object() || s.as_object().size() > 20) {
    b.Refuse(Error{ErrorCode::kInvalidInput, "standards 应为对象", "standards must be an object",
                   "standards"});
    return out;
  }
  for (const auto& [key, value] : s.as_object()) {
    if (value.is_null()) continue;
    auto basis = ParseText("standards", key, 30);
    if (!basis) {
      b.Refuse(basis.error());
      return out;
    }
    const std::string field = "standards." + *basis;
    auto fen = value.is_int64() ? CheckMoney(field, value.as_int64())
                                : OutOfRange(field, "应为整数（分）", "must be integer fen",
                                             json::serialize(value));
    if (!fen) {
      b.Refuse(fen.error());
      return out;
    }
    out[*basis] = *fen;
  }
  return out;
}

Result<CampaignInput> CampaignInputOf(const Request& req) {
  auto b = http::Body::Of(req);
  CampaignInput in;
  in.kind = b.Text("kind", 30);
  in.name = b.Text("name", 100);
  in.method = b.Text("method", 20);
  if (in.method.empty()) in.method = "card";
  in.year = b.OptYear("year").value_or(static_cast<int>(Today().year()));
  in.org_id = b.OptId("org_id").value_or(0);
  in.budget_fen = b.OptFen("budget_fen").value_or(0);
  in.standards = Standards(b);
  in.org_ids = b.Ids("org_ids", http::kOptional);
  if (!b.ok()) return b.Failure();
  return in;
}

}  // namespace

namespace {

// ---- Categories ----------------------------------------------------------------------------
void AddCategoryRoutes(http::Router& router, const auth::Guard& guard, GrantService& grants) {
  const std::string read(kRead), approve(kApprove);
  router.Add("GET", "/api/v1/hardship/categories",
             guard(read,
                   [&grants](const Request& req, const Principal&) -> Response {
                     return http::Answer(req, grants.Categories(), [](const auto& list) {
                       json::array items;
                       for (const auto& c : list) items.push_back(CategoryJson(c));
                       return json::object{{"items", items}};
                     });
                   }),
             {"Aid categories with their yearly limits (data)", "hardship", true, read});
  router.Add("PUT", "/api/v1/hardship/categories/{code}",
             guard(approve,
                   [&grants](const Request& req, const Principal& p) -> Response {
                     auto b = http::Body::Of(req);
                     const std::optional<int64_t> cap = b.OptFen("cap_fen");
                     const int64_t standard = b.OptFen("standard_fen").value_or(0);
                     // Months a category may be granted per year, by level: -1 is "no limit".
                     std::map<std::string, int, std::less<>> months;
                     if (b.ok() && b.Has("limits")) {
                       const auto& l = b.Object().at("limits");
                       if (!l.is_object() || l.as_object().size() > 20) {
                         b.Refuse(Error{ErrorCode::kInvalidInput, "limits 应为对象",
                                        "limits must be an object", "limits"});
                       } else {
                         for (const auto& [key, v] : l.as_object()) {
                           auto level = ParseText("limits", key, 30);
                           if (!level) {
                             b.Refuse(level.error());
                             break;
                           }
                           const std::string field = "limits." + *level;
                           if (!v.is_int64() || v.as_int64() < -1 || v.as_int64() > 1000) {
                             b.Refuse(OutOfRange(field, "应为 -1（不限）到 1000 的整数",
                                                 "must be an integer from -1 (no limit) to 1000",
                                                 json::serialize(v))
                                          .error());
                             break;
                           }
                           months[*level] = static_cast<int>(v.as_int64());
                         }
                       }
                     }
                     if (!b.ok()) return Response::Problem(req, b.error());
                     return http::Answer(
                         req, grants.SetCategory(p, req.params.at(0), cap, standard, months),
                         CategoryJson);
                   }),
             {"Set a category's yearly cap, suggested amount and months (the root federation)",
              "hardship", true, approve, R"({"cap_fen":2000000,"standard_fen":0,"limits":{}})"});
}

// ---- Grants --------------------------------------------------------------------------------
void AddGrantRoutes(http::Router& router, const auth::Guard& guard, GrantService& grants) {
  const std::string read(kRead), write(kWrite);
  router.Add(
      "GET", "/api/v1/hardship/grants/room",
      guard(read, [&grants](const Request& req, const Principal& p) -> Response {
        GrantInput in;
        auto member = http::IntQuery(req, "member_id", 0);
        if (!member) return Response::Problem(req, member.error());
        in.member_id = *member;
        // Zero is an amount here (nothing paid yet), not a missing one.
        if (const auto text = req.Query("self_paid_fen"); !text.empty()) {
          auto fen = ParseMoney("self_paid_fen", text);
          if (!fen) return Response::Problem(req, fen.error());
          in.self_paid_fen = *fen;
        }
        for (auto [key, out] : {std::pair{"category", &in.category},
                                {"child", &in.child},
                                {"school_level", &in.school_level}}) {
          auto v = http::TextQuery(req, key, 50);
          if (!v) return Response::Problem(req, v.error());
          *out = std::move(*v);
        }
        return http::Answer(req, grants.RoomFor(p, in), [](const GrantRoom& r) {
          json::array granted;
          for (const auto& g : r.granted) {
            granted.push_back({{"id", g.id},
                               {"category", g.category},
                               {"child", g.child},
                               {"amount_fen", g.amount_fen},
                               {"state", g.state}});
          }
          return json::object{
              {"member_id", r.member_id},
              {"member_name", r.member_name},
              {"archive_id", http::IdOrNull(r.archive_id)},
              {"level", r.level.empty() ? json::value(nullptr) : json::value(r.level)},
              {"standard_fen", r.standard_fen},
              {"category", r.category},
              {"limit_fen", http::OrNull(r.room.limit_fen)},
              {"granted_fen", r.room.granted_fen},
              {"remaining_fen", http::OrNull(r.room.remaining_fen)},
              {"mutual_aid_paid_fen", r.mutual_aid_paid_fen},
              {"granted", granted},
              {"text", r.room.text_zh},
              {"text_en", r.room.text_en}};
        });
      }),
      {"What may still be granted to a member this year in a category, with the arithmetic and "
       "what mutual aid paid the member this year",
       "hardship", true, read});
  router.Add("GET", "/api/v1/hardship/grants",
             guard(read,
                   [&grants](const Request& req, const Principal& p) -> Response {
                     GrantQuery q;
                     http::ListQuery in(req);
                     q.org_id = in.Id("org_id");
                     q.member_id = in.Id("member_id");
                     q.archive_id = in.Id("archive_id");
                     q.year = in.Year("year");
                     q.category = in.Text("category", 50);
                     q.state = in.Text("state", 50);
                     std::tie(q.limit, q.after_id) = in.IdPage();
                     if (!in.ok()) return Response::Problem(req, in.error());
                     return http::Answer(req, grants.List(p, q), [](const Page<Grant>& l) {
                       return http::PageResponse(l, GrantJson);
                     });
                   }),
             {"Grants of members in scope, newest first (org_id, member_id, archive_id, "
              "category, state, year, limit, cursor)",
              "hardship", true, read});
  router.Add("POST", "/api/v1/hardship/grants",
             guard(write,
                   [&grants](const Request& req, const Principal& p) -> Response {
                     auto in = GrantInputOf(req);
                     if (!in) return Response::Problem(req, in.error());
                     return http::Answer(req, grants.File(p, *in), GrantJson, 201);
                   }),
             {"File a grant (submitted into the two-level approval); past the yearly limit 409 "
              "naming what was granted and what remains",
              "hardship", true, write,
              R"({"member_id":42,"category":"living","amount_fen":300000,"reason":"春节前生活困难"})"});
  router.Add("GET", "/api/v1/hardship/grants/{id}",
             guard(read, auth::ById([&grants](const Principal& p,
                                              int64_t id) { return grants.Get(p, id); },
                                    GrantJson)),
             {"A grant with its approval history", "hardship", true, read});
  router.Add("PUT", "/api/v1/hardship/grants/{id}",
             guard(write, auth::WithId([&grants](const Request& req, const Principal& p,
                                                 int64_t id) -> Response {
                     auto in = GrantInputOf(req);
                     if (!in) return Response::Problem(req, in.error());
                     return http::Answer(req, grants.Update(p, id, *in), GrantJson);
                   })),
             {"Change a returned grant (limits checked again)", "hardship", true, write,
              R"({"category":"living","amount_fen":300000,"reason":"春节前生活困难",)"
              R"("self_paid_fen":0})"});
  for (const char* step : {"submit", "cancel", "pay", "in-kind"}) {
    router.Add(
        "POST", std::string("/api/v1/hardship/grants/{id}/") + step,
        guard(write,
              auth::WithId([&grants, step = std::string(step)](
                               const Request& req, const Principal& p, int64_t id) -> Response {
                if (step == "submit") return http::Answer(req, grants.Resubmit(p, id), GrantJson);
                if (step == "pay") return http::Answer(req, grants.Pay(p, id), GrantJson);
                auto b = http::Body::Of(req);
                if (step == "cancel") {
                  const std::string reason = b.Multiline("reason", auth::kReasonMax);
                  if (!b.ok()) return Response::Problem(req, b.error());
                  return http::Answer(req, grants.Cancel(p, id, reason), GrantJson);
                }
                InKind in;
                in.signed_by = b.Text("signed_by", 50);
                in.signed_on = OptionalDate(b, "signed_on");
                in.note = b.Multiline("note", 500);
                if (!b.ok()) return Response::Problem(req, b.error());
                return http::Answer(req, grants.GiveInKind(p, id, in), GrantJson);
              })),
        {step == std::string("submit")   ? "Submit a returned grant again"
         : step == std::string("cancel") ? "Cancel a returned or approved grant (reason)"
         : step == std::string("pay")    ? "Pay an approved grant to the member's card (once)"
                                         : "Record an approved grant given in kind (signed_by, "
                                           "signed_on, note)",
         "hardship", true, write,
         step == std::string("cancel") ? R"({"reason":"情况已变化"})"
         : step == std::string("in-kind")
             ? R"({"signed_by":"张三","signed_on":"2026-01-20","note":"米面油"})"
             : "",
         "", false, step == std::string("submit") || step == std::string("pay") ? "none" : ""});
  }
}

// ---- Campaigns -----------------------------------------------------------------------------
void AddCampaignRoutes(http::Router& router, const auth::Guard& guard, CampaignService& campaigns) {
  const std::string read(kRead), write(kWrite), approve(kApprove);
  router.Add("GET", "/api/v1/hardship/campaigns",
             guard(read,
                   [&campaigns](const Request& req, const Principal& p) -> Response {
                     CampaignQuery q;
                     http::ListQuery in(req);
                     q.year = in.Year("year");
                     q.kind = in.Text("kind", 50);
                     q.state = in.Text("state", 50);
                     q.page = in.Page();
                     if (!in.ok()) return Response::Problem(req, in.error());
                     return http::Answer(req, campaigns.List(p, q), [](const Page<Campaign>& l) {
                       return http::PageResponse(l, CampaignJson);
                     });
                   }),
             {"Campaigns organised or taken part in within scope, with their progress, newest "
              "first (year, kind, state, limit, cursor)",
              "hardship", true, read});
  router.Add("POST", "/api/v1/hardship/campaigns",
             guard(write,
                   [&campaigns](const Request& req, const Principal& p) -> Response {
                     auto in = CampaignInputOf(req);
                     if (!in) return Response::Problem(req, in.error());
                     return http::Answer(req, campaigns.Create(p, *in), CampaignJson, 201);
                   }),
             {"Create a campaign: budget, standards by level, organisations taking part",
              "hardship", true, write,
              R"({"kind":"spring_warmth","name":"2026年春节送温暖","year":2026,"budget_fen":10000000,)"
              R"("method":"card","standards":{"deep":100000,"relative":50000,"accidental":50000},)"
              R"("org_ids":[2]})"});
  router.Add("GET", "/api/v1/hardship/campaigns/{id}",
             guard(read, auth::ById([&campaigns](const Principal& p,
                                                 int64_t id) { return campaigns.Get(p, id); },
                                    CampaignJson)),
             {"A campaign with its progress against the budget", "hardship", true, read});
  router.Add("PUT", "/api/v1/hardship/campaigns/{id}",
             guard(write, auth::WithId([&campaigns](const Request& req, const Principal& p,
                                                    int64_t id) -> Response {
                     auto in = CampaignInputOf(req);
                     if (!in) return Response::Problem(req, in.error());
                     return http::Answer(req, campaigns.Update(p, id, *in), CampaignJson);
                   })),
             {"Change a campaign's name and budget (and, while draft, standards and organisations)",
              "hardship", true, write,
              R"({"name":"2026年春节送温暖","budget_fen":10000000,)"
              R"("standards":{"deep":100000,"relative":50000,"accidental":50000},"org_ids":[2]})"});
  router.Add("POST", "/api/v1/hardship/campaigns/{id}/draw",
             guard(write, auth::WithId([&campaigns](const Request& req, const Principal& p,
                                                    int64_t id) -> Response {
                     return http::Answer(req, campaigns.Draw(p, id), [](const auto& r) {
                       return json::object{{"added", r.first}, {"campaign", CampaignJson(r.second)}};
                     });
                   })),
             {"Draw the target list from the active archives (and outdoor members for summer "
              "cooling); again adds only who is new",
              "hardship", true, write, "", "", false, "none", true});
  router.Add("GET", "/api/v1/hardship/campaigns/{id}/targets",
             guard(read, auth::WithId([&campaigns](const Request& req, const Principal& p,
                                                   int64_t id) -> Response {
                     TargetQuery q;
                     http::ListQuery in(req);
                     q.org_id = in.Id("org_id");
                     q.state = in.Text("state", 50);
                     q.name = in.Text("name", 50);
                     std::tie(q.limit, q.after_member_id) = in.IdPage();
                     if (!in.ok()) return Response::Problem(req, in.error());
                     return http::Answer(
                         req, campaigns.Targets(p, id, q),
                         [](const Page<Target>& l) { return http::PageResponse(l, TargetJson); });
                   })),
             {"A campaign's target list in scope (org_id, state, name, limit, cursor)", "hardship",
              true, read});
  router.Add(
      "PUT", "/api/v1/hardship/campaigns/{id}/targets/{member}",
      guard(write, auth::WithId([&campaigns](const Request& req, const Principal& p,
                                             int64_t id) -> Response {
              auto member = http::IdParam(req, 1);
              if (!member) return Response::Problem(req, member.error());
              auto b = http::Body::Of(req);
              const bool included = b.Bool("included", true);
              const int64_t amount = b.OptFen("amount_fen").value_or(0);
              const std::string reason = b.Multiline("reason", auth::kReasonMax);
              if (!b.ok()) return Response::Problem(req, b.error());
              return http::Answer(
                  req, campaigns.SetTarget(p, id, *member, included, amount, reason), TargetJson);
            })),
      {"Remove, restore or adjust a line of a drawn list (reason required)", "hardship", true,
       write, R"({"included":false,"amount_fen":0,"reason":"已于本月退休并领取慰问"})"});
  router.Add(
      "POST", "/api/v1/hardship/campaigns/{id}/check",
      guard(approve, auth::ById([&campaigns](const Principal& p,
                                             int64_t id) { return campaigns.Check(p, id); },
                                CampaignJson)),
      {"Check a drawn list (within the budget)", "hardship", true, approve, "", "", false, "none"});
  router.Add("POST", "/api/v1/hardship/campaigns/{id}/pay",
             guard(write, auth::WithId([&campaigns](const Request& req, const Principal& p,
                                                    int64_t id) -> Response {
                     return http::Answer(req, campaigns.Pay(p, id), [](const PayResult& r) {
                       return json::object{{"requested", r.requested},
                                           {"already", r.already},
                                           {"amount_fen", r.amount_fen},
                                           {"campaign", CampaignJson(r.campaign)}};
                     });
                   })),
             {"Pay a checked list to the members' cards through payout; again asks nothing new",
              "hardship", true, write, "", "", false, "none", true});
  router.Add(
      "POST", "/api/v1/hardship/campaigns/{id}/distribute",
      guard(write, auth::WithId([&campaigns](const Request& req, const Principal& p,
                                             int64_t id) -> Response {
              auto b = http::Body::Of(req);
              Distribution d;
              d.member_ids = b.Ids("member_ids", http::kOptional);
              d.signed_by = b.Text("signed_by", 50);
              d.signed_on = OptionalDate(b, "signed_on");
              if (!b.ok()) return Response::Problem(req, b.error());
              return http::Answer(req, campaigns.Distribute(p, id, d), [](const auto& r) {
                return json::object{{"given", r.first}, {"campaign", CampaignJson(r.second)}};
              });
            })),
      {"Record lines of a checked in-kind list as given (member_ids, signed_by, signed_on)",
       "hardship", true, write,
       R"({"member_ids":[42],"signed_by":"张三","signed_on":"2026-01-20"})", "", false, "", true});
  router.Add("POST", "/api/v1/hardship/campaigns/{id}/cancel",
             guard(write, auth::WithId([&campaigns](const Request& req, const Principal& p,
                                                    int64_t id) -> Response {
                     auto b = http::Body::Of(req);
                     const std::string reason = b.Multiline("reason", auth::kReasonMax);
                     if (!b.ok()) return Response::Problem(req, b.error());
                     return http::Answer(req, campaigns.Cancel(p, id, reason), CampaignJson);
                   })),
             {"Cancel a campaign before anything is paid or given (reason)", "hardship", true,
              write, R"({"reason":"预算未获批准"})"});
}

// ---- Reports -------------------------------------------------------------------------------
void AddReportRoutes(http::Router& router, const auth::Guard& guard, ReportService& reports) {
  const std::string read(kRead);
  router.Add("GET", "/api/v1/hardship/reports",
             guard(read,
                   [&reports](const Request& req, const Principal& p) -> Response {
                     auto org = http::IntQuery(req, "org_id", 0);
                     if (!org) return Response::Problem(req, org.error());
                     auto from = http::DateQuery(req, "from");
                     if (!from) return Response::Problem(req, from.error());
                     auto to = http::DateQuery(req, "to");
                     if (!to) return Response::Problem(req, to.error());
                     return http::Answer(req, reports.Build(p, *org, *from, *to), ReportJson);
                   }),
             {"Aid disbursed in a subtree and period by category and campaign, in the seeds' "
              "words; archives by level and cause, new and exited (org_id, from, to)",
              "hardship", true, read});
}

// ---- Portal --------------------------------------------------------------------------------
void AddPortalAidRoutes(http::Router& router, GrantService& grants, CampaignService& campaigns,
                        const auth::PortalGuard& portal) {
  router.Add("GET", "/api/v1/portal/hardship/grants",
             portal([&grants, &campaigns](const Request& req, int64_t member) -> Response {
               auto own = grants.OfMember(member);
               if (!own) return Response::Problem(req, own.error());
               auto lines = campaigns.OfMember(member);
               if (!lines) return Response::Problem(req, lines.error());
               json::array items, received;
               for (const auto& g : own->items) {
                 items.push_back({{"id", g.id},
                                  {"category", g.category},
                                  {"category_name", g.category_name},
                                  {"amount_fen", g.amount_fen},
                                  {"state", g.state},
                                  {"method", g.method},
                                  {"year", g.year},
                                  {"disbursed_on", g.disbursed_on}});
               }
               for (const auto& l : *lines) {
                 received.push_back({{"campaign_id", l.campaign_id},
                                     {"kind", l.kind},
                                     {"name", l.name},
                                     {"amount_fen", l.amount_fen},
                                     {"state", l.state},
                                     {"disbursed_on", l.disbursed_on}});
               }
               // A member's own grants are few; past kOwnListMax the answer says it was cut.
               return http::JsonResponse(json::object{{"items", items},
                                                      {"campaigns", received},
                                                      {"truncated", own->next_cursor.has_value()}});
             }),
             {"The signed-in member's grants (approved and later) and campaign lines received",
              "portal", false});
}

}  // namespace

void AddHardshipAidRoutes(http::Router& router, const auth::Guard& guard, GrantService& grants,
                          CampaignService& campaigns, ReportService& reports,
                          const auth::PortalGuard& portal) {
  AddCategoryRoutes(router, guard, grants);
  AddGrantRoutes(router, guard, grants);
  AddCampaignRoutes(router, guard, campaigns);
  AddReportRoutes(router, guard, reports);
  AddPortalAidRoutes(router, grants, campaigns, portal);
}

job::Exporter ReportExporter(ReportService& reports) {
  return {std::string(kRead), "困难帮扶报表", "Hardship aid report", "hardship_report",
          [&reports](const Principal& who, const job::Filters& f,
                     bool english) -> Result<job::ExportWrite> {
            auto org = job::IdFilter(f, "org_id");
            if (!org) return std::unexpected(org.error());
            std::string from = job::TextFilter(f, "from"), to = job::TextFilter(f, "to");
            if (auto probe = reports.Check(who, *org, from, to); !probe) {
              return std::unexpected(probe.error());
            }
            return [&reports, who, org = *org, from, to, english](job::Sheet& sheet,
                                                                   job::Progress& progress) {
              return reports.Export(who, org, from, to, english, sheet, progress);
            };
          }};
}

job::Exporter GrantsExporter(GrantService& grants) {
  return {std::string(kRead), "帮扶救助", "Hardship grants", std::string(kGrantKind),
          [&grants](const Principal& who, const job::Filters& f,
                    bool english) -> Result<job::ExportWrite> {
            GrantQuery q;
            auto org = job::IdFilter(f, "org_id");
            if (!org) return std::unexpected(org.error());
            auto year = job::IdFilter(f, "year");
            if (!year) return std::unexpected(year.error());
            q.org_id = *org;
            q.year = static_cast<int>(*year);
            q.category = job::TextFilter(f, "category");
            q.state = job::TextFilter(f, "state");
            q.limit = 1;
            if (auto probe = grants.List(who, q); !probe) return std::unexpected(probe.error());
            return [&grants, who, q, english](job::Sheet& sheet, job::Progress& progress) {
              return grants.Export(who, q, english, sheet, progress);
            };
          }};
}

}  // namespace nj::hardship
