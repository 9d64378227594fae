// Members in bulk, in scope (member.h): the look-ups every bulk path finds members through.
#include <algorithm>
#include <cstring>
#include <functional>
#include <optional>

#include "member/member.h"

namespace nj::member {

namespace {

using store::Value;

// The organisations of `scope` with the size of the whole tree, in one statement (one snapshot).
constexpr std::string_view kOrgsIn =
    "SELECT id, (SELECT COUNT(*) FROM org) FROM org WHERE path >= ? AND path < ? ORDER BY id";
// The registry's unique index on the blind index serves the first alone (it holds the id).
constexpr std::string_view kByIndex = "SELECT id_number_idx, id FROM member WHERE id_number_idx IN";
constexpr std::string_view kByIndexWithOrg =
    "SELECT id_number_idx, id, org_id FROM member WHERE id_number_idx IN";
constexpr std::string_view kById = "SELECT id, org_id, status FROM member WHERE id IN";

// The ids of the organisations `scope` holds, sorted; nullopt when it holds every organisation
// (then every member is in scope and nobody's union need be read).
Result<std::optional<std::vector<int64_t>>> OrgsIn(store::Conn& c, const auth::PathRange& scope) {
  const Value p[] = {scope.low, scope.high};
  std::vector<int64_t> ids;
  int64_t all = -1;
  if (auto r = c.Each(kOrgsIn, p,
                      [&](const store::Row& row) {
                        ids.push_back(row.Int(0));
                        all = row.Int(1);
                      });
      !r) {
    return std::unexpected(r.error());
  }
  if (static_cast<int64_t>(ids.size()) == all) return std::nullopt;
  return ids;
}

bool Holds(const std::optional<std::vector<int64_t>>& orgs, int64_t org_id) {
  return !orgs || std::binary_search(orgs->begin(), orgs->end(), org_id);
}

std::vector<int64_t> SortedDistinct(std::span<const int64_t> ids) {
  std::vector<int64_t> out(ids.begin(), ids.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

IdIndex IdIndexOf(const Vault& vault, std::string_view id_number) {
  const std::string bytes = vault.BlindIndex(kIdNumberPurpose, id_number);
  IdIndex index{};
  std::memcpy(index.data(), bytes.data(), std::min(bytes.size(), index.size()));
  return index;
}

Result<std::vector<int64_t>> FindByIdIndex(store::Conn& c, const auth::PathRange& scope,
                                           std::span<const IdIndex> keys) {
  std::vector<int64_t> out(keys.size(), 0);
  if (keys.empty()) return out;
  auto orgs = OrgsIn(c, scope);
  if (!orgs) return std::unexpected(orgs.error());
  if (*orgs && (*orgs)->empty()) return out;  // a scope of no organisation holds nobody
  const bool every = !*orgs;
  auto found = store::QueryInSlabs(
      c, every ? kByIndex : kByIndexWithOrg, {}, keys,
      [](const IdIndex& k) { return Value(store::Blob{std::string(k.data(), k.size())}); },
      [&](const store::Row& m) {
        if (!every && !Holds(*orgs, m.Int(2))) return;
        IdIndex index{};
        const std::string& bytes = m.Bytes(0);
        std::memcpy(index.data(), bytes.data(), std::min(bytes.size(), index.size()));
        const auto at = std::lower_bound(keys.begin(), keys.end(), index);
        if (at != keys.end() && *at == index) out[at - keys.begin()] = m.Int(1);
      });
  if (!found) return std::unexpected(found.error());
  return out;
}

Result<std::unordered_map<int64_t, ScopedMember>> FindByIds(store::Conn& c,
                                                            const auth::PathRange& scope,
                                                            std::span<const int64_t> ids) {
  std::unordered_map<int64_t, ScopedMember> out;
  if (ids.empty()) return out;
  auto orgs = OrgsIn(c, scope);
  if (!orgs) return std::unexpected(orgs.error());
  const std::vector<int64_t> keys = SortedDistinct(ids);
  auto found = store::QueryInSlabs(
      c, kById, {}, keys, [](int64_t id) { return Value(id); },
      [&](const store::Row& m) {
        if (Holds(*orgs, m.Int(1))) out[m.Int(0)] = {m.Int(0), m.Int(1), m.Text(2)};
      });
  if (!found) return std::unexpected(found.error());
  return out;
}

Result<std::vector<int64_t>> OutsideScope(store::Conn& c, const auth::PathRange& scope,
                                          std::span<const int64_t> ids) {
  std::vector<int64_t> out;
  if (ids.empty()) return out;
  auto orgs = OrgsIn(c, scope);
  if (!orgs) return std::unexpected(orgs.error());
  if (!*orgs) return out;
  auto found = store::QueryInSlabs(
      c, kById, {}, ids, [](int64_t id) { return Value(id); },
      [&](const store::Row& m) {
        if (!Holds(*orgs, m.Int(1))) out.push_back(m.Int(0));
      });
  if (!found) return std::unexpected(found.error());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace nj::member
