// payout::KeptRows: a page of a list filtered on a state only the payout module knows, read chunk
// after chunk. A list of ids 10 down to 1 stands for the list; even ids are the rows kept.
#include <gtest/gtest.h>

#include <vector>

#include "payout/payout.h"

namespace nj::payout {
namespace {

struct R {
  int64_t id = 0;
};

// The rows below `after` (0: from the top), newest first, `n` at most; counts the reads.
auto Reader(int* reads) {
  return [reads](int64_t after, int n) -> Result<std::vector<R>> {
    ++*reads;
    std::vector<R> out;
    for (int64_t id = after == 0 ? 10 : after - 1; id >= 1 && static_cast<int>(out.size()) < n;
         --id) {
      out.push_back({id});
    }
    return out;
  };
}

std::vector<int64_t> Ids(const std::vector<R>& rows) {
  std::vector<int64_t> out;
  for (const auto& r : rows) out.push_back(r.id);
  return out;
}

const auto kEven = [](const R& r) { return r.id % 2 == 0; };
const auto kAll = [](const R&) { return true; };
const auto kId = [](const R& r) { return r.id; };

TEST(KeptRows, NothingDroppedIsOneRead) {
  int reads = 0;
  auto rows = KeptRows<R>(0, 3, Reader(&reads), kAll, kId);
  ASSERT_TRUE(rows);
  EXPECT_EQ(Ids(*rows), (std::vector<int64_t>{10, 9, 8}));
  EXPECT_EQ(reads, 1);
}

TEST(KeptRows, ReadsOnUntilEnoughAreKept) {
  int reads = 0;
  auto rows = KeptRows<R>(0, 4, Reader(&reads), kEven, kId);
  ASSERT_TRUE(rows);
  EXPECT_EQ(Ids(*rows), (std::vector<int64_t>{10, 8, 6, 4}));
  EXPECT_EQ(reads, 2);
}

TEST(KeptRows, StopsAtTheEndOfTheList) {
  int reads = 0;
  auto rows = KeptRows<R>(4, 4, Reader(&reads), kEven, kId);
  ASSERT_TRUE(rows);
  EXPECT_EQ(Ids(*rows), (std::vector<int64_t>{2}));
  EXPECT_EQ(reads, 1);  // a short chunk (3, 2, 1) is the list's end: no read after it
}

TEST(KeptRows, NoneKeptIsEmptyNotAnError) {
  int reads = 0;
  auto rows = KeptRows<R>(
      0, 2, Reader(&reads), [](const R&) { return false; }, kId);
  ASSERT_TRUE(rows);
  EXPECT_TRUE(rows->empty());
  EXPECT_EQ(reads, 6);  // 10 rows in chunks of 2, then the empty read that ends the list
}

TEST(KeptRows, AReadErrorIsAnswered) {
  auto failing = [](int64_t, int) -> Result<std::vector<R>> {
    return Fail(ErrorCode::kInternal, "读取失败", "read failed");
  };
  auto rows = KeptRows<R>(0, 2, failing, kAll, kId);
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().detail_en, "read failed");
}

}  // namespace
}  // namespace nj::payout
