// Protection of personal data at rest and the random tokens of sessions, over libsodium.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace nj {

// Holds the master key (32 random bytes in a file of mode 0600). Seal/Open encrypt with
// XChaCha20-Poly1305 under a key derived for encryption; BlindIndex is a keyed BLAKE2b hash
// under a separate derived key, so equal clear values can be found without decrypting.
// Thread-safe (immutable after loading).
class Vault {
 public:
  // Reads the key file, or creates it (and its directory) with a fresh key and mode 0600 when it
  // does not exist. Fails when the file exists but is not exactly 32 bytes.
  static Result<Vault> LoadOrCreate(const std::string& path);
  // A vault with a key derived from `seed` — for tests only.
  static Vault ForTest(std::string_view seed);

  // nonce ‖ ciphertext ‖ tag, as bytes.
  std::string Seal(std::string_view plain) const;
  // Fails (kInternal) when the box was tampered with or sealed under another key.
  Result<std::string> Open(std::string_view sealed) const;
  // 16-byte keyed hash of `plain`, separated by `purpose` ("id_number", "phone" …).
  std::string BlindIndex(std::string_view purpose, std::string_view plain) const;

 private:
  std::string enc_key_, index_key_;
};

// `bytes` random bytes as URL-safe base64 without padding.
std::string RandomToken(size_t bytes = 32);
// `digits` random decimal digits, each uniform (a code texted to a phone: "048213").
std::string RandomDigits(size_t digits);
// SHA-256 of `data`, as 64 lower-case hex characters.
std::string Sha256Hex(std::string_view data);
// Equal secrets (tokens), compared in constant time.
bool SameSecret(std::string_view a, std::string_view b);
// Lower-case hex of bytes.
std::string ToHex(std::string_view bytes);
// The bytes of lower- or upper-case hex; nullopt when it is not hex of whole bytes.
std::optional<std::string> FromHex(std::string_view hex);

}  // namespace nj
