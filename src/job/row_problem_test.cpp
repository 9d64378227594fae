#include "job/row_problem.h"

#include <gtest/gtest.h>

namespace nj::job {
namespace {

class Rows final : public Sheet {
 public:
  Result<void> Header(std::span<const std::string> columns) override {
    header.assign(columns.begin(), columns.end());
    return {};
  }
  Result<void> Row(std::span<const Cell> cells) override {
    rows.emplace_back(cells.begin(), cells.end());
    return {};
  }
  std::vector<std::string> header;
  std::vector<std::vector<Cell>> rows;
};

TEST(WriteRowProblems, OneShapeWithBothReasons) {
  const RowProblem problems[] = {
      {7, "手机号", "1380013", "手机号应为 11 位数字", "the phone must be 11 digits"}};
  Rows zh, en;
  ASSERT_TRUE(WriteRowProblems(problems, false, zh));
  ASSERT_TRUE(WriteRowProblems(problems, true, en));
  EXPECT_EQ(zh.header, (std::vector<std::string>{"行号", "列", "值", "原因", "Reason"}));
  EXPECT_EQ(en.header, (std::vector<std::string>{"Line", "Column", "Value", "原因", "Reason"}));
  const std::vector<Cell> row{int64_t{7}, std::string("手机号"), std::string("1380013"),
                              std::string("手机号应为 11 位数字"),
                              std::string("the phone must be 11 digits")};
  ASSERT_EQ(zh.rows.size(), 1u);
  EXPECT_EQ(zh.rows[0], row);
  EXPECT_EQ(en.rows[0], row);
}

}  // namespace
}  // namespace nj::job
