#include "member/rules.h"

#include <gtest/gtest.h>

namespace nj::member {
namespace {

// A valid ID for a person of 婺城区 born on `birth`, sequence 123 (male).
std::string Id(std::string birth) {
  std::string first17 = "330702" + birth + "123";
  return first17 + ResidentIdCheckChar(first17);
}

MemberInput Valid() {
  return {2, "张伟", Id("19900101"), "138 1234 5678", "某公司", "front_line", "2015-06-01"};
}

const Date kToday = *ParseDate("2026-11-23");

TEST(MemberRules, AcceptsAndNormalisesAValidMember) {
  auto v = ValidateMember(Valid(), kToday);
  ASSERT_TRUE(v) << v.error().detail_en;
  EXPECT_EQ(v->phone, "13812345678");
  EXPECT_EQ(v->id.sex, 'M');
  EXPECT_EQ(FormatDate(v->id.birth_date), "1990-01-01");
}

TEST(MemberRules, PhoneIsOptional) {
  auto in = Valid();
  in.phone = "";
  auto v = ValidateMember(in, kToday);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->phone, "");
}

void ExpectField(const MemberInput& in, const char* field) {
  auto v = ValidateMember(in, kToday);
  ASSERT_FALSE(v) << field;
  EXPECT_EQ(v.error().field, field);
  EXPECT_EQ(v.error().code, ErrorCode::kInvalidInput);
  EXPECT_FALSE(v.error().detail_zh.empty());
  EXPECT_FALSE(v.error().detail_en.empty());
}

TEST(MemberRules, NamesTheWrongField) {
  auto in = Valid();
  in.name = "   ";
  ExpectField(in, "name");
  in = Valid();
  in.id_number = in.id_number.substr(0, 17) + (in.id_number[17] == '1' ? '2' : '1');
  ExpectField(in, "id_number");
  in = Valid();
  in.phone = "23812345678";
  ExpectField(in, "phone");
  in = Valid();
  in.phone = "1381234567";
  ExpectField(in, "phone");
  in = Valid();
  in.category = "astronaut";
  ExpectField(in, "category");
  in = Valid();
  in.join_date = "2015-02-30";
  ExpectField(in, "join_date");
  in = Valid();
  in.join_date = "2026-11-24";
  ExpectField(in, "join_date");
}

TEST(MemberRules, JoinDateNotBeforeTheSixteenthBirthday) {
  auto in = Valid();
  in.join_date = "2005-12-31";
  ExpectField(in, "join_date");
  in.join_date = "2006-01-01";
  EXPECT_TRUE(ValidateMember(in, kToday));
  // Born on 29 February 2000: sixteen on 29 February 2016, not the day before.
  in.id_number = Id("20000229");
  in.join_date = "2016-02-28";
  ExpectField(in, "join_date");
  in.join_date = "2016-02-29";
  EXPECT_TRUE(ValidateMember(in, kToday));
}

TEST(MemberRules, Categories) {
  EXPECT_TRUE(IsNewFormCategory("delivery_rider"));
  EXPECT_FALSE(IsNewFormCategory("front_line"));
  EXPECT_TRUE(IsKnownCategory("truck_driver"));
  EXPECT_FALSE(IsKnownCategory(""));
  EXPECT_TRUE(IsKnownStatus("deceased"));
  EXPECT_FALSE(IsKnownStatus("retired"));
}

// Retirement is not leaving: it is a separate fact, and never a status.
TEST(MemberRules, Employments) {
  EXPECT_TRUE(IsKnownEmployment("retired"));
  EXPECT_TRUE(IsKnownEmployment("unemployed"));
  EXPECT_FALSE(IsKnownEmployment("exited"));
  EXPECT_FALSE(IsKnownEmployment(""));
  EXPECT_EQ(EmploymentName("retired", false), "退休");
  EXPECT_EQ(EmploymentName("unemployed", true), "Unemployed");
}

}  // namespace
}  // namespace nj::member
