#include "http/row_problem.h"

#include <gtest/gtest.h>

namespace nj::http {
namespace {

TEST(RowProblemJson, BothLanguagesAlways) {
  const RowProblem p{3, "身份证号", "3307**********1234", "校验位错误",
                     "the check character is wrong"};
  EXPECT_EQ(boost::json::serialize(RowProblemJson(p)),
            R"({"line":3,"field":"身份证号","value":"3307**********1234","reason":"校验位错误",)"
            R"("reason_en":"the check character is wrong"})");
  const RowProblem list[] = {p, {0, "", "", "甲", "a"}};
  auto a = RowProblemsJson(list);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[1].as_object().at("reason_en").as_string(), "a");
  EXPECT_TRUE(RowProblemsJson({}).empty());
}

}  // namespace
}  // namespace nj::http
