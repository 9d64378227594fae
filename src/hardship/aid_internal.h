// What the services of the module share (archive.cpp, grant.cpp, campaign.cpp, report.cpp): the
// county that reviews a union's records, the condition of an active archive.
// Inside the module only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "auth/principal.h"
#include "core/date.h"
#include "core/error.h"
#include "store/db.h"

namespace nj::hardship::aid {

// An archive in force: active, or on notice whose notice period is over (reads promote those to
// active; until one does, they are active all the same). Its one parameter: today, YYYY-MM-DD.
// Written for an archive aliased `a`.
inline constexpr std::string_view kActive =
    "(a.state = 'active' OR (a.state = 'notice' AND a.notice_end <> '' AND a.notice_end < ?))";

// The level in force of an archive aliased `a`: the override when there is one.
inline constexpr std::string_view kLevel =
    "(CASE WHEN a.level_override <> '' THEN a.level_override ELSE a.level END)";

// The county federation over an organisation (the nearest county_federation on its path) and the
// city federation above that; an organisation straight under the city has the city as county.
// The county's division code is the one whose hardship standard applies.
struct Counties {
  int64_t county_id = 0, city_id = 0;
  std::string division_code;
};
Result<Counties> CountiesOf(store::Conn& c, std::string_view path);
// Who reviews a hardship record (an archive, a grant) of `tier` ("county" or "city"), kept by the
// county `county_id`, at `path`: the county; a city-tier record then the city as well (unless
// the county is the city itself).
Result<std::vector<int64_t>> ReviewChain(store::Conn& c, std::string_view tier, int64_t county_id,
                                         std::string_view path);

// "2026" of today in China.
inline int ThisYear() { return static_cast<int>(Today().year()); }

std::unexpected<Error> Invalid(std::string zh, std::string en, std::string field);

// Text of 1..max bytes (trimmed of nothing: a blank one is refused), naming `field`.
Result<void> RequireText(std::string_view text, size_t max, std::string_view field,
                         std::string_view what_zh);

}  // namespace nj::hardship::aid
