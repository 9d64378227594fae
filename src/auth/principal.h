// Who is asking, and which part of the organisation tree they may see (data scope).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace nj::auth {

// Permissions are strings "module:verb". The set the foundation knows:
inline constexpr std::string_view kMemberRead = "member:read";
inline constexpr std::string_view kMemberWrite = "member:write";
inline constexpr std::string_view kMemberReveal = "member:reveal";
inline constexpr std::string_view kOrgRead = "org:read";
inline constexpr std::string_view kOrgWrite = "org:write";
inline constexpr std::string_view kOrgApply =
    "org:apply";  // file applications, register enterprises
inline constexpr std::string_view kUserAdmin = "user:admin";
inline constexpr std::string_view kAuditRead = "audit:read";

// The half-open range of materialised paths [low, high) a caller may touch. Every store query
// over scoped records filters `path >= low AND path < high`: the scope lives in the query.
struct PathRange {
  std::string low, high;
  bool Contains(std::string_view path) const { return path >= low && path < high; }
  // The paths in both this range and `other` (empty, low >= high, when they do not meet): a bulk
  // job over a subtree stays inside the caller's scope.
  PathRange Within(const PathRange& other) const {
    return {std::max(low, other.low), std::min(high, other.high)};
  }
};

// The subtree of `path` ("/1/5/" → ["/1/5/", "/1/50")): every path that starts with it.
inline PathRange SubtreeOf(std::string_view path) {
  std::string high(path);
  if (!high.empty()) high.back() = '0';  // '/' + 1; paths hold only digits and '/'
  return {std::string(path), high};
}
// The organisation of `path` alone ("/1/5/" → ["/1/5/", "/1/5/0")): children all continue with
// a digit, which sorts at or after '0'.
inline PathRange OnlyOrg(std::string_view path) {
  return {std::string(path), std::string(path) + "0"};
}

struct Principal {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  int64_t org_id = 0;
  std::string org_path;  // materialised path of the user's organisation
  std::string org_name;
  std::string role;  // role code
  std::vector<std::string> permissions;
  bool own_org_only = false;  // the role narrows scope to the user's organisation alone
  std::string csrf_token;
  int64_t session_expires_at = 0;
  // The portal acting for a member (PortalFor): the member the audit log names as having acted.
  int64_t member_id = 0;

  bool Can(std::string_view permission) const {
    return std::find(permissions.begin(), permissions.end(), permission) != permissions.end();
  }
  PathRange Scope() const { return own_org_only ? OnlyOrg(org_path) : SubtreeOf(org_path); }
  // Success when the principal holds `permission`; kForbidden naming it otherwise. Services
  // check this themselves, whoever calls them (routes check it too, before reading the body).
  Result<void> Require(std::string_view permission) const {
    if (Can(permission)) return {};
    return Fail(ErrorCode::kForbidden, "需要权限 " + std::string(permission),
                "needs permission " + std::string(permission));
  }
};

// The whole organisation tree: every materialised path ("/1/", "/1/5/" …) sorts at or after "/"
// and before "0".
// Defined here once: only a system principal holds it, and org lookups that must see past a
// caller's scope (org::FindOrgAnywhere) use it; no service writes the range itself.
inline PathRange WholeTree() { return {"/", "0"}; }

// Work the platform does itself, not for a signed-in user: the portal acting for a member on that
// member's own records, the command line's bootstrap (migrate, demo, the first admin). Its scope
// is the whole tree (org_path "/"), so give it only the permissions the step needs; the audit log
// names it "system:<what>" (user id 0, stored as no user), never a person.
inline Principal System(std::string_view what, std::vector<std::string> permissions) {
  Principal p;
  p.username = "system:" + std::string(what);
  p.display_name = p.username;
  p.org_path = "/";  // Scope() is WholeTree()
  p.permissions = std::move(permissions);
  return p;
}
// The portal doing a step a member asked for (their application, their password): System("portal")
// as the principal, with the member recorded so that the audit log names who acted.
inline Principal PortalFor(int64_t member_id, std::vector<std::string> permissions) {
  Principal p = System("portal", std::move(permissions));
  p.member_id = member_id;
  return p;
}
// True for a principal made by System().
inline bool IsSystem(const Principal& p) {
  return p.user_id == 0 && p.username.starts_with("system:");
}

}  // namespace nj::auth
