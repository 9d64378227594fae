// One page of a list, the one way every list pages. A list is walked by a keyset cursor (the
// sort key of the last row shown, never an offset and never a COUNT over the subtree, so a page
// costs the same at the end of a million rows as at the start); the service reads limit + 1 rows
// and the extra row alone says whether there is a next page, so a list never ends on an empty
// page and the last page's next cursor is null.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace nj {

inline constexpr int kPageDefault = 50;  // rows when the caller names no limit
inline constexpr int kPageMax = 200;     // more is refused (400 naming `limit`), never clamped
// A member's own records as the portal shows them (claims, grants): a few a year, bounded by
// nature, so shown whole without a pager — up to this many, read with one more so that an answer
// cut there says so (`truncated: true`, from the page's next_cursor) rather than stopping silently.
inline constexpr int kOwnListMax = 200;

// The default and the most rows of a list whose bounds differ from every list's (a typeahead's
// few suggestions): ReadPage reads `limit` within them.
struct PageBounds {
  int fallback = kPageDefault;
  int max = kPageMax;
};

// What the caller asked for: `cursor` is "" for the first page, else a previous page's
// next_cursor (opaque to the caller; each list decides what its cursor holds).
struct PageRequest {
  int limit = kPageDefault;
  std::string cursor;

  // The cursor of a list ordered by id: 0 on the first page, else the positive id of the last
  // row shown; kInvalidInput naming `cursor` otherwise.
  Result<int64_t> AfterId() const;
};

// How many rows a list's filter holds, when the list can say so cheaply. A page never counts
// its rows to answer this: a list gives an exact total from counts it keeps (as the member
// registry keeps its active members per organisation), a bounded one (counted up to `cap`
// rows, from an index alone) where that is cheap, and none otherwise; `capped` says there are
// more than `count`. Counting a subtree on every page read would cost a scan of the subtree
// per page; a list that counts at all counts on its first page only, and the caller keeps it.
struct PageTotal {
  int64_t count = 0;
  bool capped = false;
};

template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;  // nullopt on the last page
  std::optional<PageTotal> total;          // when the list gives one (see PageTotal)
};

// Whether a page of a list ordered by its sort key is found faster by walking the key in order
// and keeping the rows of the caller's range (about rows_wanted × all ÷ in_range rows visited)
// than by taking the range's rows from an index on the range and sorting them (about in_range):
// in_range and all estimate the rows in range and in the whole list (as the member registry's
// counts kept per organisation do; auth::SizedRangeFor). A list keeps two statements, the walk's
// with its range test hidden from the planner (`path || '' >= ?`, both dialects), and runs the
// one this chooses: no planner guesses either well for both a city and a union.
inline bool WalkInOrder(double in_range, double all, double rows_wanted) {
  return in_range > 0 && in_range * in_range > rows_wanted * all;
}

// kInvalidInput naming `limit` unless 1 ≤ limit ≤ kPageMax (the service's own check).
Result<void> CheckPageLimit(int limit);

// The page of `rows`, read with limit + 1: the extra row is dropped and the cursor is that of the
// last row kept, `cursor_of(row)`.
template <class T, class CursorOf>
Page<T> PageOf(std::vector<T> rows, int limit, CursorOf&& cursor_of) {
  Page<T> page;
  if (limit > 0 && rows.size() > static_cast<size_t>(limit)) {
    rows.resize(static_cast<size_t>(limit));
    page.next_cursor = cursor_of(rows.back());
  }
  page.items = std::move(rows);
  return page;
}

// The page of rows ordered by id (`row.id`), read with limit + 1.
template <class T>
Page<T> PageById(std::vector<T> rows, int limit) {
  return PageOf(std::move(rows), limit, [](const T& r) { return std::to_string(r.id); });
}

}  // namespace nj
