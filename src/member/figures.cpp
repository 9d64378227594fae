#include "member/figures.h"

namespace nj::member {

Result<std::vector<std::pair<std::string, int64_t>>> JoinsByMonth(store::Conn& c,
                                                                  const auth::PathRange& range,
                                                                  std::string_view since) {
  // By the month of join_date ('YYYY-MM-DD').
  static constexpr std::string_view kByMonth =
      "SELECT substr(m.join_date, 1, 7), COUNT(*) FROM member m JOIN org o ON o.id = m.org_id "
      "WHERE m.join_date >= ? AND o.path >= ? AND o.path < ? GROUP BY substr(m.join_date, 1, 7)";
  const store::Value p[] = {std::string(since), range.low, range.high};
  auto rows = c.Query(kByMonth, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& r : *rows) out.emplace_back(r.Text(0), r.Int(1));
  return out;
}

}  // namespace nj::member
