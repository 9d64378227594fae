#include <string>
#include <string_view>

#include "job/job.h"

namespace nj::job {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// An optional sign, digits, optionally a point and digits: what FormatYuan and counts give.
bool IsPlainNumber(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  const size_t point = s.find('.');
  const std::string_view whole = s.substr(0, point);
  const std::string_view frac = point == std::string_view::npos ? "" : s.substr(point + 1);
  if (whole.empty() || (point != std::string_view::npos && frac.empty())) return false;
  for (char c : whole) {
    if (!IsDigit(c)) return false;
  }
  for (char c : frac) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

}  // namespace

std::string NeutraliseFormula(std::string_view text) {
  if (text.empty()) return {};
  switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      if (IsPlainNumber(text)) break;
      return "'" + std::string(text);
    default:
      break;
  }
  return std::string(text);
}

}  // namespace nj::job
