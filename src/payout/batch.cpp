// Batches: gathered, approved by a second person, exported as the bank's file, reconciled with
// the bank's result. Each step is one transaction and set-based: a million items take a few
// statements, not a million round trips.
#include <fmt/core.h>

#include <algorithm>
#include <functional>
#include <map>
#include <unordered_map>

#include "auth/audit.h"
#include "auth/scope.h"
#include "core/date.h"
#include "core/fault.h"
#include "core/fields.h"
#include "core/money.h"
#include "message/message.h"
#include "payout/bank_file.h"
#include "payout/internal.h"
#include "payout/payout.h"
#include "payout/rules.h"

namespace nj::payout {

namespace {

using store::Value;

// Runs a query ordered by id (its first column) a chunk at a time: `params(after, limit)` gives
// the parameters of the chunk after id `after`; `each` sees every row; `progress` (may be null)
// advances by each chunk.
Result<void> InChunks(store::Conn& c, std::string_view sql,
                      const std::function<std::vector<Value>(int64_t, int64_t)>& params,
                      const std::function<Result<void>(const store::Row&)>& each,
                      job::Progress* progress) {
  constexpr int64_t kChunk = 20'000;
  for (int64_t after = 0;;) {
    auto rows = c.Query(sql, params(after, kChunk));
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : *rows) {
      if (auto e = each(r); !e) return e;
    }
    if (progress) progress->Advance(static_cast<int64_t>(rows->size()));
    if (static_cast<int64_t>(rows->size()) < kChunk) return {};
    after = rows->back().Int(0);
  }
}

#define NJ_BATCH_SELECT                                                                      \
  "SELECT b.id, b.fund, b.org_id, o.name, b.state, b.item_count, b.total_fen, "              \
  "b.application_id, b.created_by, u.username, b.created_at, b.file_format, b.file_sha256, " \
  "b.exported_at, b.paid_count, b.paid_fen, b.failed_count, b.failed_fen, b.reconciled_at, " \
  "b.org_path, f.name FROM payout_batch b JOIN org o ON o.id = b.org_id "                    \
  "JOIN fund f ON f.code = b.fund LEFT JOIN app_user u ON u.id = b.created_by "

constexpr std::string_view kGet = NJ_BATCH_SELECT "WHERE b.id = ?";
constexpr std::string_view kList = NJ_BATCH_SELECT
    "WHERE b.org_path >= ? AND b.org_path < ? AND (? = '' OR b.state = ?) "
    "AND (? = 0 OR (b.state = 'draft' AND COALESCE(b.created_by, 0) <> ?)) "
    "AND (? = 0 OR b.id < ?) ORDER BY b.id DESC LIMIT ?";
// Batch numbers are taken in the writing transaction, so a step killed and run again gives
// the batch the number it would have had (a sequence would skip it on PostgreSQL).
constexpr std::string_view kNextId = "SELECT COALESCE(MAX(id), 0) + 1 FROM payout_batch";
constexpr std::string_view kInsert =
    "INSERT INTO payout_batch (id, fund, org_id, org_path, state, item_count, total_fen, "
    "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, 'draft', 0, 0, ?, ?, ?)";
// Each pending item joined to its member's current account (one look-up per item); items of
// members without one are not matched and stay pending, and so are items the bank failed while
// the account is one they failed on (it must be fixed first: changed after the failure). Two plans:
// through the index of the fund's items by organisation (a small subtree), or, on SQLite, down the
// table in row order when the subtree holds a large share of the items — visiting a million rows in
// index order rewrites them in random order, three times slower.
#define NJ_GATHER(TABLE)                                                                    \
  "UPDATE " TABLE                                                                           \
  " SET state = 'batched', batch_id = ?, account_id = a.id "                                \
  "FROM payout_account a WHERE a.member_id = payout_item.member_id AND a.valid_to IS NULL " \
  "AND payout_item.state = 'pending' AND payout_item.fund = ? "                             \
  "AND payout_item.org_path >= ? AND payout_item.org_path < ? "                             \
  "AND (payout_item.last_failure = '' OR NOT EXISTS (SELECT 1 FROM payout_failure f "       \
  "WHERE f.item_id = payout_item.id AND f.account_id = a.id))"
constexpr std::string_view kGather = NJ_GATHER("payout_item");
constexpr std::string_view kGatherInRowOrder = NJ_GATHER("payout_item NOT INDEXED");
constexpr std::string_view kItemsIn =
    "SELECT COUNT(*) FROM payout_item WHERE fund = ? AND org_path >= ? AND org_path < ?";
constexpr std::string_view kAllItems = "SELECT COUNT(*) FROM payout_item";
constexpr std::string_view kTotals =
    "SELECT COUNT(*), COALESCE(SUM(amount_fen), 0) FROM payout_item "
    "WHERE batch_id = ? AND state = 'batched'";
#define NJ_LEFT_OUT(TABLE)                                   \
  "SELECT COUNT(*) FROM " TABLE                              \
  " WHERE state = 'pending' AND fund = ? AND org_path >= ? " \
  "AND org_path < ?"
// Of those left out, the items the bank failed that wait for their member's account to be fixed.
#define NJ_AWAITING_ACCOUNT(TABLE)                                              \
  "SELECT COUNT(*) FROM " TABLE                                                 \
  " WHERE i.state = 'pending' AND i.fund = ? "                                  \
  "AND i.org_path >= ? AND i.org_path < ? AND i.last_failure <> '' "            \
  "AND EXISTS (SELECT 1 FROM payout_account a WHERE a.member_id = i.member_id " \
  "AND a.valid_to IS NULL)"
constexpr std::string_view kLeftOut = NJ_LEFT_OUT("payout_item");
constexpr std::string_view kAwaitingAccount = NJ_AWAITING_ACCOUNT("payout_item i");
// After gathering most of the items (the row-order plan), those left are counted through the
// index of pending items, which holds just them: the index by organisation holds every item of
// the subtree, paid ones too, and the planner takes it (a million look-ups, 2 s, for a count of
// a few).
constexpr std::string_view kLeftOutInRowOrder =
    NJ_LEFT_OUT("payout_item INDEXED BY payout_item_pending");
constexpr std::string_view kAwaitingAccountInRowOrder =
    NJ_AWAITING_ACCOUNT("payout_item AS i INDEXED BY payout_item_pending");
constexpr std::string_view kSetTotals =
    "UPDATE payout_batch SET item_count = ?, total_fen = ?, application_id = ? WHERE id = ?";
constexpr std::string_view kSetState =
    "UPDATE payout_batch SET state = ?, updated_at = ? WHERE id = ? AND state = ?";
constexpr std::string_view kRelease =
    "UPDATE payout_item SET state = 'pending', batch_id = NULL, account_id = NULL "
    "WHERE batch_id = ? AND state = 'batched'";
constexpr std::string_view kExported =
    "UPDATE payout_batch SET state = 'exported', file_format = ?, file_sha256 = ?, "
    "exported_at = ?, updated_at = ? WHERE id = ? AND state = 'approved'";
// The payments of a batch in file order, with the account each was bound to: the batch's own
// items, and those that failed in it and went back (their binding kept in the failure). Read a
// chunk at a time after an item id, so that a million payments never sit in memory as rows.
constexpr std::string_view kFileRows =
    "SELECT i.id, a.account_enc, a.holder, a.bank_code, i.amount_fen, i.purpose "
    "FROM payout_item i JOIN payout_account a ON a.id = i.account_id "
    "WHERE i.batch_id = ? AND i.id > ? "
    "UNION ALL SELECT i.id, a.account_enc, a.holder, a.bank_code, i.amount_fen, i.purpose "
    "FROM payout_failure f JOIN payout_item i ON i.id = f.item_id "
    "JOIN payout_account a ON a.id = f.account_id WHERE f.batch_id = ? AND i.id > ? "
    "ORDER BY 1 LIMIT ?";
constexpr std::string_view kBatchItems =
    "SELECT id, amount_fen, account_id, org_id, member_id, purpose FROM payout_item "
    "WHERE batch_id = ? "
    "AND state = 'batched' "
    "AND id > ? ORDER BY id LIMIT ?";
constexpr std::string_view kFail =
    "UPDATE payout_item SET state = 'pending', batch_id = NULL, account_id = NULL, "
    "last_failure = ? WHERE id = ? AND batch_id = ? AND state = 'batched'";
constexpr std::string_view kPay =
    "UPDATE payout_item SET state = 'paid', paid_at = ?, last_failure = '' "
    "WHERE batch_id = ? AND state = 'batched'";
constexpr std::string_view kPostPaid =
    "INSERT INTO ledger_entry (fund, kind, item_id, batch_id, org_id, debit, credit, amount_fen, "
    "posted_at) SELECT fund, 'paid', id, batch_id, org_id, 'payable', 'bank', amount_fen, ? "
    "FROM payout_item WHERE batch_id = ? AND state = 'paid'";
constexpr std::string_view kReconciled =
    "UPDATE payout_batch SET state = 'reconciled', paid_count = ?, paid_fen = ?, "
    "failed_count = ?, failed_fen = ?, reconciled_at = ?, updated_at = ? "
    "WHERE id = ? AND state = 'exported'";

struct Loaded {
  Batch batch;
  std::string org_path;
};

Batch FromRow(const store::Row& r) {
  Batch b;
  r.Into(0, b.id, b.fund, b.org_id, b.org_name, b.state, b.item_count, b.total_fen);
  b.application_id = r.IsNull(7) ? 0 : r.Int(7);
  b.created_by = r.IsNull(8) ? 0 : r.Int(8);
  r.Into(9, b.created_by_name, b.created_at, b.file_format, b.file_sha256);
  b.exported_at = r.IsNull(13) ? 0 : r.Int(13);
  r.Into(14, b.paid_count, b.paid_fen, b.failed_count, b.failed_fen);
  b.reconciled_at = r.IsNull(18) ? 0 : r.Int(18);
  b.fund_name = r.Text(20);
  return b;
}

std::unexpected<Error> NoSuch(int64_t id) {
  return Fail(ErrorCode::kNotFound, "批次不存在：" + std::to_string(id),
              "no such batch: " + std::to_string(id));
}

// The batch `id` if it lies in `scope`.
Result<Loaded> Load(store::Conn& c, const auth::PathRange& scope, int64_t id) {
  const Value p[] = {id};
  auto rows = c.Query(kGet, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty() || !scope.Contains((*rows)[0].Text(19))) return NoSuch(id);
  return Loaded{FromRow((*rows)[0]), (*rows)[0].Text(19)};
}

std::string StateName(std::string_view s) {
  if (s == "draft") return "待审核";
  if (s == "approved") return "已审核";
  if (s == "exported") return "已导出";
  if (s == "reconciled") return "已对账";
  if (s == "cancelled") return "已取消";
  return std::string(s);
}

std::unexpected<Error> WrongState(const Batch& b, std::string_view wanted_zh,
                                  std::string_view wanted_en) {
  return Fail(
      ErrorCode::kConflict,
      "批次 #" + std::to_string(b.id) + " " + StateName(b.state) + "，" + std::string(wanted_zh),
      "batch #" + std::to_string(b.id) + " is " + b.state + ": " + std::string(wanted_en));
}

// `l`: the batch as loaded before the step (after it, for "create"), whose state is the before
// image of a step that moves it.
Result<void> Audit(store::Conn& c, const auth::Principal& who, const Loaded& l,
                   std::string_view action, std::string after, std::string_view reason) {
  const bool moves = action != "create" && action != "download";
  return auth::AppendAudit(c, who,
                           {std::string(action), "payout_batch", std::to_string(l.batch.id),
                            l.org_path, moves ? Fields().Add("state", l.batch.state).Json() : "",
                            std::move(after), std::string(reason)});
}

std::string FileName(int64_t batch, std::string_view format) {
  return fmt::format("payout-{}-{}.{}", batch, format, format == "generic" ? "csv" : "txt");
}

// Why a batch would be empty: nothing pending, or every pending item waits for an account
// (none entered, or the one the bank failed on not yet changed).
std::unexpected<Error> NothingPayable(const std::string& fund_name, const std::string& fund,
                                      int64_t without, int64_t awaiting) {
  if (without == 0 && awaiting == 0) {
    return Fail(ErrorCode::kInvalidInput, "没有待发放的「" + fund_name + "」",
                "nothing of " + fund + " is waiting to be paid", "fund");
  }
  std::string zh = "没有可发放的：", en = "nothing can be paid: ";
  if (without) {
    zh += std::to_string(without) + " 笔的会员还没有银行账户";
    en += std::to_string(without) + " items' members have no bank account";
  }
  if (awaiting) {
    zh += std::string(without ? "；" : "") + std::to_string(awaiting) +
          " 笔银行退回的待更正账户（会员账户更改后才能重新发放）";
    en += std::string(without ? "; " : "") + std::to_string(awaiting) +
          " items the bank failed wait for the member's account to be changed";
  }
  return Fail(ErrorCode::kInvalidInput, zh, en, "fund");
}

}  // namespace

Result<Batch> PayoutService::CreateBatch(const auth::Principal& who, const std::string& fund,
                                         int64_t org_id) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  return db_.Transaction<Batch>([&](store::Conn& c) -> Result<Batch> {
    auto fund_name = internal::FundName(c, fund);
    if (!fund_name) return std::unexpected(fund_name.error());
    auto org = auth::OrgInScope(c, who, org_id);
    if (!org) return std::unexpected(org.error());
    const std::string path = org->path;
    if (auto r = c.ForBulkWork(); !r) return std::unexpected(r.error());
    const auto range = org->range;
    auto id = c.QueryInt(kNextId);
    if (!id) return std::unexpected(id.error());
    const int64_t now = NowUnix();
    const Value ins[] = {*id, fund, org_id, path, who.user_id, now, now};
    if (auto r = c.Exec(kInsert, ins); !r) return std::unexpected(r.error());
    bool in_row_order = false;
    if (c.dialect() == store::Dialect::kSqlite) {
      const Value pp[] = {fund, range.low, range.high};
      auto in_subtree = c.QueryInt(kItemsIn, pp);
      if (!in_subtree) return std::unexpected(in_subtree.error());
      auto all = c.QueryInt(kAllItems);
      if (!all) return std::unexpected(all.error());
      in_row_order = *in_subtree * 4 > *all;
    }
    const Value gp[] = {*id, fund, range.low, range.high};
    if (auto r = c.Exec(in_row_order ? kGatherInRowOrder : kGather, gp); !r) {
      return std::unexpected(r.error());
    }
    FaultPoint("payout.batch.gathered");
    const Value tp[] = {*id};
    auto totals = c.Query(kTotals, tp);
    if (!totals) return std::unexpected(totals.error());
    const int64_t count = (*totals)[0].Int(0), total = (*totals)[0].Int(1);
    const Value lp[] = {fund, range.low, range.high};
    auto left_out = c.QueryInt(in_row_order ? kLeftOutInRowOrder : kLeftOut, lp);
    if (!left_out) return std::unexpected(left_out.error());
    auto awaiting = c.QueryInt(in_row_order ? kAwaitingAccountInRowOrder : kAwaitingAccount, lp);
    if (!awaiting) return std::unexpected(awaiting.error());
    const int64_t without = *left_out - *awaiting;
    if (count == 0) return NothingPayable(*fund_name, fund, without, *awaiting);
    const std::string title =
        fmt::format("发放批次 #{}：{} {} 笔 {}", *id, *fund_name, count, YuanText(total));
    auto app = approvals_.CreateOn(c, who, std::string(kBatchKind), org_id,
                                   BatchPayloadJson({*id, title}), true);
    if (!app) return std::unexpected(app.error());
    const Value sp[] = {count, total, app->id, *id};
    if (auto r = c.Exec(kSetTotals, sp); !r) return std::unexpected(r.error());
    auto l = Load(c, who.Scope(), *id);  // created just now, in scope
    if (!l) return std::unexpected(l.error());
    if (auto a = Audit(c, who, *l, "create",
                       Fields()
                           .Add("fund", fund)
                           .Add("items", count)
                           .Add("total_fen", total)
                           .Add("without_account", without)
                           .Add("awaiting_account", *awaiting)
                           .Json(),
                       "");
        !a) {
      return std::unexpected(a.error());
    }
    FaultPoint("payout.batch.created");
    l->batch.without_account = without;
    l->batch.awaiting_account = *awaiting;
    return l->batch;
  });
}

Result<Batch> PayoutService::GetBatch(const auth::Principal& who, int64_t id) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto l = Load(**lease, who.Scope(), id);
  if (!l) return std::unexpected(l.error());
  return l->batch;
}

Result<Page<Batch>> PayoutService::Batches(const auth::Principal& who, const std::string& state,
                                           const PageRequest& page, bool to_approve) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  if (auto ok = CheckPageLimit(page.limit); !ok) return std::unexpected(ok.error());
  auto after = page.AfterId();
  if (!after) return std::unexpected(after.error());
  // Approving needs payout:approve and is never the maker's (four eyes): without it none waits.
  if (to_approve && !who.Can(kApprove)) return Page<Batch>{};
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const auto s = who.Scope();
  const Value p[] = {s.low,
                     s.high,
                     state,
                     state,
                     int64_t{to_approve ? 1 : 0},
                     who.user_id,
                     *after,
                     *after,
                     int64_t{page.limit + 1}};
  auto rows = (*lease)->Query(kList, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Batch> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return PageById(std::move(out), page.limit);
}

Result<Batch> PayoutService::Approve(const auth::Principal& who, int64_t id,
                                     std::string_view reason) {
  auto b = GetBatch(who, id);
  if (!b) return std::unexpected(b.error());
  if (b->state != "draft") return WrongState(*b, "不能再审核", "it cannot be approved");
  auto app = approvals_.Approve(who, b->application_id, reason);
  if (!app) return std::unexpected(app.error());
  return GetBatch(who, id);
}

Result<Batch> PayoutService::Cancel(const auth::Principal& who, int64_t id,
                                    std::string_view reason) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  if (internal::Blank(reason)) {
    return Fail(ErrorCode::kInvalidInput, "请说明取消原因", "give the reason", "reason");
  }
  return db_.Transaction<Batch>([&](store::Conn& c) -> Result<Batch> {
    auto l = Load(c, who.Scope(), id);
    if (!l) return std::unexpected(l.error());
    const std::string from = l->batch.state;
    if (from != "draft" && from != "approved") {
      return WrongState(l->batch, "不能取消", "it cannot be cancelled");
    }
    const Value sp[] = {std::string("cancelled"), NowUnix(), id, from};
    auto changed = c.Exec(kSetState, sp);
    if (!changed) return std::unexpected(changed.error());
    if (*changed != 1) return WrongState(l->batch, "已被他人处理", "someone acted on it first");
    const Value rp[] = {id};
    auto released = c.Exec(kRelease, rp);
    if (!released) return std::unexpected(released.error());
    if (auto a = Audit(c, who, *l, "cancel", Fields().Add("released", *released).Json(), reason);
        !a) {
      return std::unexpected(a.error());
    }
    l->batch.state = "cancelled";
    return l->batch;
  });
}

namespace {

// Reads the payments of batch `id` and writes its file: what Export writes and File rebuilds.
Result<BankFile> BuildFile(store::Conn& c, const Vault& vault, const Batch& b,
                           std::string_view format, job::Progress* progress) {
  if (!IsKnownFormat(format)) {
    return Fail(ErrorCode::kInvalidInput, "未知的银行文件格式：" + std::string(format),
                "unknown bank file format: " + std::string(format), "format");
  }
  std::vector<FileRow> out;
  out.reserve(static_cast<size_t>(b.item_count));
  if (progress) progress->SetTotal(b.item_count);
  auto read = InChunks(
      c, kFileRows,
      [&b](int64_t after, int64_t limit) {
        return std::vector<Value>{b.id, after, b.id, after, limit};
      },
      [&](const store::Row& r) -> Result<void> {
        // A bank's own layout pays into that bank's accounts only.
        if (format == "ccb" && r.Text(3) != "105") {
          return Fail(ErrorCode::kInvalidInput,
                      "建设银行定长格式只能发往建设银行账户：发放编号 " + std::to_string(r.Int(0)) +
                          " 的账户开户行代码为 " + r.Text(3) + "，请用通用格式",
                      "the CCB layout pays CCB accounts only: item " + std::to_string(r.Int(0)) +
                          " is at bank " + r.Text(3) + "; use the generic format",
                      "format");
        }
        auto account = vault.Open(r.Bytes(1));
        if (!account) return std::unexpected(account.error());
        out.push_back({r.Int(0), std::move(*account), r.Text(2), r.Text(3), r.Int(4), r.Text(5)});
        return {};
      },
      progress);
  if (!read) return std::unexpected(read.error());
  auto bytes = WriteBankFile(format, {b.id, b.fund, FormatDate(ChinaDateOf(b.created_at))}, out);
  if (!bytes) return std::unexpected(bytes.error());
  const std::string sha = Sha256Hex(*bytes);
  return BankFile{FileName(b.id, format), std::move(*bytes), sha};
}

}  // namespace

Result<BankFile> PayoutService::Export(const auth::Principal& who, int64_t id,
                                       std::string_view format, job::Progress* progress) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  return db_.Transaction<BankFile>([&](store::Conn& c) -> Result<BankFile> {
    auto l = Load(c, who.Scope(), id);
    if (!l) return std::unexpected(l.error());
    if (l->batch.state != "approved") {
      return WrongState(l->batch, "审核通过后才能导出", "only an approved batch is exported");
    }
    auto file = BuildFile(c, vault_, l->batch, format, progress);
    if (!file) return std::unexpected(file.error());
    FaultPoint("payout.export.built");
    const int64_t now = NowUnix();
    const Value p[] = {std::string(format), file->sha256, now, now, id};
    auto changed = c.Exec(kExported, p);
    if (!changed) return std::unexpected(changed.error());
    if (*changed != 1) return WrongState(l->batch, "已被他人导出", "someone exported it first");
    if (auto a = Audit(c, who, *l, "export",
                       Fields().Add("format", format).Add("sha256", file->sha256).Json(), "");
        !a) {
      return std::unexpected(a.error());
    }
    return file;
  });
}

Result<BankFile> PayoutService::File(const auth::Principal& who, int64_t id,
                                     job::Progress* progress) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  // The file holds every account number in full: each download is in the audit log.
  return db_.Transaction<BankFile>([&](store::Conn& c) -> Result<BankFile> {
    auto l = Load(c, who.Scope(), id);
    if (!l) return std::unexpected(l.error());
    if (l->batch.file_format.empty()) {
      return WrongState(l->batch, "还没有导出银行文件", "it has no bank file yet");
    }
    auto file = BuildFile(c, vault_, l->batch, l->batch.file_format, progress);
    if (!file) return std::unexpected(file.error());
    if (file->sha256 != l->batch.file_sha256) {
      return Fail(ErrorCode::kInternal, "重建的银行文件与导出时不一致",
                  "the rebuilt bank file differs from the one exported");
    }
    if (auto a = Audit(c, who, *l, "download", Fields().Add("sha256", file->sha256).Json(), "");
        !a) {
      return std::unexpected(a.error());
    }
    return file;
  });
}

namespace {

// Reconcile's steps, in its transaction.

std::unexpected<Error> ReconciledElsewhere() {
  return Fail(ErrorCode::kConflict, "批次正被他人对账", "reconciled elsewhere");
}

// The file must be this batch's, whole: the same count and total. Answers the total.
Result<int64_t> CheckTotals(const Batch& b, const ResultFile& file) {
  int64_t total = 0;
  for (const auto& r : file.rows) total += r.amount_fen;
  const int64_t count = static_cast<int64_t>(file.rows.size());
  if (count == b.item_count && total == b.total_fen) return total;
  return Fail(
      ErrorCode::kInvalidInput,
      fmt::format("结果文件共 {} 笔、合计 {}，与批次 #{} 的 {} 笔、{} 不符（相差 {} 笔、{}）",
                  count, YuanText(total), b.id, b.item_count, YuanText(b.total_fen),
                  count - b.item_count, YuanText(total - b.total_fen)),
      fmt::format("the result file has {} items totalling {} fen; batch #{} has {} "
                  "totalling {} fen (difference {} items, {} fen)",
                  count, total, b.id, b.item_count, b.total_fen, count - b.item_count,
                  total - b.total_fen),
      "file");
}

// Whether row `r` of the file (null: past its end) is the twin of `item` of batch `id` (its id,
// amount, …), with the same amount; kInvalidInput naming the line otherwise.
Result<void> Twin(const ResultRow* r, const store::Row& item, int64_t id) {
  if (r && r->item_id < item.Int(0)) {
    auto e = Fail(ErrorCode::kInvalidInput,
                  fmt::format("第 {} 行：发放编号 {} 不在批次 #{} 中", r->line, r->item_id, id),
                  fmt::format("line {}: item {} is not in batch #{}", r->line, r->item_id, id),
                  "item_id");
    e.error().row = r->line;
    return e;
  }
  if (!r || r->item_id > item.Int(0)) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("批次 #{} 的发放编号 {} 不在结果文件中", id, item.Int(0)),
                fmt::format("item {} of batch #{} is missing from the file", item.Int(0), id),
                "item_id");
  }
  if (r->amount_fen != item.Int(1)) {
    auto e = Fail(ErrorCode::kInvalidInput,
                  fmt::format("第 {} 行：金额 {} 与发放编号 {} 的 {} 不符", r->line,
                              YuanText(r->amount_fen), r->item_id, YuanText(item.Int(1))),
                  fmt::format("line {}: amount {} fen differs from item {}'s {}", r->line,
                              r->amount_fen, r->item_id, item.Int(1)),
                  "amount_fen");
    e.error().row = r->line;
    return e;
  }
  return {};
}

// What the file says of the batch's items, once each is matched.
struct Matched {
  std::unordered_map<int64_t, int64_t> failed_accounts;  // item → account, for failures only
  std::unordered_map<int64_t, int64_t> paid_by_org;      // org → fen paid, for the balances
};

// The member's message of what became of their item in batch `batch_id` (paid, or failed with
// the bank's reason): once per item paid, once per failure in a batch.
// Its parameters are what Fields would write ({"item_id":…,"amount_fen":…,"purpose":…,
// ["reason":…,]"link":"/payments"}), written directly: a reconciliation writes a million.
message::Draft PaymentMessage(const store::Row& item, const ResultRow& r, int64_t batch_id) {
  const std::string id = std::to_string(item.Int(0));
  std::string params;
  params.reserve(160);
  params += R"({"item_id":)";
  params += id;
  params += R"(,"amount_fen":)";
  params += std::to_string(item.Int(1));
  params += R"(,"purpose":)";
  params += JsonQuote(item.Text(5));
  if (!r.paid) {
    params += R"(,"reason":)";
    params += JsonQuote(r.reason);
  }
  params += R"(,"link":"/payments"})";
  return {message::Recipient::Member(item.Int(4)), r.paid ? "payout.paid" : "payout.failed",
          std::move(params),
          r.paid ? "payout.paid:" + id : "payout.failed:" + id + ":" + std::to_string(batch_id)};
}

// Both in item order: the file's rows (sorted here) and the batch's items (read in chunks) are
// walked side by side; each must meet its twin with the same amount. Anything else refuses the
// whole file. Each item's message goes to `outbox`, posted with the reconciliation.
Result<Matched> MatchItems(store::Conn& c, const Batch& b, const ResultFile& file,
                           message::Outbox& outbox, job::Progress* progress) {
  std::vector<const ResultRow*> rows;
  rows.reserve(file.rows.size());
  for (const auto& r : file.rows) rows.push_back(&r);
  std::sort(rows.begin(), rows.end(),
            [](const ResultRow* x, const ResultRow* y) { return x->item_id < y->item_id; });
  Matched out;
  size_t next = 0;
  if (progress) progress->SetTotal(b.item_count);
  auto walk = InChunks(
      c, kBatchItems,
      [id = b.id](int64_t after, int64_t limit) {
        return std::vector<Value>{id, after, limit};
      },
      [&](const store::Row& item) -> Result<void> {
        const ResultRow* r = next < rows.size() ? rows[next] : nullptr;
        if (auto t = Twin(r, item, b.id); !t) return t;
        if (auto m = outbox.Add(PaymentMessage(item, *r, b.id)); !m) return m;
        if (r->paid) {
          out.paid_by_org[item.Int(3)] += r->amount_fen;
        } else {
          out.failed_accounts.emplace(r->item_id, item.Int(2));
        }
        ++next;
        return {};
      },
      progress);
  if (!walk) return std::unexpected(walk.error());
  // The batch changed under us: counts were equal when checked.
  if (next != rows.size()) return ReconciledElsewhere();
  return out;
}

struct Failures {
  int64_t count = 0, fen = 0;
};

// The failed items go back to pending (to be paid again to a corrected account), each failure
// kept with the account it failed on.
Result<Failures> MarkFailures(store::Conn& c, int64_t id, const ResultFile& file,
                              const Matched& matched, int64_t now) {
  static const std::string kFailureColumns[] = {"item_id", "batch_id", "account_id", "reason",
                                                "at"};
  Failures out;
  std::vector<std::vector<Value>> failures;
  for (const auto& r : file.rows) {
    if (r.paid) continue;
    const Value fp[] = {r.reason, r.item_id, id};
    auto changed = c.Exec(kFail, fp);
    if (!changed) return std::unexpected(changed.error());
    if (*changed != 1) return ReconciledElsewhere();
    failures.push_back({r.item_id, id, matched.failed_accounts.at(r.item_id), r.reason, now});
    ++out.count;
    out.fen += r.amount_fen;
  }
  if (!failures.empty()) {
    if (auto r = c.BulkInsert("payout_failure", kFailureColumns, failures); !r) {
      return std::unexpected(r.error());
    }
  }
  return out;
}

// The rest are paid: `expected` items, posted to the ledger and the balances of their unions.
Result<int64_t> PostPaid(store::Conn& c, const Batch& b, const Matched& matched, int64_t expected,
                         int64_t now) {
  const Value pp[] = {now, b.id};
  auto paid = c.Exec(kPay, pp);
  if (!paid) return std::unexpected(paid.error());
  if (*paid != expected) return ReconciledElsewhere();
  if (auto r = c.Exec(kPostPaid, pp); !r) return std::unexpected(r.error());
  // In the order of the organisations, as every step that moves balances takes them.
  std::vector<std::pair<int64_t, int64_t>> by_org(matched.paid_by_org.begin(),
                                                  matched.paid_by_org.end());
  std::sort(by_org.begin(), by_org.end());
  for (const auto& [org, fen] : by_org) {
    if (auto a = internal::AddBalance(c, b.fund, kPayable, org, fen); !a) {
      return std::unexpected(a.error());
    }
    if (auto a = internal::AddBalance(c, b.fund, kBank, org, -fen); !a) {
      return std::unexpected(a.error());
    }
  }
  return *paid;
}

}  // namespace

Result<Reconciliation> PayoutService::Reconcile(const auth::Principal& who, int64_t id,
                                                std::string_view format, std::string_view bytes,
                                                job::Progress* progress) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  auto file = ReadResultFile(format.empty() ? "generic" : format, bytes);
  if (!file) return std::unexpected(file.error());
  return db_.Transaction<Reconciliation>([&](store::Conn& c) -> Result<Reconciliation> {
    auto l = Load(c, who.Scope(), id);
    if (!l) return std::unexpected(l.error());
    Batch& b = l->batch;
    if (auto r = c.ForBulkWork(); !r) return std::unexpected(r.error());
    if (b.state == "reconciled") return Reconciliation{b, b.paid_count, b.failed_count, true};
    if (b.state != "exported") {
      return WrongState(b, "导出银行文件后才能对账", "only an exported batch is reconciled");
    }
    auto total = CheckTotals(b, *file);
    if (!total) return std::unexpected(total.error());
    message::Outbox outbox(c);
    auto matched = MatchItems(c, b, *file, outbox, progress);
    if (!matched) return std::unexpected(matched.error());
    if (auto m = outbox.Flush(); !m) return std::unexpected(m.error());
    const int64_t now = NowUnix();
    auto failed = MarkFailures(c, id, *file, *matched, now);
    if (!failed) return std::unexpected(failed.error());
    FaultPoint("payout.reconcile.failed_marked");
    const int64_t count = static_cast<int64_t>(file->rows.size());
    auto paid = PostPaid(c, b, *matched, count - failed->count, now);
    if (!paid) return std::unexpected(paid.error());
    FaultPoint("payout.reconcile.posted");
    const int64_t paid_fen = *total - failed->fen;
    const Value rp[] = {*paid, paid_fen, failed->count, failed->fen, now, now, id};
    auto changed = c.Exec(kReconciled, rp);
    if (!changed) return std::unexpected(changed.error());
    if (*changed != 1) return ReconciledElsewhere();
    if (auto a = Audit(c, who, *l, "reconcile",
                       Fields()
                           .Add("paid", *paid)
                           .Add("paid_fen", paid_fen)
                           .Add("failed", failed->count)
                           .Add("failed_fen", failed->fen)
                           .Json(),
                       "");
        !a) {
      return std::unexpected(a.error());
    }
    auto after = Load(c, who.Scope(), id);
    if (!after) return std::unexpected(after.error());
    return Reconciliation{after->batch, *paid, failed->count, false};
  });
}

namespace {

// The fund's name in English: funds are named in Chinese in their table.
std::string FundNameEn(std::string_view code, const std::string& zh) {
  if (code == "mutual_aid") return "Mutual medical aid fund";
  if (code == "hardship") return "Hardship aid fund";
  if (code == "campaign") return "Campaign fund";
  return zh;
}

// The module an item came from, in words.
std::pair<std::string, std::string> SourceWords(std::string_view module) {
  if (module == "mutual_aid") return {"职工互助", "mutual aid"};
  if (module == "hardship") return {"困难帮扶", "hardship aid"};
  if (module == "campaign") return {"专项活动", "campaigns"};
  return {std::string(module), std::string(module)};
}

// What the approver of a batch reads: the fund, how many items and how much, where they came
// from, and who made it.
Result<approval::Summary> BatchSummary(store::Conn& c, const approval::Application& app) {
  auto payload = ParseBatchPayload(app.payload);
  if (!payload) return std::unexpected(payload.error());
  // The batch is the application's organisation's own (its `owns`): read within that subtree.
  auto l = Load(c, auth::SubtreeOf(app.org_path), payload->batch_id);
  if (!l) return std::unexpected(l.error());
  const Batch& b = l->batch;
  static constexpr std::string_view kSources =
      "SELECT source_module, COUNT(*) FROM payout_item WHERE batch_id = ? "
      "GROUP BY source_module ORDER BY source_module";
  const Value p[] = {b.id};
  auto rows = c.Query(kSources, p);
  if (!rows) return std::unexpected(rows.error());
  std::string from_zh, from_en;
  for (const auto& r : *rows) {
    const auto [zh, en] = SourceWords(r.Text(0));
    from_zh += fmt::format("{}{} {} 笔", from_zh.empty() ? "" : "、", zh, r.Int(1));
    from_en += fmt::format("{}{} {}", from_en.empty() ? "" : ", ", en, r.Int(1));
  }
  approval::Summary out;
  out.link = "/payout/batches/" + std::to_string(b.id);
  auto& f = out.facts;
  f.push_back({"资金", "Fund", b.fund_name, FundNameEn(b.fund, b.fund_name)});
  f.push_back({"笔数与金额", "Items and total",
               fmt::format("{} 笔，合计 {}", b.item_count, approval::YuanZh(b.total_fen)),
               fmt::format("{} items, {} in all", b.item_count, approval::YuanEn(b.total_fen))});
  if (!from_zh.empty()) f.push_back({"来源", "Source", from_zh, from_en});
  f.push_back({"发放单位", "Paying union", b.org_name, b.org_name});
  f.push_back({"制单人", "Made by", b.created_by_name, b.created_by_name});
  return out;
}

}  // namespace

void RegisterPayoutApprovals(approval::ApprovalService& approvals) {
  approvals.Register(
      std::string(kBatchKind),
      {.permission = std::string(kWrite),
       .decide_permission = std::string(kApprove),
       .read_permission = std::string(kRead),
       .reviewed_by_self = true,
       .subject = approval::SubjectOf(&ParseBatchPayload, &BatchPayload::batch_id),
       .owns = [](store::Conn& c, const auth::Principal&, int64_t org, int64_t id) -> Result<void> {
         return approval::OwnedBy(c, "SELECT org_id FROM payout_batch WHERE id = ?", id, org,
                                  "batch_id");
       },
       // Filed by CreateBatch only, with the title it computed.
       .check = [](store::Conn&, const auth::Principal&, int64_t,
                   const std::string& payload) -> Result<std::string> {
         auto p = ParseBatchPayload(payload);
         if (!p) return std::unexpected(p.error());
         return p->title;
       },
       .approve = [](store::Conn& c, const auth::Principal&,
                     const approval::Application& app) -> Result<std::string> {
         static constexpr std::string_view kOfApp =
             "SELECT id FROM payout_batch WHERE application_id = ?";
         const Value p[] = {app.id};
         auto id = c.QueryInt(kOfApp, p);
         if (!id) return std::unexpected(id.error());
         const Value sp[] = {std::string("approved"), NowUnix(), *id, std::string("draft")};
         auto changed = c.Exec(kSetState, sp);
         if (!changed) return std::unexpected(changed.error());
         if (*changed != 1) {
           return Fail(ErrorCode::kConflict, "批次已取消，不能审核",
                       "the batch was cancelled: it cannot be approved");
         }
         return "批次 #" + std::to_string(*id) + " 可以导出";
       },
       .summary = &BatchSummary});
}

}  // namespace nj::payout
