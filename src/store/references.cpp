#include "store/references.h"

#include <algorithm>
#include <map>

namespace nj::store {

namespace {

// Foreign keys onto a table: (referring table, column). Only those that block a delete.
constexpr std::string_view kSqliteKeys =
    "SELECT m.name, p.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) p "
    "WHERE m.type = 'table' AND p.\"table\" = ? AND p.on_delete NOT IN ('CASCADE', 'SET NULL') "
    "ORDER BY m.name, p.\"from\"";
constexpr std::string_view kPostgresKeys =
    "SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c "
    "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
    "WHERE c.contype = 'f' AND c.confrelid = to_regclass(?) AND c.confdeltype NOT IN ('c', 'n') "
    "ORDER BY 1, 2";

struct Words {
  const char* zh;
  const char* en;
};

// The records of each table in words; a table missing here is named as it is.
const std::map<std::string, Words, std::less<>>& TableWords() {
  static const std::map<std::string, Words, std::less<>> words{
      {"org", {"下级组织", "child organisations"}},
      {"member", {"会员", "members"}},
      {"app_user", {"用户", "users"}},
      {"enterprise", {"企业", "enterprises"}},
      {"application", {"申请", "applications"}},
      {"committee", {"工会委员会", "union committees"}},
      {"union_rating", {"工会评级", "union ratings"}},
      {"transfer", {"转会记录", "transfers"}},
      {"payout_account", {"银行卡账户", "bank accounts"}},
      {"payout_item", {"发放明细", "payout items"}},
      {"payout_batch", {"发放批次", "payout batches"}},
      {"aid_enrolment", {"医疗互助参保记录", "mutual-aid enrolments"}},
      {"aid_subsidy", {"医疗互助补助", "mutual-aid subsidies"}},
      {"aid_payment", {"医疗互助缴费", "mutual-aid payments"}},
      {"aid_hand_claim", {"医疗互助手工申请", "hand-filed mutual-aid claims"}},
      {"hardship_archive", {"困难职工档案", "hardship archives"}},
      {"hardship_grant", {"帮扶救助", "hardship grants"}},
      {"hardship_campaign", {"帮扶活动", "hardship campaigns"}},
      {"hardship_campaign_org", {"帮扶活动参与单位", "hardship campaign participations"}},
      {"hardship_campaign_target", {"帮扶对象", "hardship campaign targets"}},
  };
  return words;
}

std::string Quoted(std::string_view identifier) {
  std::string out = "\"";
  for (char ch : identifier) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

}  // namespace

Result<std::vector<Reference>> FindReferences(Conn& c, std::string_view table, int64_t id,
                                              std::span<const std::string_view> ignore) {
  const Value t[] = {std::string(table)};
  auto keys = c.Query(c.dialect() == Dialect::kSqlite ? kSqliteKeys : kPostgresKeys, t);
  if (!keys) return std::unexpected(keys.error());
  std::vector<Reference> out;
  for (const auto& k : *keys) {
    const std::string from = k.Text(0), column = k.Text(1);
    if (std::ranges::find(ignore, from) != ignore.end()) continue;
    // Identifiers come from the schema, never from a request; the value is a parameter.
    const std::string sql = "SELECT COUNT(*) FROM (SELECT 1 FROM " + Quoted(from) + " WHERE " +
                            Quoted(column) + " = ? LIMIT 1000) x";
    const Value p[] = {id};
    auto n = c.QueryInt(sql, p);
    if (!n) return std::unexpected(n.error());
    if (*n == 0) continue;
    auto same = std::ranges::find(out, from, &Reference::table);
    if (same != out.end()) {
      same->count = std::min<int64_t>(1000, same->count + *n);
    } else {
      out.push_back({from, *n});
    }
  }
  return out;
}

Error StillReferred(std::string_view what_zh, std::string_view what_en,
                    const std::vector<Reference>& refs) {
  std::string zh, en;
  for (const auto& r : refs) {
    auto w = TableWords().find(r.table);
    const std::string n = r.count >= 1000 ? "1000+" : std::to_string(r.count);
    if (!zh.empty()) zh += "、";
    if (!en.empty()) en += ", ";
    zh += (w != TableWords().end() ? w->second.zh : r.table) + std::string(" ") + n + " 条";
    en += n + " " + (w != TableWords().end() ? w->second.en : r.table);
  }
  return Error{ErrorCode::kConflict, std::string(what_zh) + "仍被以下记录引用，不能删除：" + zh,
               std::string(what_en) + " is still referred to by " + en + "; it cannot be deleted",
               "", 0};
}

}  // namespace nj::store
