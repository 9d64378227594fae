// Rules of the organisation tree: pure functions, no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

// The organisation ids along a materialised path, root first ("/1/5/23/" → {1, 5, 23}).
std::vector<int64_t> PathIds(std::string_view path);
// A child's path: parent path + id + "/".
std::string ChildPath(std::string_view parent_path, int64_t id);

}  // namespace nj::org
