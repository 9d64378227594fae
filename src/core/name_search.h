// Finding a person by any part of the name, in every list that shows members' names (the
// registry, payout items, claims, archives): one folding and one pattern, so that 「陽斌」,
// 「阳 斌」 and 「阳斌」 find the same people everywhere.
#pragma once

#include <string>
#include <string_view>

namespace nj {

// The SQL test on a stored folded name (FoldText of the name: member.name_fold), spaces in it
// ignored; its one parameter is NameContainsPattern(q). Use as `(? = '' OR ` NJ_NAME_CONTAINS(…)
// `)` with the pattern twice. A scan of the rows the query visits, not an index look-up: bound it
// by the caller's scope and the page's limit.
#define NJ_NAME_CONTAINS(COLUMN) "REPLACE(" COLUMN ", ' ', '') LIKE ? ESCAPE '!'"

// `text` without ASCII spaces, tabs and full-width spaces (U+3000).
std::string WithoutSpaces(std::string_view text);
// `text` as a LIKE pattern matching it anywhere, '!' escaping '!', '%' and '_'.
std::string LikeContains(std::string_view text);
// The pattern of NJ_NAME_CONTAINS for what a clerk typed: spaces taken out, folded to simplified
// lower case; "" when nothing is left (no filter).
std::string NameContainsPattern(std::string_view typed);

}  // namespace nj
