#include "member/rules.h"

#include <gtest/gtest.h>

#include "core/name_search.h"

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

TEST(MemberRules, SearchIsToldByItsShape) {
  EXPECT_EQ(SearchOf("").kind, Search::kNone);
  EXPECT_EQ(SearchOf(" \xE3\x80\x80 ").kind, Search::kNone);
  auto name = SearchOf(" 斌 波 ");
  EXPECT_EQ(name.kind, Search::kName);
  EXPECT_EQ(name.text, "斌波");
  auto id = SearchOf(Id("19900101").substr(0, 17) + "x");
  EXPECT_EQ(id.kind, Search::kIdNumber);
  EXPECT_EQ(id.text.back(), 'X');
  EXPECT_EQ(SearchOf("138 1234 5678").kind, Search::kPhone);
  EXPECT_EQ(SearchOf("138 1234 5678").text, "13812345678");
  EXPECT_EQ(SearchOf("23812345678").kind, Search::kNumber);  // 11 digits, not a phone
  auto card = SearchOf(CardNumber(175));
  EXPECT_EQ(card.kind, Search::kNumber);
  EXPECT_EQ(card.member_id, 175);
  // A fragment of an ID number is a number that names nobody, never a partial match.
  EXPECT_EQ(SearchOf("330702").kind, Search::kNumber);
  EXPECT_EQ(SearchOf("330702").member_id, 0);
  EXPECT_EQ(SearchOf("33070219900101123").kind, Search::kNumber);  // 17 digits
  EXPECT_EQ(SearchOf("3307021990010112XX").kind, Search::kName);   // not an ID's shape
  EXPECT_EQ(LikeContains("a%b_c!"), "%a!%b!_c!!%");
  EXPECT_EQ(NameContainsPattern(" 陽 斌\xE3\x80\x80"), "%阳斌%");
  EXPECT_EQ(NameContainsPattern("  "), "");
}

}  // namespace
}  // namespace nj::member
