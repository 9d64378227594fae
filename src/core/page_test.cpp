// The one way a list pages: limit + 1 rows read, the extra one only says a next page exists.
#include "core/page.h"

#include <gtest/gtest.h>

namespace nj {
namespace {

struct Row {
  int64_t id = 0;
};

std::vector<Row> Rows(int n) {
  std::vector<Row> rows;
  for (int i = 0; i < n; ++i) rows.push_back({100 - i});
  return rows;
}

TEST(Page, TheExtraRowGivesTheCursorOfTheLastRowKept) {
  const auto page = PageById(Rows(4), 3);
  ASSERT_EQ(page.items.size(), 3u);
  ASSERT_TRUE(page.next_cursor.has_value());
  EXPECT_EQ(*page.next_cursor, "98");
}

TEST(Page, AFullLastPageHasNoCursor) {
  const auto page = PageById(Rows(3), 3);  // exactly limit rows: the old guess said "more"
  EXPECT_EQ(page.items.size(), 3u);
  EXPECT_FALSE(page.next_cursor.has_value());
  EXPECT_FALSE(PageById(Rows(0), 3).next_cursor.has_value());
}

TEST(Page, CursorOfAnyKey) {
  const auto page = PageOf(Rows(2), 1, [](const Row& r) { return "k" + std::to_string(r.id); });
  EXPECT_EQ(page.next_cursor.value_or(""), "k100");
}

TEST(Page, LimitAndIdCursorAreChecked) {
  EXPECT_TRUE(CheckPageLimit(1));
  EXPECT_TRUE(CheckPageLimit(kPageMax));
  for (int bad : {0, -1, kPageMax + 1}) {
    auto r = CheckPageLimit(bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "limit");
  }
  EXPECT_EQ(PageRequest{}.AfterId().value_or(-1), 0);
  EXPECT_EQ((PageRequest{20, "42"}).AfterId().value_or(-1), 42);
  for (const char* bad : {"abc", "0", "-3", "1.5", "99999999999999999999"}) {
    auto r = PageRequest{20, bad}.AfterId();
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "cursor");
  }
}

}  // namespace
}  // namespace nj
