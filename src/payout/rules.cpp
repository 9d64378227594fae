#include "payout/rules.h"

#include "core/bank_account.h"

namespace nj::payout {

bool PassesLuhn(std::string_view digits) { return PassesLuhnCheck(digits); }

std::string MaskAccount(std::string_view digits) {
  // Four shown at each end when the number is long enough; otherwise a quarter at each end.
  const size_t show = digits.size() >= 16 ? 4 : digits.size() / 4;
  const size_t hidden = digits.size() - 2 * show;
  std::string out(digits.substr(0, show));
  for (size_t i = 0; i < (hidden + 3) / 4; ++i) out += " ****";
  out += ' ';
  out += digits.substr(digits.size() - show);
  return out;
}

}  // namespace nj::payout
