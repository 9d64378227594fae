// Password hashing: argon2id through libsodium's crypto_pwhash_str (salt and parameters are
// inside the stored string). Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace nj::auth {

// kInvalidInput when the password is shorter than 8 characters.
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view stored_hash, std::string_view password);
// A verification that always fails but costs the same, for unknown user names (no timing hint).
void BurnPasswordCheck(std::string_view password);
// A fresh password for generated accounts: 16 characters, letters and digits.
std::string GeneratePassword();

}  // namespace nj::auth
