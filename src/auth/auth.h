// Sign-in, sessions and user accounts.
//
// A session is a random token sent as an HttpOnly, SameSite=Strict cookie and stored only as its
// SHA-256; it carries a CSRF token that every mutation must echo in X-CSRF-Token. Ten failed
// sign-ins for one account within a minute lock it for kLockSeconds.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "auth/principal.h"
#include "core/error.h"
#include "store/db.h"

namespace nj::auth {

inline constexpr int64_t kSessionSeconds = 12 * 3600;
inline constexpr int kMaxFailures = 10;
inline constexpr int64_t kFailureWindowSeconds = 60;
inline constexpr int64_t kLockSeconds = 15 * 60;
inline constexpr int64_t kSessionCacheSeconds = 5;

// An account's failed sign-ins after one more at `now`, given the count so far and when its
// window began: the count restarts after kFailureWindowSeconds, and the kMaxFailures-th failure
// locks the account for kLockSeconds (locked_until 0: not locked). Staff and portal accounts
// share this rule.
struct FailedSignIns {
  int64_t count = 0, since = 0, locked_until = 0;
};
FailedSignIns CountFailure(int64_t count, int64_t since, int64_t now);

struct Role {
  int64_t id = 0;
  std::string code, name;
  std::vector<std::string> permissions;
  bool own_org_only = false;
};

struct NewUser {
  std::string username, display_name, password, role_code;
  int64_t org_id = 0;
};

struct UserSummary {
  int64_t id = 0;
  std::string username, display_name, role_code, org_name;
  int64_t org_id = 0;
  bool locked = false;
};

class AuthService {
 public:
  explicit AuthService(store::Database& db) : db_(db) {}

  struct Session {
    std::string token;  // the cookie value; shown once, stored hashed
    Principal principal;
  };
  // Checks the password and opens a new session. `old_token` (the caller's current cookie, may
  // be empty) is closed: a sign-in always rotates the token. kUnauthenticated for a wrong name or
  // password (the same answer for both), kLocked while the account is locked.
  Result<Session> Login(std::string_view username, std::string_view password,
                        std::string_view old_token);
  Result<void> Logout(std::string_view token);
  // The principal of a live session, or kUnauthenticated. Answers from a small in-process cache
  // for up to kSessionCacheSeconds, so that a request does not pay a database read for its
  // session: a logout through this process takes effect at once, a change of role or a logout
  // through another server process within that time.
  Result<Principal> SessionPrincipal(std::string_view token);

  // The principal of the user `username` with their role's permissions and scope, for the
  // command line acting as that user (`--as`): an operator of the server, who holds the
  // database anyway, names who does what, so that maker–checker and the audit log hold there
  // too. kNotFound when there is no such user.
  Result<Principal> UserPrincipal(std::string_view username);

  // Creates a user. With an actor (the API), needs user:admin and the organisation within the
  // actor's scope; without (the CLI), no check. kConflict when the user name is taken.
  Result<int64_t> CreateUser(const Principal* actor, const NewUser& user);
  Result<std::vector<UserSummary>> ListUsers(const Principal& actor);
  Result<std::vector<Role>> ListRoles();

 private:
  Result<Principal> LoadSession(const std::string& token_hash);
  void Forget(const std::string& token_hash);

  struct Cached {
    Principal principal;
    int64_t expires_at = 0;   // of the session
    int64_t fresh_until = 0;  // of this cache entry
  };
  store::Database& db_;
  std::mutex cache_mu_;
  std::unordered_map<std::string, Cached> cache_;
};

}  // namespace nj::auth
