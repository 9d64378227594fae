// What mutual aid paid a member, as other modules ask for it.
#include "mutual_aid/aid.h"

namespace nj::mutual_aid {

Result<int64_t> PaidToMember(store::Conn& c, int64_t member_id, std::string_view from,
                             std::string_view to) {
  static constexpr std::string_view kPaid =
      "SELECT COALESCE(SUM(benefit_fen + lump_fen), 0) FROM aid_claim WHERE member_id = ? "
      "AND outcome = 'paid' AND reversed = 0 AND discharge_date >= ? AND discharge_date <= ?";
  const store::Value p[] = {member_id, std::string(from), std::string(to)};
  return c.QueryInt(kPaid, p);
}

}  // namespace nj::mutual_aid
