#include "payout/routes.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "auth/shapes.h"
#include "core/date.h"
#include "http/json.h"
#include "payout/bank_file.h"

namespace nj::payout {

namespace {

namespace json = boost::json;
using auth::Principal;
using http::Request;
using http::Response;

json::object AccountJson(const Account& a) {
  return {{"id", a.id},
          {"member_id", a.member_id},
          {"bank_code", a.bank_code},
          {"bank_name", a.bank_name},
          {"account", a.account},
          {"holder", a.holder},
          {"luhn_ok", a.luhn_ok},
          {"reason", a.reason},
          {"valid_from", http::InstantOrNull(a.valid_from)},
          {"valid_to", http::InstantOrNull(a.valid_to)}};
}

json::object ItemJson(const Item& i) {
  return {{"id", i.id},
          {"source_module", i.source_module},
          {"source_id", i.source_id},
          {"member_id", i.member_id},
          {"member_name", i.member_name},
          {"org_id", i.org_id},
          {"org_name", i.org_name},
          {"amount_fen", i.amount_fen},
          {"purpose", i.purpose},
          {"fund", i.fund},
          {"fund_name", i.fund_name},
          {"state", i.state},
          {"batch_id", i.batch_id ? json::value(i.batch_id) : json::value(nullptr)},
          {"account", i.account},
          {"paid_at", http::InstantOrNull(i.paid_at)},
          {"last_failure", i.last_failure},
          {"retry", i.retry},
          {"created_at", http::InstantOrNull(i.created_at)}};
}

json::object BatchJson(const Batch& b) {
  return {{"id", b.id},
          {"fund", b.fund},
          {"fund_name", b.fund_name},
          {"org_id", b.org_id},
          {"org_name", b.org_name},
          {"state", b.state},
          {"item_count", b.item_count},
          {"total_fen", b.total_fen},
          {"application_id", b.application_id},
          {"created_by", b.created_by},
          {"created_by_name", b.created_by_name},
          {"created_at", http::InstantOrNull(b.created_at)},
          {"file_format", b.file_format},
          {"file_sha256", b.file_sha256},
          {"exported_at", http::InstantOrNull(b.exported_at)},
          {"paid_count", b.paid_count},
          {"paid_fen", b.paid_fen},
          {"failed_count", b.failed_count},
          {"failed_fen", b.failed_fen},
          {"reconciled_at", http::InstantOrNull(b.reconciled_at)},
          {"without_account", b.without_account},
          {"awaiting_account", b.awaiting_account}};
}

json::object MissingJson(const MissingAccount& m) {
  return {{"member_id", m.member_id},     {"name", m.name},
          {"id_number", m.id_number},     {"org_id", m.org_id},
          {"org_name", m.org_name},       {"items", m.items},
          {"pending_fen", m.pending_fen}, {"since", http::InstantOrNull(m.since)}};
}

json::object Dictionary(const std::vector<CodeName>& list) {
  json::array items;
  for (const auto& b : list)
    items.push_back({{"code", b.code}, {"name", b.name}, {"name_en", b.name_en}});
  return {{"items", items}};
}

// The bounds of payout fields. A purpose goes into a bank file's record: one line, short.
constexpr int64_t kCodeMax = 40, kSourceIdMax = 64, kPurposeMax = 100, kHolderMax = 50,
                  kAccountNoMax = 40;

}  // namespace

namespace {

// ---- Banks, funds and members' bank accounts ----------------------------------------------
void AddAccountRoutes(http::Router& router, const auth::Guard& guard, PayoutService& payouts) {
  const std::string read(kRead), write(kWrite);
  router.Add("GET", "/api/v1/payout/banks",
             guard(read,
                   [&payouts](const Request& req, const Principal&) -> Response {
                     return http::Answer(req, payouts.Banks(), Dictionary);
                   }),
             {"Banks by CNAPS bank-class code", "payout", true, read});
  router.Add("GET", "/api/v1/payout/funds",
             guard(read,
                   [&payouts](const Request& req, const Principal&) -> Response {
                     return http::Answer(req, payouts.Funds(), Dictionary);
                   }),
             {"Funds that pay, each with its own journal", "payout", true, read});

  router.Add("GET", "/api/v1/members/{id}/bank-accounts",
             guard(read, auth::WithId([&payouts](const Request& req, const Principal& p,
                                                 int64_t id) -> Response {
                     return http::Answer(req, payouts.Accounts(p, id), http::Items(AccountJson));
                   })),
             {"A member's bank accounts, current first (numbers masked)", "payout", true, read});
  router.Add(
      "PUT", "/api/v1/members/{id}/bank-account",
      guard(write, auth::WithId([&payouts](const Request& req, const Principal& p,
                                           int64_t id) -> Response {
              auto b = http::Body::Of(req);
              AccountInput in;
              in.bank_code = b.Text("bank_code", kCodeMax);
              in.account_no = b.Text("account_no", kAccountNoMax);
              in.holder = b.Text("holder", kHolderMax);
              in.reason = b.Multiline("reason", auth::kReasonMax);
              if (!b.ok()) return Response::Problem(req, b.error());
              return http::Answer(req, payouts.SetAccount(p, id, in), [&req](const Account& a) {
                json::object o = AccountJson(a);
                if (!a.luhn_ok) {
                  o["warnings"] = json::array{json::object{
                      {"field", "account_no"},
                      {"message", req.English()
                                      ? "the number fails the card check digit: please confirm it "
                                        "with the member (saved)"
                                      : "账号未通过银行卡校验位检查，请与会员核对（已保存）"}}};
                }
                return o;
              });
            })),
      {"Set the member's bank account from now on (the holder must be the member's name)", "payout",
       true, write,
       R"({"bank_code":"102","account_no":"6222 0212 3456 7890","holder":"张伟","reason":"会员提供工资卡"})"});
}

// ---- Payout items -------------------------------------------------------------------------
void AddItemRoutes(http::Router& router, const auth::Guard& guard, PayoutService& payouts) {
  const std::string read(kRead), write(kWrite);
  router.Add(
      "POST", "/api/v1/payout/items",
      guard(write,
            [&payouts](const Request& req, const Principal& p) -> Response {
              auto b = http::Body::Of(req);
              ItemRequest r;
              r.source_module = b.Text("source_module", kCodeMax);
              r.source_id = b.Text("source_id", kSourceIdMax);
              r.purpose = b.Text("purpose", kPurposeMax);
              r.fund = b.Text("fund", kCodeMax);
              r.member_id = b.OptId("member_id").value_or(0);
              r.amount_fen = b.OptFen("amount_fen").value_or(0);
              if (!b.ok()) return Response::Problem(req, b.error());
              auto item = payouts.Request(p, r);
              if (!item) return Response::Problem(req, item.error());
              return http::JsonResponse(ItemJson(*item), item->created ? 201 : 200);
            }),
      {"Ask to pay a member (once per source_module + source_id: asking again answers the "
       "same item, 200)",
       "payout", true, write,
       R"({"source_module":"mutual_aid","source_id":"claim-42","member_id":7,"amount_fen":123450,"purpose":"住院医疗互助金","fund":"mutual_aid"})"});
  router.Add(
      "GET", "/api/v1/payout/items",
      guard(read,
            [&payouts](const Request& req, const Principal& p) -> Response {
              ItemQuery q;
              http::ListQuery in(req);
              q.org_id = in.Id("org_id");
              q.member_id = in.Id("member_id");
              q.batch_id = in.Id("batch_id");
              q.state = in.Text("state", kCodeMax);
              q.fund = in.Text("fund", kCodeMax);
              q.name = in.Text("q");
              std::tie(q.limit, q.after_id) = in.IdPage();
              if (!in.ok()) return Response::Problem(req, in.error());
              return http::Answer(req, payouts.Items(p, q), [](const Page<Item>& list) {
                return http::PageResponse(list, ItemJson);
              });
            }),
      {"Payout items in the caller's scope, newest first; filters org_id, member_id, "
       "batch_id, state (failed: pending items the bank failed, with retry awaiting_account "
       "or ready), fund, q (any part of the member's name, traditional too, spaces ignored); "
       "cursor",
       "payout", true, read});
  router.Add("GET", "/api/v1/payout/missing-accounts",
             guard(read,
                   [&payouts](const Request& req, const Principal& p) -> Response {
                     MissingQuery q;
                     http::ListQuery in(req);
                     q.org_id = in.Id("org_id");
                     std::tie(q.limit, q.after_id) = in.IdPage();
                     if (!in.ok()) return Response::Problem(req, in.error());
                     return http::Answer(req, payouts.MissingAccounts(p, q),
                                         [](const Page<MissingAccount>& list) {
                                           return http::PageResponse(list, MissingJson);
                                         });
                   }),
             {"Members in the caller's scope with pending payout items and no bank account "
              "(names and ID numbers masked), newest member first; filter org_id; cursor. "
              "Exported as payout_missing_accounts",
              "payout", true, read});
}

// ---- Batches ------------------------------------------------------------------------------
// POST …/batches/{id}/reconcile: the bank's result file is kept and applied by a job run as the
// caller. A batch the caller cannot see is answered now (404, as every route), not as a failed
// job; what is wrong with the file fails the job, with the line and the reason in its error.
Response StartReconcileJob(PayoutService& payouts, job::JobRunner& jobs, const Request& req,
                           const Principal& p) {
  auto id = http::IdParam(req);
  if (!id) return Response::Problem(req, id.error());
  auto format = http::TextQuery(req, "format", kCodeMax);
  if (!format) return Response::Problem(req, format.error());
  if (!format->empty() && !IsKnownFormat(*format)) {
    return Response::Problem(
        req, Error{ErrorCode::kInvalidInput, "未知的银行文件格式：可用 generic、ccb",
                   "unknown bank file format; known: generic, ccb", "format"});
  }
  if (auto batch = payouts.GetBatch(p, *id); !batch) return Response::Problem(req, batch.error());
  if (req.body.empty()) {
    return Response::Problem(req, Error{ErrorCode::kInvalidInput, "请上传银行回盘文件",
                                        "upload the bank's result file as the body", "file"});
  }
  auto saved = jobs.SaveUpload(req.body);
  if (!saved) return Response::Problem(req, saved.error());
  auto work = [&payouts, who = p, id = *id, format = *format, upload = *saved](
                  const std::filesystem::path&, job::Progress& progress) -> Result<std::string> {
    std::ostringstream bytes;
    {
      std::ifstream in(upload, std::ios::binary);
      bytes << in.rdbuf();
    }
    std::error_code ignored;
    std::filesystem::remove(upload, ignored);
    auto r = payouts.Reconcile(who, id, format, bytes.view(), &progress);
    if (!r) return std::unexpected(r.error());
    return json::serialize(json::object{{"batch", BatchJson(r->batch)},
                                        {"paid", r->paid},
                                        {"failed", r->failed},
                                        {"already", r->already}});
  };
  auto job = jobs.Start(p.user_id, "payout:reconcile", std::to_string(*id), "", req.English(),
                        std::move(work));
  if (!job) return Response::Problem(req, job.error());
  return http::JsonResponse(json::object{{"id", job->id}, {"state", job->state}}, 202);
}

void AddBatchRoutes(http::Router& router, const auth::Guard& guard, PayoutService& payouts,
                    job::JobRunner& jobs) {
  const std::string read(kRead), write(kWrite), approve(kApprove);
  router.Add("POST", "/api/v1/payout/batches",
             guard(write,
                   [&payouts](const Request& req, const Principal& p) -> Response {
                     auto b = http::Body::Of(req);
                     const auto fund = b.Text("fund", kCodeMax, http::kRequired);
                     const auto org = b.OptId("org_id").value_or(p.org_id);
                     if (!b.ok()) return Response::Problem(req, b.error());
                     return http::Answer(req, payouts.CreateBatch(p, fund, org), BatchJson, 201);
                   }),
             {"Gather the pending items of a fund in an organisation's subtree into a batch and "
              "file it for approval",
              "payout", true, write, R"({"fund":"mutual_aid","org_id":12})", "", false, "", true});
  router.Add(
      "GET", "/api/v1/payout/batches",
      guard(read,
            [&payouts](const Request& req, const Principal& p) -> Response {
              http::ListQuery in(req);
              const std::string state = in.Text("state", kCodeMax);
              const bool to_approve = in.Flag("to_approve");
              const PageRequest page = in.Page();
              if (!in.ok()) return Response::Problem(req, in.error());
              return http::Answer(
                  req, payouts.Batches(p, state, page, to_approve),
                  [](const Page<Batch>& list) { return http::PageResponse(list, BatchJson); });
            }),
      {"Batches in the caller's scope, newest first; filters state, to_approve=1 (drafts the "
       "caller may approve: not those it made); limit, cursor",
       "payout", true, read});
  router.Add("GET", "/api/v1/payout/batches/{id}",
             guard(read, auth::ById([&payouts](const Principal& p,
                                               int64_t id) { return payouts.GetBatch(p, id); },
                                    BatchJson)),
             {"One batch", "payout", true, read});
  router.Add(
      "POST", "/api/v1/payout/batches/{id}/approve",
      guard(approve, auth::WithReason(
                         [&payouts](const Principal& p, int64_t id, const std::string& reason) {
                           return payouts.Approve(p, id, reason);
                         },
                         BatchJson)),
      {"Approve a batch (never by its creator)", "payout", true, approve,
       R"({"reason":"已核对"})"});
  router.Add(
      "POST", "/api/v1/payout/batches/{id}/cancel",
      guard(write, auth::WithReason(
                       [&payouts](const Principal& p, int64_t id, const std::string& reason) {
                         return payouts.Cancel(p, id, reason);
                       },
                       BatchJson)),
      {"Cancel a batch before export; its items are pending again", "payout", true, write,
       R"({"reason":"金额有误"})"});
  router.Add("POST", "/api/v1/payout/batches/{id}/export",
             guard(write, auth::WithId([&payouts](const Request& req, const Principal& p,
                                                  int64_t id) -> Response {
                     auto b = http::Body::OfOptional(req);
                     std::string format = b.Text("format", kCodeMax);
                     if (!b.ok()) return Response::Problem(req, b.error());
                     if (format.empty()) format = "generic";
                     auto file = payouts.Export(p, id, format);
                     if (!file) return Response::Problem(req, file.error());
                     return http::Answer(req, payouts.GetBatch(p, id), BatchJson);
                   })),
             {"Write the bank file of an approved batch (format generic or ccb)", "payout", true,
              write, R"({"format":"generic"})"});
  router.Add(
      "GET", "/api/v1/payout/batches/{id}/file",
      guard(read, auth::WithId([&payouts](const Request& req, const Principal& p,
                                          int64_t id) -> Response {
              auto file = payouts.File(p, id);
              if (!file) return Response::Problem(req, file.error());
              return Response{
                  200,
                  file->name.ends_with(".csv") ? "text/csv; charset=utf-8"
                                               : "text/plain; charset=gb18030",
                  std::move(file->bytes),
                  {{"Content-Disposition", "attachment; filename=\"" + file->name + "\""},
                   {"X-Content-SHA256", file->sha256},
                   {"Cache-Control", "no-store"}}};
            })),
      {"The bank file of an exported batch, byte for byte as exported", "payout", true, read});
  router.Add("POST", "/api/v1/payout/batches/{id}/reconcile",
             guard(write,
                   [&payouts, &jobs](const Request& req, const Principal& p) -> Response {
                     return StartReconcileJob(payouts, jobs, req, p);
                   }),
             {"Apply the bank's result file (the request body; query format, default generic) as "
              "a job; poll /api/v1/jobs/{id}: its summary is the batch and the counts paid and "
              "failed (already: reconciled before, nothing changed); a file that does not match "
              "the batch fails the job and changes nothing",
              "payout", true, write, "", "", true});
}

// ---- The ledger ---------------------------------------------------------------------------
json::object ReportRowJson(const ReportRow& r) {
  return {{"month", r.month},         {"fund", r.fund},
          {"fund_name", r.fund_name}, {"source_module", r.source_module},
          {"org_id", r.org_id},       {"org_name", r.org_name},
          {"count", r.count},         {"amount_fen", r.amount_fen}};
}

void AddLedgerRoutes(http::Router& router, const auth::Guard& guard, PayoutService& payouts) {
  const std::string read(kRead);
  router.Add("GET", "/api/v1/ledger/balances",
             guard(read,
                   [&payouts](const Request& req, const Principal& p) -> Response {
                     auto org = http::IntQuery(req, "org_id", 0);
                     if (!org) return Response::Problem(req, org.error());
                     return http::Answer(req, payouts.Balances(p, *org),
                                         [](const std::vector<Balance>& list) {
                                           json::array items;
                                           for (const auto& b : list) {
                                             items.push_back({{"fund", b.fund},
                                                              {"fund_name", b.fund_name},
                                                              {"account", b.account},
                                                              {"balance_fen", b.balance_fen}});
                                           }
                                           return json::object{{"items", items}};
                                         });
                   }),
             {"Ledger balances per fund and account in an organisation's subtree (debits minus "
              "credits)",
              "payout", true, read});
  router.Add(
      "GET", "/api/v1/ledger/report",
      guard(read,
            [&payouts](const Request& req, const Principal& p) -> Response {
              auto org = http::IdQuery(req, "org_id");
              if (!org) return Response::Problem(req, org.error());
              auto from = http::MonthQuery(req, "from");
              if (!from) return Response::Problem(req, from.error());
              auto to = http::MonthQuery(req, "to");
              if (!to) return Response::Problem(req, to.error());
              auto page = http::ReadPage(req);
              if (!page) return Response::Problem(req, page.error());
              return http::Answer(
                  req, payouts.PaidReportPage(p, *org, *from, *to, *page), [](const ReportPage& r) {
                    auto out = http::PageResponse(r.page, ReportRowJson);
                    out["totals"] = {{"count", r.count}, {"amount_fen", r.amount_fen}};
                    json::array months;
                    for (const auto& [month, fen] : r.by_month) {
                      months.push_back({{"month", month}, {"amount_fen", fen}});
                    }
                    out["by_month"] = std::move(months);
                    return out;
                  });
            }),
      {"Money paid by month, fund, source module and organisation (from, to: YYYY-MM), a "
       "page at a time (limit, cursor) in that order; totals: the count and amount of "
       "every row of the filter; by_month: the amount of each month with payments",
       "payout", true, read, "",
       R"({"items":[{"month":"2026-11","fund":"mutual_aid","fund_name":"职工医疗互助保障金","source_module":"mutual_aid","org_id":12,"org_name":"某某公司工会","count":3,"amount_fen":1256000}],"next_cursor":null,"totals":{"count":3,"amount_fen":1256000}})"});
}

// ---- Portal -------------------------------------------------------------------------------
void AddPortalPayoutRoutes(http::Router& router, PayoutService& payouts,
                           const auth::PortalGuard& portal) {
  router.Add("GET", "/api/v1/portal/payments",
             portal([&payouts](const Request& req, int64_t member) -> Response {
               http::ListQuery in(req);
               const auto [limit, after_id] = in.IdPage();
               if (!in.ok()) return Response::Problem(req, in.error());
               return http::Answer(
                   req, payouts.ItemsOfMember(member, limit, after_id),
                   [](const Page<PayoutService::ItemWithFailures>& page) {
                     return http::PageResponse(page, [](const auto& row) {
                       const auto& [i, failures] = row;
                       json::array fs;
                       for (const auto& f : failures) {
                         fs.push_back({{"at", http::InstantOrNull(f.at)}, {"reason", f.reason}});
                       }
                       return json::object{{"id", i.id},
                                           {"purpose", i.purpose},
                                           {"fund", i.fund},
                                           {"fund_name", i.fund_name},
                                           {"amount_fen", i.amount_fen},
                                           {"state", i.state},
                                           {"paid_at", http::InstantOrNull(i.paid_at)},
                                           {"account", i.account},
                                           {"last_failure", i.last_failure},
                                           {"retry", i.retry},
                                           {"failures", fs}};
                     });
                   });
             }),
             {"The signed-in member's payments, newest first (limit, cursor): what was paid, "
              "when, to which card (masked), and what failed and why",
              "portal", false});
  router.Add(
      "GET", "/api/v1/portal/bank-account",
      portal([&payouts](const Request& req, int64_t member) -> Response {
        auto own = payouts.OwnAccount(member);
        if (!own) return Response::Problem(req, own.error());
        auto banks = payouts.Banks();
        if (!banks) return Response::Problem(req, banks.error());
        // card_luhn: the form checks a number as ParseBankAccount will, before sending.
        json::array list;
        for (const auto& b : *banks) {
          list.push_back({{"code", b.code},
                          {"name", b.name},
                          {"name_en", b.name_en},
                          {"card_luhn", b.card_luhn}});
        }
        json::object o{{"banks", std::move(list)}};
        o["account"] = *own ? json::value(AccountJson(**own)) : json::value(nullptr);
        return http::JsonResponse(o);
      }),
      {"The signed-in member's bound card (masked) or null, and the banks to choose from (with "
       "card_luhn: whether the bank's card numbers carry a Luhn check digit)",
       "portal", false});
  router.Add("PUT", "/api/v1/portal/bank-account",
             portal([&payouts](const Request& req, int64_t member) -> Response {
               auto b = http::Body::Of(req);
               AccountInput in;
               in.bank_code = b.Text("bank_code", kCodeMax, http::kRequired);
               in.account_no = b.Text("account_no", kAccountNoMax, http::kRequired);
               in.holder = b.Text("holder", kHolderMax, http::kRequired);
               if (!b.ok()) return Response::Problem(req, b.error());
               return http::Answer(req, payouts.BindOwnAccount(member, in), AccountJson);
             }),
             {"The member binds (or changes) their card: the holder must be their own name, the "
              "number is checked by length and by Luhn where the bank uses it",
              "portal", false, "",
              R"({"bank_code":"102","account_no":"6222 0212 3456 7890 123","holder":"张伟"})", "",
              false, "bank_code:text(40) account_no:text(40) holder:text(50)"});
}

}  // namespace

void AddPayoutRoutes(http::Router& router, const auth::Guard& guard, PayoutService& payouts,
                     job::JobRunner& jobs, const auth::PortalGuard& portal) {
  AddAccountRoutes(router, guard, payouts);
  AddItemRoutes(router, guard, payouts);
  AddBatchRoutes(router, guard, payouts, jobs);
  AddLedgerRoutes(router, guard, payouts);
  AddPortalPayoutRoutes(router, payouts, portal);
}

}  // namespace nj::payout
