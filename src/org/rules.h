// Rules of the organisation tree: pure functions, no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/error.h"

namespace nj::org {

// The kinds of organisation (GLOSSARY.md), from the top of the tree down.
inline constexpr std::string_view kKinds[] = {
    "national_federation", "province_federation", "city_federation", "county_federation",
    "township_federation", "union_federation",    "industry_union",  "joint_union",
    "enterprise_union",    "village_union"};

bool IsKnownKind(std::string_view kind);
// Grassroots unions (基层工会): enterprise, joint, industry and village unions.
bool IsGrassroots(std::string_view kind);
// Name of a kind in Chinese or English ("county_federation" → "县级总工会" / "County federation").
std::string_view KindName(std::string_view kind, bool english = false);

// Checks a new or changed organisation: known kind, a name of 1–100 characters, a known
// division code, and a kind that may sit under the parent's kind (a federation level sits under
// a higher one; nothing sits under a grassroots union). `parent_kind` is "" for a root.
Result<void> ValidateOrg(std::string_view kind, std::string_view name,
                         std::string_view division_code, std::string_view parent_kind);

// Checks an organisation's contacts, all optional: a name of at most 50 characters, a phone of
// 5–20 digits with spaces, dashes, parentheses or a leading '+', an address of at most 200
// characters.
Result<void> ValidateContacts(std::string_view contact_name, std::string_view contact_phone,
                              std::string_view address);

// Committees (委员会) and their seats. A committee of 25 or more members' union has one chair;
// a union of fewer elects one organiser (组织员) instead.
inline constexpr std::string_view kSeatRoles[] = {"chair",       "vice_chair", "funds_audit_chair",
                                                  "women_chair", "member",     "organiser"};
inline constexpr int64_t kCommitteeThreshold = 25;

struct Seat {
  std::string name, role;
  int64_t votes = 0;
};

// An application to found a grassroots union (组建) under the federation the filer chose.
struct Establishment {
  std::string kind, name, division_code;
  int64_t enterprise_id = 0;     // the enterprise whose union it is, or 0 (an area union)
  int64_t founding_members = 0;  // workers joining at the founding
  int64_t term_years = 5;
  std::vector<Seat> committee;  // proposed committee, or the one organiser
  // The federation it will sit under, chosen by the filer within their scope; 0 (an
  // application filed before the choice existed) = the organisation the application is filed at.
  int64_t parent_id = 0;
};

// Checks an establishment: a grassroots kind, name and division (as ValidateOrg), 1 or more
// founding members, a term of 3 or 5 years, and the seats: with kCommitteeThreshold or more
// members a committee with exactly one chair and no organiser; with fewer exactly one seat, the
// organiser. Seat names 1–50 characters, known roles.
Result<void> ValidateEstablishment(const Establishment& e, std::string_view parent_kind);

// The result of a re-election (换届) of a union's committee.
struct Reelection {
  int64_t org_id = 0;
  int64_t term_years = 5;
  std::string elected_on;   // YYYY-MM-DD, not in the future
  std::string how_elected;  // "direct" (直选) or "indirect" (by the members' congress)
  int64_t votes_cast = 0;
  std::vector<Seat> committee;
};
Result<void> ValidateReelection(const Reelection& r, Date today);
// The last day of a term begun on `elected_on`: the day before its anniversary.
Date TermEnd(Date elected_on, int64_t term_years);

// The yearly assessment of a grassroots union: five items with their maximum scores (100 in
// all). The grade is 1 (一类) from 85, 2 (二类) from 60, 3 (三类) below; stars (星级) are given to
// grade 1 only: 5 from 95, 4 from 90, 3 from 85.
inline constexpr std::pair<std::string_view, int> kRatingItems[] = {
    {"organisation", 25}, {"rights", 25}, {"democracy", 20}, {"funds", 15}, {"activities", 15}};
struct Rating {
  int64_t total = 0, grade = 3, stars = 0;
};
// Scores by item name; every item must be present, within 0..its maximum.
Result<Rating> RateUnion(const std::vector<std::pair<std::string, int64_t>>& scores);

// The organisation ids along a materialised path, root first ("/1/5/23/" → {1, 5, 23}).
std::vector<int64_t> PathIds(std::string_view path);
// A child's path: parent path + id + "/".
std::string ChildPath(std::string_view parent_path, int64_t id);

}  // namespace nj::org
