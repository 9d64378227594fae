// Payout items: what modules ask to pay, once per (source module, source id), posted as owed.
#include <algorithm>
#include <unordered_map>

#include "auth/audit.h"
#include "auth/scope.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/name_search.h"
#include "core/parse.h"
#include "payout/internal.h"
#include "payout/payout.h"
#include "payout/rules.h"

namespace nj::payout {

namespace {

using store::Value;

// A pending item the bank failed goes back into a batch only once the member's account has been
// changed: the current account must be none of those it failed on (payout_failure keeps each).
#define NJ_RETRY                                                                 \
  "CASE WHEN i.state <> 'pending' OR i.last_failure = '' THEN '' "               \
  "WHEN EXISTS (SELECT 1 FROM payout_account c WHERE c.member_id = i.member_id " \
  "AND c.valid_to IS NULL AND NOT EXISTS (SELECT 1 FROM payout_failure pf "      \
  "WHERE pf.item_id = i.id AND pf.account_id = c.id)) THEN 'ready' ELSE 'awaiting_account' END"

#define NJ_ITEM_SELECT_JOINED(JOIN)                                                     \
  "SELECT i.id, i.source_module, i.source_id, i.member_id, m.name, i.org_id, o.name, "  \
  "i.amount_fen, i.purpose, i.fund, i.state, i.batch_id, a.account_masked, i.paid_at, " \
  "i.last_failure, i.created_at, f.name, " NJ_RETRY " FROM payout_item i " JOIN         \
  " member m ON m.id = i.member_id " JOIN " org o ON o.id = i.org_id " JOIN             \
  " fund f ON f.code = i.fund "                                                         \
  "LEFT JOIN payout_account a ON a.id = i.account_id "
#define NJ_ITEM_SELECT NJ_ITEM_SELECT_JOINED("JOIN")

constexpr std::string_view kBySource =
    NJ_ITEM_SELECT "WHERE i.source_module = ? AND i.source_id = ?";
// A page in the range (by its index, then sorted), or walking the ids newest first and keeping
// those in range (the range test hidden from the planner): SizedRange::Walk chooses.
// The walk joins member, organisation and fund as LEFT JOINs (every item has them: the same
// rows), which keeps SQLite from building a Bloom filter over the member table for every page.
#define NJ_ITEM_LIST(SELECT, PATH) \
  SELECT "WHERE " PATH " >= ? AND " PATH " < ? AND (? = 0 OR i.member_id = ?) "    \
                 "AND (? = 0 OR i.batch_id = ?) AND (? = '' OR i.state = ? OR (? = 'failed' " \
                 "AND i.state = 'pending' AND i.last_failure <> '')) AND (? = '' OR i.fund = ?) " \
                 "AND (? = '' OR " NJ_NAME_CONTAINS("m.name_fold") ") "                      \
                 "AND (? = 0 OR i.id < ?) ORDER BY i.id DESC LIMIT ?"
constexpr std::string_view kList = NJ_ITEM_LIST(NJ_ITEM_SELECT, "i.org_path");
constexpr std::string_view kListWalk =
    NJ_ITEM_LIST(NJ_ITEM_SELECT_JOINED("LEFT JOIN"), "(i.org_path || '')");
constexpr std::string_view kOfMember =
    NJ_ITEM_SELECT "WHERE i.member_id = ? AND (? = 0 OR i.id < ?) ORDER BY i.id DESC LIMIT ?";
// The failed attempts of the member's items with ids in [low, high] (one page's).
constexpr std::string_view kFailuresOf =
    "SELECT f.item_id, f.batch_id, f.reason, f.at FROM payout_failure f "
    "JOIN payout_item i ON i.id = f.item_id WHERE i.member_id = ? AND i.id >= ? AND i.id <= ? "
    "ORDER BY f.id";
constexpr std::string_view kInsert =
    "INSERT INTO payout_item (source_module, source_id, member_id, org_id, org_path, amount_fen, "
    "purpose, fund, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?) RETURNING id";
constexpr std::string_view kPost =
    "INSERT INTO ledger_entry (fund, kind, item_id, batch_id, org_id, debit, credit, amount_fen, "
    "posted_at) VALUES (?, 'owed', ?, NULL, ?, 'expense', 'payable', ?, ?)";

Item FromRow(const store::Row& r) {
  Item i;
  r.Into(0, i.id, i.source_module, i.source_id, i.member_id, i.member_name, i.org_id, i.org_name,
         i.amount_fen, i.purpose, i.fund, i.state);
  i.batch_id = r.IsNull(11) ? 0 : r.Int(11);
  i.account = r.Text(12);
  i.paid_at = r.IsNull(13) ? 0 : r.Int(13);
  r.Into(14, i.last_failure, i.created_at, i.fund_name, i.retry);
  return i;
}

// A purpose is one line of a bank file's record.
constexpr int64_t kPurposeMax = 100;

Result<void> Check(const ItemRequest& r) {
  const bool module_ok =
      !r.source_module.empty() && r.source_module.size() <= 40 &&
      r.source_module.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos;
  if (!module_ok) {
    return Fail(ErrorCode::kInvalidInput, "来源模块应为小写英文代码（如 mutual_aid）",
                "source_module must be a lower-case code such as mutual_aid", "source_module");
  }
  if (internal::Blank(r.source_id) || r.source_id.size() > 64) {
    return Fail(ErrorCode::kInvalidInput, "请提供来源记录编号（至多 64 个字符）",
                "source_id is required (at most 64 characters)", "source_id");
  }
  // 10 million yuan: far above any aid, far below what int64 sums could overflow.
  if (r.amount_fen <= 0 || r.amount_fen > 1'000'000'000) {
    return Fail(ErrorCode::kInvalidInput, "金额应为 1 分到 1000 万元之间的整数（单位：分）",
                "amount_fen must be 1 to 1 000 000 000 fen", "amount_fen");
  }
  if (internal::Blank(r.purpose)) {
    return Fail(ErrorCode::kInvalidInput, "请填写用途", "purpose is required", "purpose");
  }
  // Checked here too, not only at the route: modules ask to pay with purposes of their own making
  // (a plan's name), and a purpose goes into one record of a bank file.
  if (auto t = ParseText("purpose", r.purpose, kPurposeMax); !t) return std::unexpected(t.error());
  if (auto t = ParseText("source_id", r.source_id); !t) return std::unexpected(t.error());
  return {};
}

}  // namespace

Result<Item> PayoutService::RequestOn(store::Conn& c, const auth::Principal& who,
                                      const ItemRequest& r) {
  if (auto ok = Check(r); !ok) return std::unexpected(ok.error());
  if (auto f = internal::FundName(c, r.fund); !f) return std::unexpected(f.error());
  const Value key[] = {r.source_module, r.source_id};
  auto before = c.Query(kBySource, key);
  if (!before) return std::unexpected(before.error());
  if (!before->empty()) {
    Item i = FromRow((*before)[0]);
    if (i.member_id != r.member_id || i.amount_fen != r.amount_fen || i.fund != r.fund) {
      return Fail(ErrorCode::kConflict,
                  "该来源记录已申请发放（#" + std::to_string(i.id) + "），且会员、金额或资金不同",
                  "this source record was asked to be paid before (#" + std::to_string(i.id) +
                      ") with another member, amount or fund",
                  "source_id");
    }
    return i;  // asked before: the same item, never a second
  }
  auto m = internal::FindMember(c, who.Scope(), r.member_id);
  if (!m) return std::unexpected(m.error());
  const int64_t now = NowUnix();
  const Value p[] = {r.source_module, r.source_id, r.member_id, m->org_id, m->org_path,
                     r.amount_fen,    r.purpose,   r.fund,      now};
  auto id = c.QueryInt(kInsert, p);
  if (!id) {
    // Two requests of the same source at once: the unique key lets one in; the other finds it.
    if (id.error().code == ErrorCode::kConflict) {
      return Fail(ErrorCode::kConflict, "该来源记录正在申请发放，请重试",
                  "this source record is being requested at this moment; try again", "source_id");
    }
    return std::unexpected(id.error());
  }
  const Value post[] = {r.fund, *id, m->org_id, r.amount_fen, now};
  if (auto e = c.Exec(kPost, post); !e) return std::unexpected(e.error());
  if (auto b = internal::AddBalance(c, r.fund, kExpense, m->org_id, r.amount_fen); !b) {
    return std::unexpected(b.error());
  }
  if (auto b = internal::AddBalance(c, r.fund, kPayable, m->org_id, -r.amount_fen); !b) {
    return std::unexpected(b.error());
  }
  auto created = c.Query(kBySource, key);
  if (!created) return std::unexpected(created.error());
  Item i = FromRow((*created)[0]);
  i.created = true;
  return i;
}

Result<int64_t> PayoutService::RequestManyOn(store::Conn& c, const auth::Principal& who,
                                             std::span<const ItemRequest> requests) {
  // One insert per item, which an existing item makes do nothing. The new item's id: RETURNING
  // on PostgreSQL; on SQLite, where RETURNING goes through a temporary table and triples the
  // cost of the insert, the connection's last rowid, asked right after it.
#define NJ_INSERT_NEW                                                                            \
  "INSERT INTO payout_item (source_module, source_id, member_id, org_id, org_path, amount_fen, " \
  "purpose, fund, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?) "             \
  "ON CONFLICT (source_module, source_id) DO NOTHING"
  static constexpr std::string_view kInsertNew = NJ_INSERT_NEW;
  static constexpr std::string_view kInsertNewReturning = NJ_INSERT_NEW " RETURNING id";
#undef NJ_INSERT_NEW
  static constexpr std::string_view kLastId = "SELECT last_insert_rowid()";
  static constexpr std::string_view kMembers =
      "SELECT m.id, m.org_id, o.path FROM member m JOIN org o ON o.id = m.org_id WHERE m.id IN";
  static const std::vector<std::string> kEntryColumns{"fund",  "kind",   "item_id",    "org_id",
                                                      "debit", "credit", "amount_fen", "posted_at"};
  auto at = [](size_t i, Error e) {
    e.row = static_cast<int64_t>(i + 1);
    return std::unexpected(std::move(e));
  };
  std::vector<std::string> funds;  // distinct, each checked once
  std::vector<uint32_t> fund_of;   // by request: index in funds
  std::vector<int64_t> member_ids;
  for (size_t i = 0; i < requests.size(); ++i) {
    if (auto ok = Check(requests[i]); !ok) return at(i, ok.error());
    auto f = std::find(funds.begin(), funds.end(), requests[i].fund);
    if (f == funds.end()) {
      if (auto name = internal::FundName(c, requests[i].fund); !name) return at(i, name.error());
      f = funds.insert(funds.end(), requests[i].fund);
    }
    fund_of.push_back(static_cast<uint32_t>(f - funds.begin()));
    member_ids.push_back(requests[i].member_id);
  }
  std::sort(member_ids.begin(), member_ids.end());
  member_ids.erase(std::unique(member_ids.begin(), member_ids.end()), member_ids.end());
  const std::vector<Value> members(member_ids.begin(), member_ids.end());
  struct Where {
    int64_t org_id = 0;
    std::string path;
  };
  std::unordered_map<int64_t, Where> where;  // member → union
  where.reserve(member_ids.size());
  if (auto r = c.QueryByKeys(kMembers, {}, members,
                             [&](const store::Row& m) {
                               where[m.Int(0)] = {m.Int(1), m.Text(2)};
                             });
      !r) {
    return std::unexpected(r.error());
  }
  const int64_t now = NowUnix();
  int64_t created = 0;
  std::vector<std::unordered_map<int64_t, int64_t>> owed(funds.size());  // by fund: org → fen
  std::vector<std::vector<Value>> entries;
  for (size_t i = 0; i < requests.size(); ++i) {
    const ItemRequest& r = requests[i];
    auto m = where.find(r.member_id);
    if (m == where.end() || !who.Scope().Contains(m->second.path)) {
      return at(i, Error{ErrorCode::kNotFound, "会员不存在：" + std::to_string(r.member_id),
                         "no such member: " + std::to_string(r.member_id), "member_id"});
    }
    const Value p[] = {r.source_module,  r.source_id,    r.member_id,
                       m->second.org_id, m->second.path, r.amount_fen,
                       r.purpose,        r.fund,         now};
    int64_t id = 0;  // 0: the item existed
    if (c.dialect() == store::Dialect::kSqlite) {
      auto inserted = c.Exec(kInsertNew, p);
      if (!inserted) return at(i, inserted.error());
      if (*inserted == 1) {
        auto last = c.QueryInt(kLastId);
        if (!last) return at(i, last.error());
        id = *last;
      }
    } else {
      auto rows = c.Query(kInsertNewReturning, p);
      if (!rows) return at(i, rows.error());
      if (!rows->empty()) id = (*rows)[0].Int(0);
    }
    if (id == 0) {
      // Asked before: the same item, never a second (RequestOn says when it differs).
      auto before = RequestOn(c, who, r);
      if (!before) return at(i, before.error());
      continue;
    }
    ++created;
    entries.push_back({r.fund, std::string("owed"), id, m->second.org_id, std::string(kExpense),
                       std::string(kPayable), r.amount_fen, now});
    owed[fund_of[i]][m->second.org_id] += r.amount_fen;
  }
  if (auto e = c.BulkInsert("ledger_entry", kEntryColumns, entries); !e) {
    return std::unexpected(e.error());
  }
  for (size_t f = 0; f < funds.size(); ++f) {
    for (const auto& [org_id, amount] : owed[f]) {
      if (auto b = internal::AddBalance(c, funds[f], kExpense, org_id, amount); !b) {
        return std::unexpected(b.error());
      }
      if (auto b = internal::AddBalance(c, funds[f], kPayable, org_id, -amount); !b) {
        return std::unexpected(b.error());
      }
    }
  }
  return created;
}

Result<Item> PayoutService::WithdrawOn(store::Conn& c, std::string_view source_module,
                                       std::string_view source_id) {
  static constexpr std::string_view kCancel =
      "UPDATE payout_item SET state = 'cancelled' WHERE id = ? AND state = 'pending'";
  static constexpr std::string_view kEntry =
      "INSERT INTO ledger_entry (fund, kind, item_id, batch_id, org_id, debit, credit, "
      "amount_fen, posted_at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?)";
  static constexpr std::string_view kPosted =
      "SELECT COUNT(*) FROM ledger_entry WHERE item_id = ? AND kind = ?";
  const Value key[] = {std::string(source_module), std::string(source_id)};
  auto rows = c.Query(kBySource, key);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) {
    return Fail(ErrorCode::kNotFound, "没有此发放：" + std::string(source_id),
                "no such payout item: " + std::string(source_id), "source_id");
  }
  Item i = FromRow((*rows)[0]);
  if (i.state == "batched") {
    return Fail(ErrorCode::kConflict,
                "发放 #" + std::to_string(i.id) + " 已在批次 #" + std::to_string(i.batch_id) +
                    " 中，待银行回盘或取消批次后再冲正",
                "item #" + std::to_string(i.id) + " is in batch #" + std::to_string(i.batch_id) +
                    ": reverse it after the bank's result, or cancel the batch",
                "source_id");
  }
  if (i.state == "cancelled") return i;
  const std::string kind = i.state == "paid" ? "recovery" : "cancelled";
  const Value pp[] = {i.id, kind};
  auto posted = c.QueryInt(kPosted, pp);
  if (!posted) return std::unexpected(posted.error());
  if (*posted) return i;  // a recovery recorded before
  if (kind == "cancelled") {
    const Value cp[] = {i.id};
    if (auto r = c.Exec(kCancel, cp); !r) return std::unexpected(r.error());
    i.state = "cancelled";
  }
  const std::string debit(kind == "cancelled" ? kPayable : kReceivable);
  const Value ep[] = {i.fund,       kind,     i.id, i.org_id, debit, std::string(kExpense),
                      i.amount_fen, NowUnix()};
  if (auto r = c.Exec(kEntry, ep); !r) return std::unexpected(r.error());
  if (auto b = internal::AddBalance(c, i.fund, debit, i.org_id, i.amount_fen); !b) {
    return std::unexpected(b.error());
  }
  if (auto b = internal::AddBalance(c, i.fund, kExpense, i.org_id, -i.amount_fen); !b) {
    return std::unexpected(b.error());
  }
  return i;
}

Result<Item> PayoutService::Request(const auth::Principal& who, const ItemRequest& r) {
  if (auto ok = who.Require(kWrite); !ok) return std::unexpected(ok.error());
  return db_.Transaction<Item>([&](store::Conn& c) -> Result<Item> {
    auto i = RequestOn(c, who, r);
    if (!i || !i->created) return i;
    auto m = internal::FindMember(c, who.Scope(), r.member_id);  // filed at the member's union
    if (!m) return std::unexpected(m.error());
    if (auto a =
            auth::AppendAudit(c, who,
                              {"request", "payout_item", std::to_string(i->id), m->org_path, "",
                               Fields()
                                   .Add("source", r.source_module + ":" + r.source_id)
                                   .Add("member_id", r.member_id)
                                   .Add("amount_fen", r.amount_fen)
                                   .Add("fund", r.fund)
                                   .Json(),
                               r.purpose});
        !a) {
      return std::unexpected(a.error());
    }
    return i;
  });
}

Result<Page<Item>> PayoutService::Items(const auth::Principal& who, const ItemQuery& q) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  if (auto ok = CheckPageLimit(q.limit); !ok) return std::unexpected(ok.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto in_scope = auth::SizedRangeFor(**lease, who, q.org_id);
  if (!in_scope) return std::unexpected(in_scope.error());
  const auth::PathRange& range = in_scope->range;
  // A member's or a batch's items are found by their own index, whatever the range.
  const bool walk = q.member_id == 0 && q.batch_id == 0 && in_scope->Walk(q.limit);
  const std::string name = NameContainsPattern(q.name);
  const Value p[] = {range.low,  range.high, q.member_id, q.member_id,
                     q.batch_id, q.batch_id, q.state,     q.state,
                     q.state,    q.fund,     q.fund,      name,
                     name,       q.after_id, q.after_id,  int64_t{q.limit + 1}};
  auto rows = (*lease)->Query(walk ? kListWalk : kList, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Item> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return PageById(std::move(out), q.limit);
}

Result<Page<PayoutService::ItemWithFailures>> PayoutService::ItemsOfMember(int64_t member_id,
                                                                           int limit,
                                                                           int64_t after_id) {
  if (auto ok = CheckPageLimit(limit); !ok) return std::unexpected(ok.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {member_id, after_id, after_id, int64_t{limit + 1}};
  auto rows = (*lease)->Query(kOfMember, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<ItemWithFailures> out;
  for (const auto& r : *rows) out.emplace_back(FromRow(r), std::vector<Failure>{});
  if (out.empty()) return Page<ItemWithFailures>{};
  const Value fp[] = {member_id, out.back().first.id, out.front().first.id};
  auto failures = (*lease)->Query(kFailuresOf, fp);
  if (!failures) return std::unexpected(failures.error());
  for (auto& [i, fs] : out) {
    for (const auto& f : *failures) {
      if (f.Int(0) == i.id) fs.push_back({f.Int(1), f.Text(2), f.Int(3)});
    }
  }
  return PageOf(std::move(out), limit,
                [](const ItemWithFailures& x) { return std::to_string(x.first.id); });
}

}  // namespace nj::payout
