// Members with money waiting and no bank account: the list a clerk works through so that the
// next batch leaves no one out, and its export.
#include "auth/scope.h"
#include "core/mask.h"
#include "core/money.h"
#include "payout/payout.h"

namespace nj::payout {

namespace {

using store::Value;

// Grouped by member, newest member first; scoped by the member's union now (where the account
// is entered). A sum cannot overflow: every item is at most 10⁹ fen (checked on every way in),
// and a member would need 9·10⁹ of them.
constexpr std::string_view kMissing =
    "SELECT m.id, m.name, m.id_number_masked, o.id, o.name, COUNT(*), SUM(i.amount_fen), "
    "MIN(i.created_at) FROM payout_item i JOIN member m ON m.id = i.member_id "
    "JOIN org o ON o.id = m.org_id WHERE i.state = 'pending' AND o.path >= ? AND o.path < ? "
    "AND NOT EXISTS (SELECT 1 FROM payout_account a WHERE a.member_id = m.id "
    "AND a.valid_to IS NULL) AND (? = 0 OR m.id < ?) "
    "GROUP BY m.id, m.name, m.id_number_masked, o.id, o.name ORDER BY m.id DESC LIMIT ?";

struct Row {
  int64_t id = 0;  // the member: the page's cursor
  MissingAccount m;
};

}  // namespace

Result<Page<MissingAccount>> PayoutService::MissingAccounts(const auth::Principal& who,
                                                            const MissingQuery& q) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  if (auto ok = CheckPageLimit(q.limit); !ok) return std::unexpected(ok.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto range = auth::RangeFor(**lease, who, q.org_id);
  if (!range) return std::unexpected(range.error());
  const Value p[] = {range->low, range->high, q.after_id, q.after_id, int64_t{q.limit + 1}};
  auto rows = (*lease)->Query(kMissing, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Row> out;
  for (const auto& r : *rows) {
    MissingAccount m;
    m.member_id = r.Int(0);
    m.name = MaskName(r.Text(1));
    r.Into(2, m.id_number, m.org_id, m.org_name, m.items, m.pending_fen, m.since);
    out.push_back({m.member_id, std::move(m)});
  }
  Page<Row> page = PageById(std::move(out), q.limit);
  Page<MissingAccount> answer{{}, page.next_cursor};
  for (auto& r : page.items) answer.items.push_back(std::move(r.m));
  return answer;
}

job::Exporter MissingAccountsExporter(PayoutService& payouts) {
  return {std::string(kRead), "缺少银行账户", "Missing bank accounts", "member",
          [&payouts](const auth::Principal& who, const job::Filters& f,
                     bool english) -> Result<job::ExportWrite> {
            MissingQuery q;
            auto org = job::IdFilter(f, "org_id");
            if (!org) return std::unexpected(org.error());
            q.org_id = *org;
            q.limit = 1;
            if (auto probe = payouts.MissingAccounts(who, q); !probe) {
              return std::unexpected(probe.error());
            }
            return [&payouts, who, q, english](job::Sheet& sheet,
                                               job::Progress& progress) -> Result<void> {
              static const std::vector<std::string> kZh{"会员编号", "姓名",     "身份证号",
                                                        "所属工会", "待发笔数", "待发金额（元）"};
              static const std::vector<std::string> kEn{"Member no.", "Name",  "ID number",
                                                        "Union",      "Items", "Pending (yuan)"};
              if (auto r = sheet.Header(english ? kEn : kZh); !r) return r;
              MissingQuery page = q;
              page.limit = 200;
              for (;;) {
                auto list = payouts.MissingAccounts(who, page);
                if (!list) return std::unexpected(list.error());
                for (const auto& m : list->items) {
                  const job::Cell cells[] = {m.member_id, m.name,  m.id_number,
                                             m.org_name,  m.items, FormatYuan(m.pending_fen)};
                  if (auto r = sheet.Row(cells); !r) return r;
                }
                progress.Advance(static_cast<int64_t>(list->items.size()));
                if (!list->next_cursor) return {};
                page.after_id = list->items.back().member_id;
              }
            };
          }};
}

}  // namespace nj::payout
