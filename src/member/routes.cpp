#include "member/routes.h"

#include <fstream>
#include <map>
#include <set>

#include "auth/shapes.h"
#include "core/crypto.h"
#include "core/date.h"
#include "core/mask.h"
#include "http/json.h"
#include "http/row_problem.h"
#include "job/xlsx.h"
#include "org/rules.h"

namespace nj::member {

namespace json = boost::json;
using auth::Principal;
using http::Request;
using http::Response;

namespace {

json::object MemberJson(const Member& m) {
  json::object o{{"id", m.id},
                 {"card_no", CardNumber(m.id)},
                 {"org_id", m.org_id},
                 {"org_name", m.org_name},
                 {"name", m.name},
                 {"id_number", m.id_number},
                 {"sex", m.sex},
                 {"birth_date", m.birth_date},
                 {"phone", m.phone},
                 {"employer", m.employer},
                 {"category", m.category},
                 {"new_form_worker", IsNewFormCategory(m.category)},
                 {"join_date", m.join_date},
                 {"status", m.status},
                 {"employment", m.employment}};
  if (m.held_from_org_id) {
    o["held_from"] = json::object{{"id", m.held_from_org_id}, {"name", m.held_from_org_name}};
  }
  if (m.division_warning) {
    o["warnings"] = json::array{json::object{
        {"field", "id_number"},
        {"message", "身份证号的地址码不在已知的县级行政区划中，已按省级代码接受，请核对"}}};
  }
  return o;
}

// The bounds of a member's fields (the rules check their form: an ID number's check digit …).
constexpr int64_t kNameMax = 50, kIdNumberMax = 32, kPhoneMax = 32, kEmployerMax = 200,
                  kCodeMax = 40;

// `edit`: an absent id_number or phone keeps the stored one.
Result<MemberInput> ReadInput(const Request& req, bool edit) {
  auto b = http::Body::Of(req);
  MemberInput in;
  in.keep_id_number = edit && !b.Object().contains("id_number");
  in.keep_phone = edit && !b.Object().contains("phone");
  in.name = b.Text("name", kNameMax, http::kRequired);
  if (!in.keep_id_number) in.id_number = b.Text("id_number", kIdNumberMax, http::kRequired);
  in.category = b.Text("category", kCodeMax, http::kRequired);
  // The rules check the date (its form, not in the future, the contract's years).
  in.join_date = b.Text("join_date", 10, http::kRequired);
  in.phone = b.Text("phone", kPhoneMax);
  in.employer = b.Text("employer", kEmployerMax);
  in.org_id = b.OptId("org_id").value_or(0);  // absent or null: an edit that does not move them
  if (!b.ok()) return b.Failure();
  return in;
}

// Reads {"<code>": "...", "reason": "..."}, both required: a code the service checks, and a
// reason (a sentence or a few lines).
Result<std::pair<std::string, std::string>> ReadCodeAndReason(const Request& req,
                                                              const char* code) {
  auto b = http::Body::Of(req);
  auto value = b.Text(code, kCodeMax, http::kRequired);
  auto reason = b.Multiline("reason", auth::kReasonMax, http::kRequired);
  if (!b.ok()) return b.Failure();
  return std::pair{std::move(value), std::move(reason)};
}

}  // namespace

auth::PortalGuard PortalGuardOf(PortalService& portal) {
  return auth::PortalGuard(
      [&portal](std::string_view cookie) -> Result<auth::PortalGuard::Session> {
        auto s = portal.Session(cookie);
        if (!s) return std::unexpected(s.error());
        return auth::PortalGuard::Session{s->member_id, s->csrf_token};
      });
}

void AddMemberRoutes(http::Router& router, const auth::Guard& guard, MemberService& members) {
  const std::string read(auth::kMemberRead), write(auth::kMemberWrite), reveal(auth::kMemberReveal);

  router.Add(
      "GET", "/api/v1/members",
      guard(read,
            [&members](const Request& req, const Principal& p) -> Response {
              MemberQuery q;
              http::ListQuery in(req);
              q.org_id = in.Id("org_id");
              q.name = in.Text("name", kNameMax);
              q.q = in.Text("q");
              q.category = in.Text("category", kCodeMax);
              q.status = in.Text("status", kCodeMax);
              q.situation = in.Text("situation", kCodeMax);
              auto page = in.Page();
              if (!in.ok()) return Response::Problem(req, in.error());
              auto page_no = http::CountQuery(req, "page", 0, kCountCap);
              if (!page_no) return Response::Problem(req, page_no.error());
              q.page = *page_no;
              q.limit = page.limit;
              q.cursor = std::move(page.cursor);
              q.with_total = true;
              return http::Answer(req, members.List(p, q), [](const MemberPage& list) {
                return http::PageResponse(list, MemberJson);
              });
            }),
      {"Members of the caller's scope by pinyin of name; filters org_id (subtree), name (prefix, "
       "traditional characters too), category, status, situation (retired, unemployed, held) and "
       "q, one search box told by its shape (spaces ignored): 18 characters of digits ending in a "
       "digit or X → the ID number, exact; 11 digits starting with 1 → the phone, exact; any "
       "other digits → the card number (会员编号, exact; a fragment of an ID or phone finds "
       "nobody); anything else → any part of the name, simplified or traditional. total: the "
       "whole filter's count up to 10000 (total_capped: more), on every page when the counts "
       "kept per organisation give it (no name, q or situation, and status active; or any "
       "status with over 10000 active members in the subtree and category: capped), else on "
       "the first page only (no cursor, page ≤ 1; later pages leave total out: keep the first "
       "page's). Cursor pagination (limit ≤ 200), or page (1…, within the first 10000 "
       "rows) for page numbers",
       "member", true, read, "",
       R"({"items":[{"id":1,"name":"张伟","id_number":"330***********123X","phone":"138****5678"}],"next_cursor":"…","total":1,"total_capped":false})"});

  router.Add("GET", "/api/v1/members/{id}",
             guard(read, auth::ById([&members](const Principal& p,
                                               int64_t id) { return members.Get(p, id); },
                                    MemberJson)),
             {"One member, personal data masked", "member", true, read});

  router.Add(
      "POST", "/api/v1/members",
      guard(write,
            [&members](const Request& req, const Principal& p) -> Response {
              auto in = ReadInput(req, false);
              if (!in) return Response::Problem(req, in.error());
              return http::Answer(req, members.Create(p, *in), MemberJson, 201);
            }),
      {"Register a member; 409 when the person is a member already", "member", true, write,
       R"({"org_id":12,"name":"张伟","id_number":"33070219900101123X","phone":"13812345678","employer":"某公司","category":"front_line","join_date":"2020-05-01"})"});

  router.Add("PUT", "/api/v1/members/{id}",
             guard(write, auth::WithId([&members](const Request& req, const Principal& p,
                                                  int64_t id) -> Response {
                     auto in = ReadInput(req, true);
                     if (!in) return Response::Problem(req, in.error());
                     return http::Answer(req, members.Update(p, id, *in), MemberJson);
                   })),
             {"Change a member's own fields; id_number or phone left out keeps the stored one",
              "member", true, write,
              R"({"org_id":12,"name":"张伟","phone":"13812345678","employer":"某公司",)"
              R"("category":"front_line","join_date":"2020-05-01"})"});

  router.Add(
      "POST", "/api/v1/members/{id}/employment",
      guard(write, auth::WithId([&members](const Request& req, const Principal& p,
                                           int64_t id) -> Response {
              auto body = ReadCodeAndReason(req, "employment");
              if (!body) return Response::Problem(req, body.error());
              return http::Answer(req, members.SetEmployment(p, id, body->first, body->second),
                                  MemberJson);
            })),
      {"Record retirement, unemployment or a return to work; the member stays with the union",
       "member", true, write, R"({"employment":"retired","reason":"到龄退休"})"});

  router.Add("POST", "/api/v1/members/{id}/status",
             guard(write, auth::WithId([&members](const Request& req, const Principal& p,
                                                  int64_t id) -> Response {
                     auto body = ReadCodeAndReason(req, "status");
                     if (!body) return Response::Problem(req, body.error());
                     return http::Answer(req, members.SetStatus(p, id, body->first, body->second),
                                         MemberJson);
                   })),
             {"Suspend, exit, record a death or re-activate, with a reason", "member", true, write,
              R"({"status":"exited","reason":"离职"})"});

  router.Add(
      "DELETE", "/api/v1/members/{id}",
      guard(write, auth::WithId(
                       [&members](const Request& req, const Principal& p, int64_t id) -> Response {
                         auto reason = http::TextQuery(req, "reason", auth::kReasonMax);
                         if (!reason) return Response::Problem(req, reason.error());
                         auto r = members.Delete(p, id, *reason);
                         if (!r) return Response::Problem(req, r.error());
                         return http::JsonResponse(json::object{{"ok", true}});
                       })),
      {"Remove a record entered in error (reason as query parameter)", "member", true, write});

  router.Add(
      "POST", "/api/v1/members/{id}/reveal",
      guard(reveal, auth::WithId([&members](const Request& req, const Principal& p,
                                            int64_t id) -> Response {
              auto body = ReadCodeAndReason(req, "field");
              if (!body) return Response::Problem(req, body.error());
              return http::Answer(req, members.Reveal(p, id, body->first, body->second),
                                  [&body](const std::string& value) {
                                    return json::object{{"field", body->first}, {"value", value}};
                                  });
            })),
      {"The clear value of id_number or phone, with a reason; audited", "member", true, reveal,
       R"({"field":"id_number","reason":"核对会员身份"})",
       R"({"field":"id_number","value":"33070219900101123X"})"});
}

namespace {

std::string PortalCookie(std::string_view token, int64_t max_age) {
  return std::string(auth::kPortalCookie) + "=" + std::string(token) +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
}

// The signed-in member's card: the answer of /portal/me and of every sign-in (so the portal
// shows the card with no second round trip). It carries the session's CSRF token, for a page
// opened anew, and the count of unread messages, for the tab bar's badge.
Response CardAnswer(const Request& req, MemberService& members, message::MessageService& messages,
                    int64_t member_id, const std::string& csrf_token) {
  auto unread = messages.Unread(message::Recipient::Member(member_id));
  if (!unread) return Response::Problem(req, unread.error());
  return http::Answer(req, members.Self(member_id), [&](const Member& m) {
    json::object o{
        {"member_id", m.id},         {"name", m.name},         {"card_no", CardNumber(m.id)},
        {"org_id", m.org_id},        {"org_name", m.org_name}, {"category", m.category},
        {"join_date", m.join_date},  {"status", m.status},     {"employment", m.employment},
        {"id_number", m.id_number},  {"phone", m.phone},       {"csrf_token", csrf_token},
        {"unread_messages", *unread}};
    if (m.held_from_org_id) o["held_from"] = m.held_from_org_name;
    return o;
  });
}

// A sign-in's answer: the session's cookie and the member's card.
Response SignedIn(const Request& req, const PortalSession& s, MemberService& members,
                  message::MessageService& messages) {
  Response r = CardAnswer(req, members, messages, s.member_id, s.csrf_token);
  r.headers.emplace_back("Set-Cookie", PortalCookie(s.token, kPortalSessionSeconds));
  return r;
}

json::object ContactJson(const org::Org& o) {
  return {{"id", o.id},
          {"name", o.name},
          {"kind", o.kind},
          {"contact_name", o.contact_name},
          {"contact_phone", o.contact_phone},
          {"address", o.address}};
}

}  // namespace

namespace {

// Open grassroots unions by name wherever they lie: names of unions are public (the portal
// searches them for a worker choosing one to join; a clerk for a transfer's destination). Only
// id, name, kind and address (portal) or the union above (console) leave: never a member count
// or anything else of a union outside the caller's scope.
// The console's search also takes the credit code of the member's new employer (`enterprises`
// set): the union covering it comes first.
Response UnionsAnywhere(const Request& req, org::OrgService& orgs, bool with_parent,
                        org::EnterpriseService* enterprises = nullptr) {
  const auto everyone = auth::System("portal", {});
  auto q = http::TextQuery(req, "q", kNameMax);
  if (!q) return Response::Problem(req, q.error());
  auto found = orgs.Search(everyone, *q, 50);
  if (!found) return Response::Problem(req, found.error());
  if (enterprises) {
    auto covering = enterprises->UnionByCreditCode(*q);
    if (!covering) return Response::Problem(req, covering.error());
    if (*covering) {
      auto o = orgs.Get(everyone, *covering);
      if (!o) return Response::Problem(req, o.error());
      found->insert(found->begin(), *o);
    }
  }
  std::map<int64_t, std::string> above;  // parent id → name, read once each
  std::set<int64_t> seen;                // the code's union may match by name too
  json::array items;
  for (const auto& o : *found) {
    if (!org::IsGrassroots(o.kind) || o.closed_at || !seen.insert(o.id).second) continue;
    json::object item{{"id", o.id}, {"name", o.name}, {"kind", o.kind}};
    if (with_parent) {
      if (!above.contains(o.parent_id)) {
        auto parent = orgs.Get(everyone, o.parent_id);
        above[o.parent_id] = parent ? parent->name : "";
      }
      item["parent_name"] = above[o.parent_id];
    } else {
      item["address"] = o.address;
    }
    items.push_back(std::move(item));
    if (items.size() == 20) break;
  }
  return http::JsonResponse(json::object{{"items", items}});
}

json::object TransferJson(const Transfer& t) {
  return {{"id", t.id},
          {"member_id", t.member_id},
          // Masked: the receiving union holds no record of the person until it accepts.
          {"member_name", MaskName(t.member_name)},
          {"from_org_id", t.from_org_id},
          {"from_org_name", t.from_org_name},
          {"to_org_id", t.to_org_id},
          {"to_org_name", t.to_org_name},
          {"state", t.state},
          {"reason", t.reason},
          {"decision", t.decision},
          {"created_at", FormatInstant(t.created_at)},
          {"decided_at", http::InstantOrNull(t.decided_at)}};
}

// A joining application's payload: what the clerk sees, and the ID number and phone sealed.
struct JoinPayload {
  MemberInput in;
  std::string id_masked, phone_masked;
};

std::string SealJoin(const MemberInput& in, const Vault& vault) {
  return json::serialize(
      json::object{{"name", in.name},
                   {"employer", in.employer},
                   {"category", in.category},
                   {"id_number_masked", MaskIdNumber(in.id_number)},
                   {"phone_masked", in.phone.empty() ? std::string() : MaskPhone(in.phone)},
                   {"sealed", ToHex(vault.Seal(in.id_number + "|" + in.phone))}});
}

Result<MemberInput> OpenJoin(const std::string& payload, const Vault& vault) {
  boost::system::error_code ec;
  auto v = json::parse(payload, ec);
  if (ec || !v.is_object()) {
    return Fail(ErrorCode::kInvalidInput, "申请内容无效", "invalid payload", "payload");
  }
  const auto& o = v.as_object();
  auto text = [&o](const char* key) {
    const auto* f = o.if_contains(key);
    return f && f->is_string() ? std::string(f->as_string()) : std::string();
  };
  auto sealed = FromHex(text("sealed"));
  if (!sealed) return Fail(ErrorCode::kInvalidInput, "申请内容无效", "invalid payload", "payload");
  auto clear = vault.Open(*sealed);
  if (!clear) return std::unexpected(clear.error());
  const auto bar = clear->find('|');
  MemberInput in;
  in.name = text("name");
  in.employer = text("employer");
  in.category = text("category");
  in.id_number = clear->substr(0, bar);
  in.phone = bar == std::string::npos ? "" : clear->substr(bar + 1);
  in.join_date = FormatDate(Today());
  return in;
}

}  // namespace

void RegisterMemberApprovals(approval::ApprovalService& approvals, MemberService& members,
                             const Vault& vault) {
  approvals.Register(
      "join",
      {.permission = "",
       .decide_permission = std::string(auth::kMemberWrite),
       .read_permission = std::string(auth::kMemberRead),
       .reviewed_by_self = true,
       .check = [&members, &vault](store::Conn& c, const Principal&, int64_t org,
                                   const std::string& payload) -> Result<std::string> {
         auto in = OpenJoin(payload, vault);
         if (!in) return std::unexpected(in.error());
         auto union_org = org::FindOrgAnywhere(c, org);  // any union of the tree
         if (!union_org || !org::IsGrassroots(union_org->kind)) {
           return Fail(ErrorCode::kInvalidInput, "请选择要加入的基层工会",
                       "choose the grassroots union to join", "org_id");
         }
         in->org_id = org;
         if (auto r = members.CheckNew(c, *in); !r) return std::unexpected(r.error());
         return "入会：" + in->name;
       },
       .approve = [&members, &vault](store::Conn& c, const Principal& who,
                                     const approval::Application& app) -> Result<std::string> {
         auto in = OpenJoin(app.payload, vault);
         if (!in) return std::unexpected(in.error());
         in->org_id = app.org_id;
         auto m = members.CreateOn(c, who, *in, "入会申请 #" + std::to_string(app.id));
         if (!m) return std::unexpected(m.error());
         return CardNumber(m->id);
       },
       // The worker as the union's clerk will see them: ID number and phone masked.
       .summary = [&vault](store::Conn&,
                           const approval::Application& app) -> Result<approval::Summary> {
         auto in = OpenJoin(app.payload, vault);
         if (!in) return std::unexpected(in.error());
         approval::Summary out;
         auto& f = out.facts;
         f.push_back({"姓名", "Name", in->name, in->name});
         f.push_back(
             {"身份证号", "ID number", MaskIdNumber(in->id_number), MaskIdNumber(in->id_number)});
         f.push_back({"手机", "Phone", MaskPhone(in->phone), MaskPhone(in->phone)});
         f.push_back({"工作单位", "Employer", in->employer, in->employer});
         f.push_back({"职工类别", "Category", std::string(CategoryName(in->category, false)),
                      std::string(CategoryName(in->category, true))});
         f.push_back({"申请加入", "Union to join", app.org_name, app.org_name});
         return out;
       }});
}

void AddImportRoutes(http::Router& router, const auth::Guard& guard, RosterImporter& importer,
                     job::JobRunner& runner) {
  const std::string write(auth::kMemberWrite);
  router.Add(
      "POST", "/api/v1/imports/members",
      guard(
          write,
          [&importer, &runner](const Request& req, const Principal& p) -> Response {
            ImportOptions options;
            options.batch_rows = kServedBatchRows;
            auto org = http::IdQuery(req, "org_id");
            if (!org) return Response::Problem(req, org.error());
            options.org_id = *org;
            auto read_mode = http::TextQuery(req, "mode", kCodeMax);
            if (!read_mode) return Response::Problem(req, read_mode.error());
            const std::string& mode = *read_mode;
            if (mode == "dry_run") {
              options.mode = ImportMode::kDryRun;
            } else if (mode == "all_or_nothing") {
              options.mode = ImportMode::kAllOrNothing;
            } else if (!mode.empty() && mode != "store") {
              return Response::Problem(
                  req, Error{ErrorCode::kInvalidInput, "mode 应为 store、dry_run 或 all_or_nothing",
                             "mode is store, dry_run or all_or_nothing", "mode"});
            }
            if (req.body.empty()) {
              return Response::Problem(req, Error{ErrorCode::kInvalidInput, "请上传花名册文件",
                                                  "upload the roster as the request body", "file"});
            }
            auto saved = runner.SaveUpload(req.body);
            if (!saved) return Response::Problem(req, saved.error());
            const auto upload = *saved;
            const bool english = req.English();
            auto file_name = http::TextQuery(req, "file_name", kEmployerMax);
            if (!file_name) return Response::Problem(req, file_name.error());
            options.file_name = std::filesystem::path(*file_name).filename().string();
            std::string name = *file_name;
            name = name.empty() ? "roster" : std::filesystem::path(name).stem().string();
            auto work = [&importer, who = p, upload, options, english](
                            const std::filesystem::path& file,
                            job::Progress& progress) -> Result<std::string> {
              auto report = importer.Run(who, upload, options, progress);
              std::error_code ignored;
              std::filesystem::remove(upload, ignored);
              if (!report) return std::unexpected(report.error());
              if (!report->problems.empty()) {
                auto sheet = job::XlsxSheet::Create(file, english ? "Report" : "导入报告");
                if (!sheet) return std::unexpected(sheet.error());
                if (auto w = WriteImportReport(*report, english, **sheet); !w) {
                  return std::unexpected(w.error());
                }
                if (auto w = (*sheet)->Close(); !w) return std::unexpected(w.error());
              }
              json::object summary{{"format", report->format},
                                   {"rows", report->rows},
                                   {"stored", report->stored},
                                   {"unchanged", report->unchanged},
                                   {"refused", report->refused}};
              http::AddRowProblems(summary, report->problems);
              return json::serialize(summary);
            };
            auto job = runner.Start(p.user_id, "import:members", name,
                                    (english ? "import report " : "导入报告_") + name + ".xlsx",
                                    english, std::move(work));
            if (!job) return Response::Problem(req, job.error());
            return http::JsonResponse(
                json::object{{"id", job->id}, {"state", job->state}, {"file_name", job->file_name}},
                202);
          }),
      {"Import a roster (.csv in UTF-8 or GBK, or .xlsx) sent as the request body, as a job "
       "(query org_id: the union rows go to; mode: store, dry_run, all_or_nothing; file_name); "
       "poll "
       "/api/v1/jobs/{id}, its summary counts the rows and its file reports the refused ones",
       "member", true, write, "", "", true});
}

void AddTransferRoutes(http::Router& router, const auth::Guard& guard, TransferService& transfers,
                       org::OrgService& orgs, org::EnterpriseService& enterprises) {
  const std::string read(auth::kMemberRead), write(auth::kMemberWrite);
  router.Add("GET", "/api/v1/transfers",
             guard(read,
                   [&transfers](const Request& req, const Principal& p) -> Response {
                     http::ListQuery in(req);
                     const std::string state = in.Text("state", kCodeMax);
                     const bool incoming = in.Text("direction", kCodeMax) != "out";
                     const int64_t member = in.Id("member_id");
                     const PageRequest page = in.Page();
                     if (!in.ok()) return Response::Problem(req, in.error());
                     return http::Answer(req, transfers.List(p, incoming, state, page, member),
                                         [](const Page<Transfer>& list) {
                                           return http::PageResponse(list, TransferJson);
                                         });
                   }),
             {"Transfers into the caller's scope (direction=in, default) or out of it "
              "(direction=out), newest first; filter state, member_id; limit, cursor",
              "member", true, read});

  router.Add("GET", "/api/v1/transfers/unions",
             guard(write,
                   [&orgs, &enterprises](const Request& req, const Principal&) -> Response {
                     return UnionsAnywhere(req, orgs, true, &enterprises);
                   }),
             {"Grassroots unions anywhere in the tree by name or by the credit code of the "
              "enterprise they cover, for the destination of a transfer (会籍转接: a member's new "
              "job may be in another county): id, name and the union above, nothing more",
              "member", true, write});

  router.Add("POST", "/api/v1/members/{id}/transfers",
             guard(write, auth::WithId([&transfers](const Request& req, const Principal& p,
                                                    int64_t id) -> Response {
                     auto b = http::Body::Of(req);
                     const auto to = b.OptId("to_org_id").value_or(0);
                     const auto reason = b.Multiline("reason", auth::kReasonMax);
                     if (!b.ok()) return Response::Problem(req, b.error());
                     return http::Answer(req, transfers.Request(p, id, to, reason), TransferJson,
                                         201);
                   })),
             {"Ask the union the member moves to to take them (会籍转接)", "member", true, write,
              R"({"to_org_id":123,"reason":"调动到新单位"})"});

  for (const char* action : {"accept", "refuse", "cancel"}) {
    router.Add(
        "POST", std::string("/api/v1/transfers/{id}/") + action,
        guard(write,
              auth::WithId([&transfers, action = std::string(action)](
                               const Request& req, const Principal& p, int64_t id) -> Response {
                auto b = http::Body::OfOptional(req);
                const auto reason = b.Multiline("reason", auth::kReasonMax);
                if (!b.ok()) return Response::Problem(req, b.error());
                auto r = action == "accept"   ? transfers.Accept(p, id)
                         : action == "refuse" ? transfers.Refuse(p, id, reason)
                                              : transfers.Cancel(p, id);
                return http::Answer(req, r, TransferJson);
              })),
        {action == std::string("accept")   ? "The destination accepts: the member moves"
         : action == std::string("refuse") ? "The destination refuses, with a reason"
                                           : "The origin withdraws its request",
         "member", true, write, action == std::string("refuse") ? R"({"reason":"岗位已满"})" : "",
         "", false, action == std::string("refuse") ? "" : "none"});
  }
}

namespace {

// Joining a union and moving to another, for workers before and after they are members.
void AddPortalJoinRoutes(http::Router& router, const auth::PortalGuard& as_member,
                         approval::ApprovalService& approvals, TransferService& transfers,
                         org::OrgService& orgs, const Vault& vault) {
  router.Add("GET", "/api/v1/portal/unions",
             [&orgs](const Request& req) -> Response {
               // Names of unions are public: the portal searches the whole tree for a worker.
               return UnionsAnywhere(req, orgs, false);
             },
             {"Grassroots unions by name, for a worker choosing one to join", "portal", false});

  router.Add(
      "POST", "/api/v1/portal/join",
      [&approvals, &vault](const Request& req) -> Response {
        auto b = http::Body::Of(req);
        MemberInput in;
        in.name = b.Text("name", kNameMax, http::kRequired);
        in.id_number = b.Text("id_number", kIdNumberMax, http::kRequired);
        in.phone = b.Text("phone", kPhoneMax, http::kRequired);
        in.category = b.Text("category", kCodeMax, http::kRequired);
        in.employer = b.Text("employer", kEmployerMax);
        in.join_date = FormatDate(Today());
        const auto org = b.OptId("org_id").value_or(0);
        if (!b.ok()) return Response::Problem(req, b.error());
        auto valid = ValidateMember(in, Today());
        if (!valid) return Response::Problem(req, valid.error());
        in.id_number = valid->id.number;
        in.phone = valid->phone;
        // A worker, no user yet: filed by the public, through the portal.
        auto app =
            approvals.Create(auth::System("portal", {}), "join", org, SealJoin(in, vault), true);
        if (!app) return Response::Problem(req, app.error());
        return http::JsonResponse(
            json::object{
                {"application_id", app->id}, {"state", app->state}, {"union", app->org_name}},
            201);
      },
      {"A worker applies to join a union; the union's clerk decides (approve or return)", "portal",
       false, "",
       R"({"name":"张伟","id_number":"33070219900101123X","phone":"13812345678","employer":"某快递公司","category":"courier","org_id":123})"});

  // Where an application stands, for the worker who filed it: they are no member yet and have
  // no account, so the ID number they applied with proves it is theirs. Any mismatch answers
  // exactly as an unknown number does.
  router.Add(
      "POST", "/api/v1/portal/join/status",
      [&approvals, &vault](const Request& req) -> Response {
        auto b = http::Body::Of(req);
        const auto id = b.OptId("application_id");
        const auto id_number = b.Text("id_number", kIdNumberMax, http::kRequired);
        if (!b.ok()) return Response::Problem(req, b.error());
        const auto unknown = Fail(ErrorCode::kNotFound, "没有找到与该身份证号对应的申请",
                                  "no application with that number for that ID number");
        // The worker is no member and no user: the portal reads the application for them, with
        // the one permission a join application's kind requires to be read; the ID number below
        // proves it is theirs before anything of it is shown.
        const auto everywhere = auth::System("portal", {std::string(auth::kMemberRead)});
        auto app = approvals.Get(everywhere, id.value_or(0));
        if (!app || app->kind != "join") return Response::Problem(req, unknown.error());
        auto filed = OpenJoin(app->payload, vault);
        auto given = ParseResidentId(id_number, Today());
        if (!filed || !given || given->number != filed->id_number) {
          return Response::Problem(req, unknown.error());
        }
        auto events = approvals.History(everywhere, app->id);
        if (!events) return Response::Problem(req, events.error());
        json::array steps;
        for (const auto& e : *events) {
          steps.push_back({{"at", FormatInstant(e.at)},
                           {"action", e.action},
                           {"state", e.to_state},
                           {"reason", e.reason}});
        }
        json::object out{{"application_id", app->id},
                         {"state", app->state},
                         {"union", app->org_name},
                         {"steps", steps}};
        if (app->state == "approved") out["card_no"] = app->result;
        return http::JsonResponse(out);
      },
      {"Where a join application stands (submitted, approved with the card number, or returned "
       "with the reason), for the worker who gives its number and their ID number",
       "portal", false, "", R"({"application_id":42,"id_number":"33070219900101123X"})"});

  router.Add("POST", "/api/v1/portal/transfer",
             as_member([&transfers](const Request& req, int64_t member_id) -> Response {
               auto b = http::Body::Of(req);
               const auto to = b.OptId("to_org_id").value_or(0);
               const auto reason = b.Multiline("reason", auth::kReasonMax);
               if (!b.ok()) return Response::Problem(req, b.error());
               // The member asks for themself: member_id is the session's own, so the
               // whole-tree scope reaches no one else's record.
               const auto self = auth::PortalFor(member_id, {std::string(auth::kMemberWrite)});
               return http::Answer(req, transfers.Request(self, member_id, to, reason),
                                   TransferJson, 201);
             }),
             {"The member asks to move to another union (a new job)", "portal", false, "",
              R"({"to_org_id":123,"reason":"换了新工作"})"});

  router.Add("GET", "/api/v1/portal/transfers",
             as_member([&transfers](const Request& req, int64_t member_id) -> Response {
               // The member's own requests, whichever side asked; the whole tree read as the
               // portal, narrowed to the session's member.
               const auto self = auth::System("portal", {std::string(auth::kMemberRead)});
               auto list = transfers.List(self, false, "", {.limit = kOwnListMax}, member_id);
               if (!list) return Response::Problem(req, list.error());
               json::array items;
               for (const auto& t : list->items) items.push_back(TransferJson(t));
               return http::JsonResponse(
                   json::object{{"items", items}, {"truncated", list->next_cursor.has_value()}});
             }),
             {"The member's own transfers, newest first, with their state", "portal", false});
}

// A forgotten password: a code texted to the phone, then the code and a new password.
void AddPortalResetRoutes(http::Router& router, PortalService& portal, MemberService& members,
                          message::MessageService& messages, message::Sink& sink) {
  router.Add("POST", "/api/v1/portal/password/code",
             [&portal, &sink](const Request& req) -> Response {
               auto b = http::Body::Of(req);
               const auto phone = b.Text("phone", 32, http::kRequired);
               if (!b.ok()) return Response::Problem(req, b.error());
               if (auto r = portal.SendResetCode(phone, req.remote, sink); !r) {
                 return Response::Problem(req, r.error());
               }
               // The same answer whether or not the phone is a member's.
               return http::JsonResponse(json::object{{"ok", true}});
             },
             {"A member who forgot the password asks for a code by text (the same answer for any "
              "phone; one a minute)",
              "portal", false, "", R"({"phone":"13812345678"})", R"({"ok":true})"});

  router.Add("POST", "/api/v1/portal/password/reset",
             [&portal, &members, &messages](const Request& req) -> Response {
               auto b = http::Body::Of(req);
               const auto phone = b.Text("phone", 32, http::kRequired);
               const auto code = b.Text("code", 16, http::kRequired);
               const auto password = b.Secret("password");
               if (!b.ok()) return Response::Problem(req, b.error());
               auto s = portal.ResetPassword(phone, code, password, req.remote);
               if (!s) return Response::Problem(req, s.error());
               return SignedIn(req, *s, members, messages);
             },
             {"The member sets a new password with the texted code, and is signed in (every other "
              "portal session ends)",
              "portal", false, "", R"({"phone":"13812345678","code":"123456","password":"…"})",
              R"({"member_id":17,"name":"张伟","card_no":"000000000175","csrf_token":"…"})", false,
              "code:text(16) password:text(256)"});
}

// The member's account (activation, sign-in and out, password) and the member's own card.
void AddPortalAccountRoutes(http::Router& router, const auth::PortalGuard& as_member,
                            PortalService& portal, MemberService& members,
                            message::MessageService& messages) {
  router.Add(
      "POST", "/api/v1/portal/activate",
      [&portal, &members, &messages](const Request& req) -> Response {
        auto b = http::Body::Of(req);
        const auto phone = b.Text("phone", 32, http::kRequired);
        const auto id_number = b.Text("id_number", 32, http::kRequired);
        const auto password = b.Secret("password");
        if (!b.ok()) return Response::Problem(req, b.error());
        auto s = portal.Activate(phone, id_number, password, req.remote);
        if (!s) return Response::Problem(req, s.error());
        return SignedIn(req, *s, members, messages);
      },
      {"A member's first sign-in: phone and resident ID as on record, and a new password", "portal",
       false, "", R"({"phone":"13812345678","id_number":"33070219900101123X","password":"…"})",
       R"({"member_id":17,"name":"张伟","card_no":"000000000175","csrf_token":"…"})", false,
       "password:text(256)"});

  router.Add("POST", "/api/v1/portal/login",
             [&portal, &members, &messages](const Request& req) -> Response {
               auto b = http::Body::Of(req);
               const auto phone = b.Text("phone", 32, http::kRequired);
               const auto password = b.Secret("password");
               if (!b.ok()) return Response::Problem(req, b.error());
               auto s = portal.Login(phone, password, req.remote);
               if (!s) return Response::Problem(req, s.error());
               return SignedIn(req, *s, members, messages);
             },
             {"A member signs in to the portal with phone and password", "portal", false, "",
              R"({"phone":"13812345678","password":"…"})", "", false, "password:text(256)"});

  router.Add("POST", "/api/v1/portal/logout",
             as_member([&portal](const Request& req, int64_t) -> Response {
               if (auto r = portal.Logout(req.Cookie(auth::kPortalCookie)); !r) {
                 return Response::Problem(req, r.error());
               }
               Response out = http::JsonResponse(json::object{{"ok", true}});
               out.headers.emplace_back("Set-Cookie", PortalCookie("", 0));
               return out;
             }),
             {"The member signs out", "portal", false, "", "", "", false, "none"});

  router.Add("POST", "/api/v1/portal/password",
             as_member([&portal](const Request& req, int64_t member_id) -> Response {
               auto b = http::Body::Of(req);
               const auto current = b.Secret("current_password");
               const auto fresh = b.Secret("new_password");
               if (!b.ok()) return Response::Problem(req, b.error());
               auto r = portal.ChangePassword(member_id, req.Cookie(auth::kPortalCookie), current,
                                              fresh, req.remote);
               if (!r) return Response::Problem(req, r.error());
               return http::JsonResponse(json::object{{"ok", true}});
             }),
             {"The member changes their password; every other portal session of theirs ends",
              "portal", false, "", R"({"current_password":"…","new_password":"…"})",
              R"({"ok":true})", false, "current_password:text(256) new_password:text(256)"});

  router.Add(
      "GET", "/api/v1/portal/me",
      as_member([&members, &portal, &messages](const Request& req, int64_t member_id) -> Response {
        auto s = portal.Session(req.Cookie(auth::kPortalCookie));
        if (!s) return Response::Problem(req, s.error());
        return CardAnswer(req, members, messages, member_id, s->csrf_token);
      }),
      {"The signed-in member's membership card: card number, union, personal data masked", "portal",
       false, "",
       R"({"member_id":17,"name":"张伟","card_no":"000000000175","org_name":"某公司工会",)"
       R"("unread_messages":2})"});

  router.Add(
      "GET", "/api/v1/portal/union",
      as_member([&portal](const Request& req, int64_t member_id) -> Response {
        return http::Answer(req, portal.Union(member_id), [](const UnionContacts& u) {
          json::array parents;
          for (const auto& o : u.parents) {
            parents.push_back(ContactJson(o));
          }
          return json::object{{"org", ContactJson(u.union_org)}, {"parents", parents}};
        });
      }),
      {"The member's union and the federations above it, with their contacts", "portal", false});
}

}  // namespace

void AddPortalRoutes(http::Router& router, const auth::PortalGuard& as_member,
                     PortalService& portal, MemberService& members,
                     approval::ApprovalService& approvals, TransferService& transfers,
                     org::OrgService& orgs, const Vault& vault, message::MessageService& messages,
                     message::Sink& sink) {
  AddPortalJoinRoutes(router, as_member, approvals, transfers, orgs, vault);
  AddPortalAccountRoutes(router, as_member, portal, members, messages);
  AddPortalResetRoutes(router, portal, members, messages, sink);
}

job::Exporter MembersExporter(MemberService& members) {
  return {std::string(auth::kMemberRead), "会员", "Members", "member",
          [&members](const Principal& who, const job::Filters& f,
                     bool english) -> Result<job::ExportWrite> {
            MemberQuery q;
            auto org = job::IdFilter(f, "org_id");
            if (!org) return std::unexpected(org.error());
            q.org_id = *org;
            q.name = job::TextFilter(f, "name");
            q.q = job::TextFilter(f, "q");
            q.category = job::TextFilter(f, "category");
            q.status = job::TextFilter(f, "status");
            q.situation = job::TextFilter(f, "situation");
            q.limit = 1;
            if (auto probe = members.List(who, q); !probe) return std::unexpected(probe.error());
            return [&members, who, q, english](job::Sheet& sheet, job::Progress& progress) {
              return members.Export(who, q, english, sheet, progress);
            };
          }};
}

}  // namespace nj::member
