#include "core/mask.h"

namespace nj {

namespace {
// Keeps `head` leading and `tail` trailing characters, starring the rest; masks short input whole.
std::string Keep(std::string_view s, size_t head, size_t tail) {
  if (s.size() <= head + tail) return std::string(s.size(), '*');
  return std::string(s.substr(0, head)) + std::string(s.size() - head - tail, '*') +
         std::string(s.substr(s.size() - tail));
}
}  // namespace

std::string MaskIdNumber(std::string_view id) { return Keep(id, 3, 4); }

std::string MaskPhone(std::string_view phone) { return Keep(phone, 3, 4); }

std::string MaskName(std::string_view name) {
  std::string out;
  size_t i = 0;
  for (bool first = true; i < name.size(); first = false) {
    size_t len = 1;  // the UTF-8 sequence starting at i
    const auto lead = static_cast<unsigned char>(name[i]);
    if (lead >= 0xF0) len = 4;
    else if (lead >= 0xE0) len = 3;
    else if (lead >= 0xC0) len = 2;
    if (first) out.append(name.substr(i, len));
    else out += '*';
    i += len;
  }
  return out;
}

std::string MaskBankAccount(std::string_view account) {
  if (account.size() < 12) return std::string(account.size(), '*');
  return std::string(account.substr(0, 4)) + " **** **** " +
         std::string(account.substr(account.size() - 4));
}

}  // namespace nj
