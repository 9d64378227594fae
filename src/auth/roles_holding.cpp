#include "auth/roles_holding.h"

namespace nj::auth {

Result<std::vector<std::string>> RoleNamesHolding(store::Conn& c, std::string_view permission) {
  // Permissions are stored space-separated; the padded match finds whole words only. A
  // permission holds no '%' or '_' besides the '_' of its own fixed names, which match
  // themselves among these few.
  static constexpr std::string_view kHolding =
      "SELECT name FROM role WHERE (' ' || permissions || ' ') LIKE ? ORDER BY id";
  const store::Value p[] = {"% " + std::string(permission) + " %"};
  auto rows = c.Query(kHolding, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.Text(0));
  return out;
}

}  // namespace nj::auth
