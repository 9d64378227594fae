// The member portal's sign-in: a member activates an account with the phone and resident ID on
// record and a password of their own, then signs in with phone and password. Sessions are
// separate from staff sessions (their own table and cookie), so a member is never a staff user.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"
#include "core/error.h"
#include "member/member.h"
#include "message/message.h"
#include "org/org.h"
#include "store/db.h"

namespace nj::member {

inline constexpr int64_t kPortalSessionSeconds = 30 * 24 * 3600;  // a phone stays signed in
// A forgotten password's code: 6 digits, alive 10 minutes, void after 5 wrong tries; one text per
// phone a minute.
inline constexpr size_t kResetCodeDigits = 6;
inline constexpr int64_t kResetCodeSeconds = 10 * 60;
inline constexpr int64_t kResetCodeTries = 5;
inline constexpr int64_t kResetResendMs = 60 * 1000;

struct PortalSession {
  std::string token;  // the cookie value; stored hashed
  int64_t member_id = 0;
  std::string name;
  std::string csrf_token;
};

// What the portal's "my union" page shows: the member's union and the federations above it,
// with whom to call.
struct UnionContacts {
  org::Org union_org;
  std::vector<org::Org> parents;  // nearest first, up to the root
};

class PortalService {
 public:
  PortalService(store::Database& db, const Vault& vault, MemberService& members)
      : db_(db), vault_(vault), members_(members) {}

  // Creates the account of the active member whose phone and resident ID are both on record,
  // and signs in. kInvalidInput when no member matches both (one answer, in content and time,
  // for a wrong ID number and a phone of no member: it counts as a failure in auth::Limiter()
  // under the phone and `address`), kConflict when the account exists already (it is never
  // overwritten here), kTooManyAttempts while the limiter refuses.
  Result<PortalSession> Activate(std::string_view phone, std::string_view id_number,
                                 std::string_view password, std::string_view address);
  // kUnauthenticated for an unknown phone and a wrong password alike (after the same hash work);
  // kTooManyAttempts while auth::Limiter() refuses (phone, address).
  Result<PortalSession> Login(std::string_view phone, std::string_view password,
                              std::string_view address);
  // The signed-in member changes their password (`current` must be right; a wrong one counts as
  // a failure); every other portal session of theirs ends, the one of `token` stays.
  Result<void> ChangePassword(int64_t member_id, std::string_view token, std::string_view current,
                              std::string_view fresh, std::string_view address);
  // A forgotten password, step one: texts a code through `sink` to the phone when it is an active
  // member's, whether or not they have activated the portal (the code proves they hold the phone
  // on record, which is more than activation's ID number proves; refusing would only send them
  // to their union). The answer is the same whether or not the phone is a member's, so nobody
  // learns who is one. kInvalidInput (phone) for a phone that is no phone number;
  // kTooManyAttempts (Retry-After) within kResetResendMs of the phone's last code, or while
  // auth::CodeLimiter() refuses "sms:<phone>" from `address` (each code counts there). The code
  // is kept only as a keyed hash; a new code voids the one before.
  Result<void> SendResetCode(std::string_view phone, std::string_view address, message::Sink& sink);
  // Step two: the code texted to `phone` and a new password (activation's rules). A wrong,
  // expired, used or voided code, or a phone with no code, is kInvalidInput naming `code` (one
  // answer for all); each wrong code spends a try (kResetCodeTries void it), and an attempt that
  // finds no live code or voids one counts a failure in auth::CodeLimiter() under
  // "reset:<phone>" (kTooManyAttempts while it refuses). On success the code is used up, the
  // password set (the account created for a member who never activated), every portal session of
  // the member ended, the step audited as the member (auth::PortalFor), and a new session begun.
  Result<PortalSession> ResetPassword(std::string_view phone, std::string_view code,
                                      std::string_view password, std::string_view address);
  Result<void> Logout(std::string_view token);
  // The member and CSRF token of a live session; kUnauthenticated otherwise.
  Result<PortalSession> Session(std::string_view token);

  Result<UnionContacts> Union(int64_t member_id);

  // Sets a member's portal password (the demo and the command line); replaces an existing one.
  Result<void> SetPassword(int64_t member_id, std::string_view password);

 private:
  Result<PortalSession> StartSession(store::Conn& c, int64_t member_id);

  store::Database& db_;
  const Vault& vault_;
  MemberService& members_;
};

}  // namespace nj::member
