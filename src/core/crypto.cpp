#include "core/crypto.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace nj {

namespace {

void InitSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw std::runtime_error("libsodium failed to initialise");
}

constexpr char kContext[crypto_kdf_CONTEXTBYTES] = {'n', 'j', 'v', 'a', 'u', 'l', 't', '_'};
constexpr uint64_t kEncryptionSubkey = 1, kIndexSubkey = 2;

std::string Derive(const std::string& master, uint64_t id, size_t size) {
  std::string out(size, '\0');
  crypto_kdf_derive_from_key(reinterpret_cast<unsigned char*>(out.data()), size, id, kContext,
                             reinterpret_cast<const unsigned char*>(master.data()));
  return out;
}

}  // namespace

Result<Vault> Vault::LoadOrCreate(const std::string& path) {
  InitSodium();
  std::string master;
  std::ifstream in(path, std::ios::binary);
  if (in) {
    master.assign(std::istreambuf_iterator<char>(in), {});
    if (master.size() != crypto_kdf_KEYBYTES) {
      return Fail(ErrorCode::kInternal, "密钥文件 " + path + " 长度不对（应为 32 字节）",
                  "key file " + path + " must hold exactly 32 bytes");
    }
  } else {
    const auto dir = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    master.resize(crypto_kdf_KEYBYTES);
    crypto_kdf_keygen(reinterpret_cast<unsigned char*>(master.data()));
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0 ||
        ::write(fd, master.data(), master.size()) != static_cast<ssize_t>(master.size()) ||
        ::fsync(fd) != 0) {
      if (fd >= 0) ::close(fd);
      return Fail(ErrorCode::kInternal, "无法创建密钥文件 " + path,
                  "cannot create key file " + path);
    }
    ::close(fd);
  }
  Vault v;
  v.enc_key_ = Derive(master, kEncryptionSubkey, crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  v.index_key_ = Derive(master, kIndexSubkey, crypto_generichash_KEYBYTES);
  sodium_memzero(master.data(), master.size());
  return v;
}

Vault Vault::ForTest(std::string_view seed) {
  InitSodium();
  std::string master(crypto_kdf_KEYBYTES, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(master.data()), master.size(),
                     reinterpret_cast<const unsigned char*>(seed.data()), seed.size(), nullptr, 0);
  Vault v;
  v.enc_key_ = Derive(master, kEncryptionSubkey, crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  v.index_key_ = Derive(master, kIndexSubkey, crypto_generichash_KEYBYTES);
  return v;
}

std::string Vault::Seal(std::string_view plain) const {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string out(kNonce + plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  auto* buf = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(buf, kNonce);
  unsigned long long len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      buf + kNonce, &len, reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
      nullptr, 0, nullptr, buf, reinterpret_cast<const unsigned char*>(enc_key_.data()));
  out.resize(kNonce + len);
  return out;
}

Result<std::string> Vault::Open(std::string_view sealed) const {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  auto broken = [] {
    return Fail(ErrorCode::kInternal, "加密数据已损坏或密钥不符",
                "encrypted value is damaged or was sealed under another key");
  };
  if (sealed.size() < kNonce + kTag) return broken();
  const auto* buf = reinterpret_cast<const unsigned char*>(sealed.data());
  std::string out(sealed.size() - kNonce - kTag, '\0');
  unsigned long long len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &len, nullptr, buf + kNonce,
          sealed.size() - kNonce, nullptr, 0, buf,
          reinterpret_cast<const unsigned char*>(enc_key_.data())) != 0) {
    return broken();
  }
  out.resize(len);
  return out;
}

std::string Vault::BlindIndex(std::string_view purpose, std::string_view plain) const {
  std::string out(16, '\0');
  crypto_generichash_state st;
  crypto_generichash_init(&st, reinterpret_cast<const unsigned char*>(index_key_.data()),
                          index_key_.size(), out.size());
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(purpose.data()),
                            purpose.size());
  const unsigned char zero = 0;
  crypto_generichash_update(&st, &zero, 1);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(plain.data()),
                            plain.size());
  crypto_generichash_final(&st, reinterpret_cast<unsigned char*>(out.data()), out.size());
  return out;
}

std::string RandomToken(size_t bytes) {
  InitSodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes, kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), kVariant);
  out.resize(out.find('\0'));
  return out;
}

std::string RandomDigits(size_t digits) {
  InitSodium();
  std::string out(digits, '0');
  // randombytes_uniform draws without modulo bias.
  for (auto& d : out) d = static_cast<char>('0' + randombytes_uniform(10));
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return ToHex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::optional<std::string> FromHex(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  size_t written = 0;
  if (hex.size() % 2 != 0 ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &written, nullptr) != 0 ||
      written != out.size()) {
    return std::nullopt;
  }
  return out;
}

bool SameSecret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace nj
