#include "auth/password.h"

#include <sodium.h>

#include <stdexcept>

namespace nj::auth {

namespace {
// Interactive limits: about 64 MiB and a tenth of a second here, the libsodium recommendation
// for sign-in.
constexpr auto kOps = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr auto kMem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

void InitSodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}
}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  if (password.size() < 8) {
    return Fail(ErrorCode::kInvalidInput, "密码至少 8 个字符",
                "the password needs 8 characters or more", "password");
  }
  InitSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), kOps, kMem) != 0) {
    return Fail(ErrorCode::kInternal, "密码哈希失败（内存不足）",
                "password hashing ran out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view stored_hash, std::string_view password) {
  InitSodium();
  std::string h(stored_hash);  // needs a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

void BurnPasswordCheck(std::string_view password) {
  static const std::string dummy = *HashPassword("not-a-real-password");
  VerifyPassword(dummy, password);
}

std::string GeneratePassword() {
  InitSodium();
  static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out(16, ' ');
  for (char& c : out) c = kAlphabet[randombytes_uniform(sizeof(kAlphabet) - 1)];
  return out;
}

}  // namespace nj::auth
