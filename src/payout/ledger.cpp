// The ledger's reads: balances per fund and subtree, money paid per month, and the check that
// every journal balances and every item is posted exactly as its state says.
#include <fmt/core.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <tuple>

#include "auth/scope.h"
#include "core/date.h"
#include "core/parse.h"
#include "payout/internal.h"
#include "payout/payout.h"

namespace nj::payout {

namespace {

using store::Value;

constexpr std::string_view kFunds = "SELECT code, name, name_en FROM fund ORDER BY code";
constexpr std::string_view kBalances =
    "SELECT b.fund, f.name, b.account, SUM(b.balance_fen) FROM ledger_balance b "
    "JOIN org o ON o.id = b.org_id JOIN fund f ON f.code = b.fund "
    "WHERE o.path >= ? AND o.path < ? GROUP BY b.fund, f.name, b.account "
    "ORDER BY b.fund, b.account";
// The month of a payment in China's time (UTC+8), in each dialect.
#define NJ_REPORT(MONTH)                                                              \
  "SELECT " MONTH                                                                     \
  " AS month, i.fund, f.name, i.source_module, i.org_id, o.name, COUNT(*), "          \
  "SUM(i.amount_fen) FROM payout_item i JOIN org o ON o.id = i.org_id "               \
  "JOIN fund f ON f.code = i.fund WHERE i.state = 'paid' AND i.org_path >= ? "        \
  "AND i.org_path < ? GROUP BY 1, i.fund, f.name, i.source_module, i.org_id, o.name " \
  "ORDER BY 1, i.fund, i.source_module, o.name"
constexpr std::string_view kReportSqlite =
    NJ_REPORT("strftime('%Y-%m', i.paid_at + 28800, 'unixepoch')");
constexpr std::string_view kReportPostgres =
    NJ_REPORT("to_char(to_timestamp(i.paid_at + 28800) AT TIME ZONE 'UTC', 'YYYY-MM')");

// Checks of Verify: each names what it found wrong, at most ten rows of it.
constexpr std::string_view kUnbalancedFunds =
    "SELECT fund, SUM(balance_fen) FROM ledger_balance GROUP BY fund "
    "HAVING SUM(balance_fen) <> 0";
constexpr std::string_view kOddEntries =
    "SELECT id FROM ledger_entry WHERE amount_fen <= 0 OR debit = credit LIMIT 10";
constexpr std::string_view kOwedWrong =
    "SELECT i.id FROM payout_item i LEFT JOIN ledger_entry e ON e.item_id = i.id "
    "AND e.kind = 'owed' WHERE e.id IS NULL OR e.amount_fen <> i.amount_fen OR e.fund <> i.fund "
    "LIMIT 10";
constexpr std::string_view kPaidWrong =
    "SELECT i.id FROM payout_item i LEFT JOIN ledger_entry e ON e.item_id = i.id "
    "AND e.kind = 'paid' WHERE (CASE WHEN i.state = 'paid' THEN 1 ELSE 0 END) <> "
    "(CASE WHEN e.id IS NULL THEN 0 ELSE 1 END) OR e.amount_fen <> i.amount_fen LIMIT 10";
// Takings back match their items: a cancellation only for a cancelled item, a recovery only
// for a paid one, each of the item's amount.
constexpr std::string_view kTakenBackWrong =
    "SELECT e.item_id FROM ledger_entry e JOIN payout_item i ON i.id = e.item_id "
    "WHERE (e.kind = 'cancelled' AND i.state <> 'cancelled') "
    "OR (e.kind = 'recovery' AND i.state <> 'paid') "
    "OR (e.kind IN ('cancelled', 'recovery') AND e.amount_fen <> i.amount_fen) LIMIT 10";
constexpr std::string_view kCancelledUnposted =
    "SELECT i.id FROM payout_item i LEFT JOIN ledger_entry e ON e.item_id = i.id "
    "AND e.kind = 'cancelled' WHERE i.state = 'cancelled' AND e.id IS NULL LIMIT 10";
constexpr std::string_view kStrayEntries =
    "SELECT e.id FROM ledger_entry e LEFT JOIN payout_item i ON i.id = e.item_id "
    "LEFT JOIN fund f ON f.code = e.fund WHERE i.id IS NULL OR f.code IS NULL LIMIT 10";
constexpr std::string_view kBalancesWrong =
    "WITH moves AS (SELECT fund, debit AS account, org_id, amount_fen AS delta FROM ledger_entry "
    "UNION ALL SELECT fund, credit, org_id, -amount_fen FROM ledger_entry), "
    "sums AS (SELECT fund, account, org_id, SUM(delta) AS total FROM moves "
    "GROUP BY fund, account, org_id) "
    "SELECT COALESCE(s.fund, b.fund), COALESCE(s.account, b.account), "
    "COALESCE(s.org_id, b.org_id), COALESCE(s.total, 0), "
    "CAST(COALESCE(b.balance_fen, 0) AS BIGINT) FROM sums s FULL OUTER JOIN ledger_balance b "
    "ON b.fund = s.fund AND b.account = s.account AND b.org_id = s.org_id "
    "WHERE COALESCE(s.total, 0) <> COALESCE(b.balance_fen, 0) LIMIT 10";
constexpr std::string_view kCounts =
    "SELECT (SELECT COUNT(*) FROM ledger_entry), "
    "(SELECT COUNT(*) FROM payout_item WHERE state = 'paid')";

}  // namespace

Result<std::vector<CodeName>> PayoutService::Funds() {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto rows = (*lease)->Query(kFunds);
  if (!rows) return std::unexpected(rows.error());
  std::vector<CodeName> out;
  for (const auto& r : *rows) out.push_back({r.Text(0), r.Text(1), r.Text(2)});
  return out;
}

Result<std::vector<Balance>> PayoutService::Balances(const auth::Principal& who, int64_t org_id) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto range = auth::RangeFor(**lease, who, org_id);
  if (!range) return std::unexpected(range.error());
  const Value p[] = {range->low, range->high};
  auto rows = (*lease)->Query(kBalances, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Balance> out;
  for (const auto& r : *rows) out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3)});
  return out;
}

Result<std::vector<ReportRow>> PayoutService::PaidReport(const auth::Principal& who, int64_t org_id,
                                                         std::string_view from,
                                                         std::string_view to) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  for (auto [month, field] : {std::pair{from, "from"}, std::pair{to, "to"}}) {
    if (month.empty()) continue;
    if (auto m = ParseMonth(field, month); !m) return std::unexpected(m.error());
  }
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto range = auth::RangeFor(**lease, who, org_id);
  if (!range) return std::unexpected(range.error());
  const Value p[] = {range->low, range->high};
  auto rows = (*lease)->Query(
      (*lease)->dialect() == store::Dialect::kSqlite ? kReportSqlite : kReportPostgres, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<ReportRow> out;
  for (const auto& r : *rows) {
    const std::string month = r.Text(0);
    if ((!from.empty() && month < from) || (!to.empty() && month > to)) continue;
    out.push_back(
        {month, r.Text(1), r.Text(2), r.Text(3), r.Int(4), r.Text(5), r.Int(6), r.Int(7)});
  }
  return out;
}

namespace {

// The sort key of a report row, and the cursor that names it: "month|fund|source|org_id".
using ReportKey = std::tuple<std::string, std::string, std::string, int64_t>;

ReportKey KeyOf(const ReportRow& r) { return {r.month, r.fund, r.source_module, r.org_id}; }

std::string CursorOf(const ReportRow& r) {
  return r.month + "|" + r.fund + "|" + r.source_module + "|" + std::to_string(r.org_id);
}

Result<std::optional<ReportKey>> ParseReportCursor(const std::string& cursor) {
  if (cursor.empty()) return std::nullopt;
  std::vector<std::string_view> parts;
  std::string_view rest(cursor);
  for (size_t bar; (bar = rest.find('|')) != std::string_view::npos; rest.remove_prefix(bar + 1)) {
    parts.push_back(rest.substr(0, bar));
  }
  parts.push_back(rest);
  auto month = parts.size() == 4 ? ParseMonth("cursor", parts[0])
                                 : Result<std::chrono::year_month>(std::chrono::year_month{});
  auto org = parts.size() == 4 ? ParseId("cursor", parts[3]) : Result<int64_t>(0);
  if (parts.size() != 4 || !month || !org || *org == 0 || parts[1].empty() || parts[2].empty()) {
    return Fail(ErrorCode::kInvalidInput, "分页游标无效", "the cursor is not valid", "cursor");
  }
  return ReportKey{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]), *org};
}

}  // namespace

Result<ReportPage> PayoutService::PaidReportPage(const auth::Principal& who, int64_t org_id,
                                                 std::string_view from, std::string_view to,
                                                 const PageRequest& page) {
  if (auto ok = CheckPageLimit(page.limit); !ok) return std::unexpected(ok.error());
  auto after = ParseReportCursor(page.cursor);
  if (!after) return std::unexpected(after.error());
  // The report is grouped (a row per month, fund, source and union), so its rows are few next
  // to the items they sum: grouped once, then paged and totalled here.
  auto rows = PaidReport(who, org_id, from, to);
  if (!rows) return std::unexpected(rows.error());
  std::sort(rows->begin(), rows->end(),
            [](const ReportRow& a, const ReportRow& b) { return KeyOf(a) < KeyOf(b); });
  ReportPage out;
  // Each item is at most 10¹² fen and a city pays far fewer than 10⁷ of them: no real sum
  // reaches int64's end, but a stored value must never wrap a read, so sums saturate.
  constexpr __int128 kMax = std::numeric_limits<int64_t>::max();
  const auto clamp = [&](__int128 v) { return static_cast<int64_t>(v > kMax ? kMax : v); };
  __int128 amount = 0, month_amount = 0;
  std::vector<ReportRow> kept;
  for (auto& r : *rows) {
    out.count += r.count;
    amount += r.amount_fen;
    // Rows are in month order: a month's rows are together (the page's chart of every month).
    if (out.by_month.empty() || out.by_month.back().first != r.month) {
      out.by_month.emplace_back(r.month, 0);
      month_amount = 0;
    }
    month_amount += r.amount_fen;
    out.by_month.back().second = clamp(month_amount);
    if (*after && KeyOf(r) <= **after) continue;
    if (kept.size() <= static_cast<size_t>(page.limit)) kept.push_back(std::move(r));
  }
  out.amount_fen = clamp(amount);
  out.page = PageOf(std::move(kept), page.limit, CursorOf);
  return out;
}

Result<VerifyReport> PayoutService::Verify() {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  store::Conn& c = **lease;
  VerifyReport out;
  auto counts = c.Query(kCounts);
  if (!counts) return std::unexpected(counts.error());
  out.entries = (*counts)[0].Int(0);
  out.paid_items = (*counts)[0].Int(1);
  auto check = [&](std::string_view sql, auto describe) -> Result<void> {
    auto rows = c.Query(sql);
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : *rows) out.problems.push_back(describe(r));
    return {};
  };
  using R = const store::Row&;
  for (auto r : {
           check(kUnbalancedFunds,
                 [](R r) {
                   return fmt::format("fund {}: its accounts sum to {} fen, not 0", r.Text(0),
                                      r.Int(1));
                 }),
           check(kOddEntries,
                 [](R r) {
                   return fmt::format("entry {}: not a positive move between two accounts",
                                      r.Int(0));
                 }),
           check(kOwedWrong,
                 [](R r) {
                   return fmt::format(
                       "item {}: no posting of what is owed, or one of another "
                       "amount or fund",
                       r.Int(0));
                 }),
           check(kPaidWrong,
                 [](R r) {
                   return fmt::format("item {}: its payment posting does not match its state",
                                      r.Int(0));
                 }),
           check(kTakenBackWrong,
                 [](R r) {
                   return fmt::format("item {}: a cancellation or recovery that does not match it",
                                      r.Int(0));
                 }),
           check(kCancelledUnposted,
                 [](R r) { return fmt::format("item {}: cancelled without a posting", r.Int(0)); }),
           check(kStrayEntries,
                 [](R r) {
                   return fmt::format("entry {}: posted for no item or no fund", r.Int(0));
                 }),
           check(kBalancesWrong,
                 [](R r) {
                   return fmt::format(
                       "balance of {} / {} at organisation {}: kept {} fen, "
                       "postings sum to {} fen",
                       r.Text(0), r.Text(1), r.Int(2), r.Int(4), r.Int(3));
                 }),
       }) {
    if (!r) return std::unexpected(r.error());
  }
  return out;
}

}  // namespace nj::payout
