// Sign-in, sessions and user accounts.
//
// A session is a random token sent as an HttpOnly, SameSite=Strict cookie and stored only as its
// SHA-256; it carries a CSRF token that every mutation must echo in X-CSRF-Token. Sign-in
// attempts are limited as described at SignInLimiter below.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "auth/principal.h"
#include "core/error.h"
#include "core/page.h"
#include "store/db.h"

namespace nj::auth {

inline constexpr int64_t kSessionSeconds = 12 * 3600;
inline constexpr int64_t kSessionCacheSeconds = 5;

// Sign-in limits, for console sign-in, portal sign-in and portal activation alike.
//
// Failures are counted three ways, each with exponential back-off: after a counter's `free`-th
// failure its key is refused (429, Retry-After) for kFirstBackoffMs, doubling with every further
// failure up to kMaxBackoffMs; a counter is forgotten `forget_ms` after its last failure. While
// refused, an attempt is not checked at all (so it is not a guess) and counts nothing.
//  - per (account, address): 5 free failures, forgotten after a day. This is what stops a guesser:
//    about 100 guesses a day on one account from one address (the old rule allowed 12 700);
//    a success clears it.
//  - per address, across accounts: 100 free failures, forgotten after an hour of quiet: stops one
//    address spraying many accounts or activating many phones, yet an office behind one NAT
//    address can mistype a hundred times an hour.
//  - per account, across addresses: 50 free failures, forgotten after a day: bounds a guesser
//    spread over many addresses. It does NOT hold for an address that signed in to that account
//    successfully before (remembered kKnownAddressMs): so that no one can lock the real user out
//    of their account — the denial of service the old ten-failures lock gave away.
// Accounts are keyed by the name or phone typed (unknown ones too, so that a 429 tells nothing
// of whether the account exists); the address is the peer address of the connection
// (http::Request::remote). X-Forwarded-For is not read: behind a reverse proxy every client
// shares the proxy's address, so run the proxy with its own limits or give the server the
// clients' connections. The counters live in this process's memory: a restart forgets them, and
// each server process counts on its own.
struct Limit {
  int free = 0;           // failures before the first back-off
  int64_t forget_ms = 0;  // a counter idle this long starts again from zero
};
inline constexpr int64_t kFirstBackoffMs = 1000;
inline constexpr int64_t kMaxBackoffMs = 15 * 60 * 1000;
inline constexpr Limit kPairLimit{5, 24 * 3600 * 1000};
inline constexpr Limit kAddressLimit{100, 3600 * 1000};
inline constexpr Limit kAccountLimit{50, 24 * 3600 * 1000};
inline constexpr int64_t kKnownAddressMs = 30LL * 24 * 3600 * 1000;

struct Attempts {
  int64_t failures = 0;          // since the counter was last forgotten
  int64_t last_ms = 0;           // of the last failure
  int64_t blocked_until_ms = 0;  // 0: not blocked
};
// The counter after one more failure at `now_ms` (pure): forgotten first when idle for
// `limit.forget_ms`; from the `limit.free`-th failure on, blocked for kFirstBackoffMs ·
// 2^(failures − free), at most kMaxBackoffMs.
Attempts CountFailure(Attempts a, const Limit& limit, int64_t now_ms);

// The three counters of one process (thread-safe). `account` is a key such as "staff:city_admin"
// or "portal:13812345678"; `address` the peer address.
class SignInLimiter {
 public:
  // Milliseconds before `account` may be tried from `address` again; 0: now.
  int64_t Wait(std::string_view account, std::string_view address, int64_t now_ms);
  // Which counters began to hold with this failure (for the audit log: a lockout).
  struct Tripped {
    bool pair = false, address = false, account = false;
    bool Any() const { return pair || address || account; }
  };
  Tripped Failed(std::string_view account, std::string_view address, int64_t now_ms);
  // A success clears the pair and makes `address` known to the account.
  void Succeeded(std::string_view account, std::string_view address, int64_t now_ms);

 private:
  std::mutex mu_;
  std::unordered_map<std::string, Attempts> pairs_, addresses_, accounts_;
  std::unordered_map<std::string, int64_t> known_;  // account '\n' address → last success
};
// The process's limiter, shared by the console and the portal.
SignInLimiter& Limiter();
// The limiter of codes texted to phones (a forgotten password) and of guesses of them: the same
// rules, counted apart, so that asking for codes never locks anyone out of signing in.
SignInLimiter& CodeLimiter();
int64_t NowMs();
// The answer to a refused attempt: 429 with Retry-After, whatever the account (or its absence).
Error TooManyAttempts(int64_t wait_ms);
// Audits a failure that began a lockout (nothing when `tripped` holds none), as
// System("sign-in"), in a transaction of its own: action "lockout" on `entity` ("user", "member",
// or "sign_in" for a name that is no account), with the address and which limits began to hold.
// org_path "" (no account): the row is filed at the root organisation.
struct LockoutRecord {
  std::string entity, entity_id, org_path, address;
  SignInLimiter::Tripped tripped;
};
Result<void> AuditLockout(store::Database& db, const LockoutRecord& r);

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
  bool disabled = false;
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
  // password or a disabled user (the same answer, after the same password-hash work);
  // kTooManyAttempts while Limiter() refuses (username, address).
  Result<Session> Login(std::string_view username, std::string_view password,
                        std::string_view old_token, std::string_view address);
  // The signed-in user changes their password: `current` must be right (a wrong one counts as a
  // failed sign-in from `address`), `fresh` follows HashPassword's rules. Every other session of
  // the user ends; the one of `token` stays.
  Result<void> ChangePassword(const Principal& p, std::string_view token, std::string_view current,
                              std::string_view fresh, std::string_view address);
  // Disables (every session ends at once, sign-in refused as a wrong password) or enables a user.
  // Needs user:admin and the user's organisation in scope (kNotFound otherwise); not oneself.
  Result<void> SetDisabled(const Principal& actor, int64_t user_id, bool disabled);
  Result<void> Logout(std::string_view token);
  // The principal of a live session, or kUnauthenticated. Answers from a small in-process cache
  // for up to kSessionCacheSeconds, so that a request does not pay a database read for its
  // session: a logout through this process takes effect at once, a change of role or a logout
  // through another server process within that time.
  Result<Principal> SessionPrincipal(std::string_view token);

  // The principal of the user `username` with their role's permissions and scope, for the
  // command line acting as that user (`--as`): an operator of the server, who holds the
  // database anyway, names who does what, so that maker–checker and the audit log hold there
  // too. kNotFound when there is no such user or the user is disabled.
  Result<Principal> UserPrincipal(std::string_view username);

  // Creates a user: needs user:admin and the organisation within the actor's scope (the CLI's
  // bootstrap acts as auth::System("cli", {user:admin})). kConflict when the name is taken.
  Result<int64_t> CreateUser(const Principal& actor, const NewUser& user);
  // A page of the users of the actor's subtree, in the order of their organisations' paths,
  // then their user names (the cursor holds both).
  Result<Page<UserSummary>> ListUsers(const Principal& actor, const PageRequest& page);
  Result<std::vector<Role>> ListRoles();

 private:
  Result<Principal> LoadSession(const std::string& token_hash);
  void Forget(const std::string& token_hash);
  // Drops every cached session of `user_id` (but the one of `keep_hash`).
  void ForgetUser(int64_t user_id, const std::string& keep_hash = {});

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
