// What other modules read of their items: the state of each, by the module's own keys.
#include "payout/payout.h"

namespace nj::payout {

Result<std::unordered_map<std::string, std::string>> StatusBySource(
    store::Conn& c, std::string_view source_module, std::span<const std::string> source_ids) {
  static constexpr std::string_view kStates =
      "SELECT source_id, state FROM payout_item WHERE source_module = ? AND source_id IN";
  std::unordered_map<std::string, std::string> out;
  if (source_ids.empty()) return out;
  std::vector<store::Value> keys(source_ids.begin(), source_ids.end());
  const store::Value fixed[] = {std::string(source_module)};
  auto r = c.QueryByKeys(kStates, fixed, keys,
                         [&](const store::Row& row) { out[row.Text(0)] = row.Text(1); });
  if (!r) return std::unexpected(r.error());
  return out;
}

}  // namespace nj::payout
