#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/credit_code.h"
#include "core/crypto.h"
#include "core/date.h"
#include "core/division.h"
#include "core/fields.h"
#include "core/id_number.h"
#include "core/mask.h"
#include "core/money.h"
#include "core/text.h"

namespace nj {
namespace {

const Date kToday = *ParseDate("2026-11-23");

std::string WithCheck(std::string first17) { return first17 + ResidentIdCheckChar(first17); }

TEST(ResidentId, CheckCharacterFollowsIso7064) {
  // The example in GB 11643: 11010519491231002X.
  EXPECT_EQ(ResidentIdCheckChar("11010519491231002"), 'X');
  EXPECT_EQ(ResidentIdCheckChar("44052418800101001"), '4');
}

TEST(ResidentId, AcceptsAValidNumber) {
  auto id = ParseResidentId(" 11010519491231002x ", kToday);
  ASSERT_TRUE(id) << id.error().detail_en;
  EXPECT_EQ(id->number, "11010519491231002X");
  EXPECT_EQ(FormatDate(id->birth_date), "1949-12-31");
  EXPECT_EQ(id->sex, 'F');
  EXPECT_EQ(id->division_code, "110105");
  EXPECT_FALSE(id->division_warning);
  EXPECT_FALSE(id->upgraded);
  auto jinhua = ParseResidentId(WithCheck("33070219900101123"), kToday);
  ASSERT_TRUE(jinhua);
  EXPECT_EQ(jinhua->sex, 'M');
}

TEST(ResidentId, UpgradesALegacyNumber) {
  auto id = ParseResidentId("330702900101123", kToday);
  ASSERT_TRUE(id) << id.error().detail_en;
  EXPECT_EQ(id->number, WithCheck("33070219900101123"));
  EXPECT_TRUE(id->upgraded);
}

void ExpectRejected(std::string_view input, std::string_view why_en) {
  auto id = ParseResidentId(input, kToday);
  ASSERT_FALSE(id) << input;
  EXPECT_EQ(id.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(id.error().field, "id_number");
  EXPECT_NE(id.error().detail_en.find(why_en), std::string::npos) << id.error().detail_en;
  EXPECT_FALSE(id.error().detail_zh.empty());
}

TEST(ResidentId, RejectsWhatIsWrongAndSaysWhy) {
  const std::string good = WithCheck("33070219900101123");
  std::string wrong = good;
  wrong[17] = good[17] == '1' ? '2' : '1';
  ExpectRejected(wrong, "check character");
  ExpectRejected("3307021990010112", "18 characters");
  ExpectRejected("3307021990010112345", "18 characters");
  ExpectRejected("33070219900101A23X", "digits");
  ExpectRejected("", "18 characters");
  ExpectRejected(WithCheck("33070219900230123"), "not a real date");
  ExpectRejected(WithCheck("33070220261124123"), "future");
  ExpectRejected(WithCheck("33070218991231123"), "before 1900");
  ExpectRejected(WithCheck("99070219900101123"), "not a known division");
  ExpectRejected("33070290013012", "18 characters");
}

TEST(ResidentId, UnknownCountyOfAKnownProvinceIsAcceptedWithAWarning) {
  auto id = ParseResidentId(WithCheck("33079919900101123"), kToday);
  ASSERT_TRUE(id);
  EXPECT_TRUE(id->division_warning);
}

TEST(Division, LooksUpLevelsAndNames) {
  EXPECT_EQ(DivisionLevelOf("330000"), DivisionLevel::kProvince);
  EXPECT_EQ(DivisionLevelOf("330700"), DivisionLevel::kCity);
  EXPECT_EQ(DivisionLevelOf("330782"), DivisionLevel::kCounty);
  EXPECT_EQ(DivisionName("330782"), "义乌市");
  EXPECT_EQ(DivisionName("330702"), "婺城区");
  EXPECT_EQ(DivisionLevelOf("330799"), DivisionLevel::kNone);
  EXPECT_FALSE(IsKnownDivision("33070"));
  EXPECT_FALSE(IsKnownDivision("abcdef"));
  EXPECT_TRUE(IsKnownProvincePrefix("339999"));
  EXPECT_FALSE(IsKnownProvincePrefix("990000"));
}

TEST(Mask, KeepsOnlyTheEnds) {
  EXPECT_EQ(MaskIdNumber("33070219900101123X"), "330***********123X");
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskBankAccount("6222021234567891234"), "6222 **** **** 1234");
  EXPECT_EQ(MaskIdNumber("1234567"), "*******");
  EXPECT_EQ(MaskPhone(""), "");
  EXPECT_EQ(MaskBankAccount("12345"), "*****");
}

TEST(Mask, NamesKeepTheirFirstCharacterOnly) {
  EXPECT_EQ(MaskName("王小明"), "王**");
  EXPECT_EQ(MaskName("欧阳娜娜"), "欧***");
  EXPECT_EQ(MaskName("李"), "李");
  EXPECT_EQ(MaskName("Ann"), "A**");
  EXPECT_EQ(MaskName(""), "");
}

TEST(Money, ParsesAndFormatsFen) {
  EXPECT_EQ(ParseYuan("1234.5"), 123450);
  EXPECT_EQ(ParseYuan("1234.50"), 123450);
  EXPECT_EQ(ParseYuan("-3"), -300);
  EXPECT_EQ(ParseYuan("0.01"), 1);
  for (const char* bad :
       {"1.234", "1e3", "", "-", " 1", "1.", ".5", "+1", "1,000", "99999999999999999"}) {
    EXPECT_FALSE(ParseYuan(bad)) << bad;
  }
  EXPECT_EQ(FormatYuan(123450), "1234.50");
  EXPECT_EQ(FormatYuan(-5), "-0.05");
  EXPECT_EQ(FormatYuan(0), "0.00");
  EXPECT_EQ(YuanText(123450), "¥1234.50");
  EXPECT_EQ(YuanText(-5), "-¥0.05");
}

TEST(Date, ParsesOnlyRealDates) {
  EXPECT_TRUE(ParseDate("2024-02-29"));
  EXPECT_FALSE(ParseDate("2023-02-29"));
  EXPECT_FALSE(ParseDate("2023-2-28"));
  EXPECT_FALSE(ParseDate("2023-13-01"));
  EXPECT_EQ(FormatInstant(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatInstant(1700000000), "2023-11-14T22:13:20Z");
}

TEST(Vault, SealsAndOpens) {
  auto v = Vault::ForTest("a");
  const std::string box = v.Seal("33070219900101123X");
  EXPECT_EQ(box.find("33070219900101123X"), std::string::npos);
  EXPECT_NE(box, v.Seal("33070219900101123X"));  // random nonce
  auto clear = v.Open(box);
  ASSERT_TRUE(clear);
  EXPECT_EQ(*clear, "33070219900101123X");
}

TEST(Vault, DetectsTamperingAndAnotherKey) {
  auto v = Vault::ForTest("a");
  std::string box = v.Seal("13812345678");
  std::string flipped = box;
  flipped[box.size() / 2] ^= 1;
  EXPECT_FALSE(v.Open(flipped));
  EXPECT_FALSE(Vault::ForTest("b").Open(box));
  EXPECT_FALSE(v.Open("short"));
}

TEST(Vault, BlindIndexIsStablePerPurposeAndKey) {
  auto v = Vault::ForTest("a");
  EXPECT_EQ(v.BlindIndex("id_number", "x"), v.BlindIndex("id_number", "x"));
  EXPECT_NE(v.BlindIndex("id_number", "x"), v.BlindIndex("phone", "x"));
  EXPECT_NE(v.BlindIndex("id_number", "x"), v.BlindIndex("id_number", "y"));
  EXPECT_NE(v.BlindIndex("id_number", "x"), Vault::ForTest("b").BlindIndex("id_number", "x"));
  EXPECT_EQ(v.BlindIndex("id_number", "x").size(), 16u);
}

TEST(Vault, KeyFileIsCreatedPrivateAndReloaded) {
  const auto dir = std::filesystem::temp_directory_path() / ("nj_key_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  const std::string path = (dir / "sub" / "k.key").string();
  auto a = Vault::LoadOrCreate(path);
  ASSERT_TRUE(a);
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  EXPECT_EQ(st.st_size, 32);
  auto b = Vault::LoadOrCreate(path);
  ASSERT_TRUE(b);
  EXPECT_EQ(*b->Open(a->Seal("same key")), "same key");
  std::ofstream(path, std::ios::trunc) << "too short";
  EXPECT_FALSE(Vault::LoadOrCreate(path));
  std::filesystem::remove_all(dir);
}

TEST(Crypto, TokensAndHashes) {
  EXPECT_EQ(RandomToken(32).size(), 43u);
  EXPECT_NE(RandomToken(), RandomToken());
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, RandomDigitsAreDigitsEveryOneDrawn) {
  EXPECT_EQ(RandomDigits(0), "");
  std::string seen;
  for (int i = 0; i < 200; ++i) {
    const std::string code = RandomDigits(6);
    ASSERT_EQ(code.size(), 6u);
    for (char ch : code) {
      ASSERT_TRUE(ch >= '0' && ch <= '9') << code;
      if (seen.find(ch) == std::string::npos) seen += ch;
    }
  }
  EXPECT_EQ(seen.size(), 10u);  // 1200 draws leave no digit out (chance ~1e-54)
}

TEST(Text, SortKeysOrderByPinyin) {
  std::vector<std::string> names{"张三", "阿明", "李四", "王五", "赵六", "陈七"};
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return PinyinSortKey(a) < PinyinSortKey(b);
  });
  EXPECT_EQ(names, (std::vector<std::string>{"阿明", "陈七", "李四", "王五", "张三", "赵六"}));
  EXPECT_LT(PinyinSortKey("张"), PinyinSortKey("张三"));
}

TEST(Text, FoldsTraditionalAndCase) {
  EXPECT_EQ(FoldText("張偉"), "张伟");
  EXPECT_EQ(FoldText("劉德華"), "刘德华");
  EXPECT_EQ(FoldText("张伟"), "张伟");
  EXPECT_EQ(FoldText("ABC"), "abc");
  EXPECT_EQ(FoldText("ＡＢＣ"), "abc");
  EXPECT_EQ(FoldText(""), "");
}

TEST(Text, ValidatesUtf8) {
  EXPECT_TRUE(IsValidUtf8("工会 union"));
  EXPECT_FALSE(IsValidUtf8("\xE5\xB7"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(Fields, EscapesJson) {
  EXPECT_EQ(Fields().Json(), "{}");
  EXPECT_EQ(Fields().Add("a", "x\"y\\z\n").Add("n", int64_t{-3}).Json(),
            "{\"a\":\"x\\\"y\\\\z\\n\",\"n\":-3}");
  EXPECT_EQ(JsonQuote(std::string("\x01", 1)), "\"\\u0001\"");
}

TEST(CreditCode, ComputesTheCheckCharacterOfGb32100) {
  // A published example code, and one whose check is 31 → '0'-free arithmetic on letters.
  EXPECT_EQ(CreditCodeCheckChar("91350100M000100Y4"), '3');
  auto ok = ParseCreditCode(" 91350100m000100y43 ");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->code, "91350100M000100Y43");
  EXPECT_FALSE(ok->check_fails);
}

TEST(CreditCode, FlagsAWrongCheckCharacterWithoutRefusingIt) {
  auto code = ParseCreditCode("91350100M000100Y44");
  ASSERT_TRUE(code);
  EXPECT_TRUE(code->check_fails);
}

TEST(CreditCode, RefusesWrongLengthAndCharacters) {
  auto short_code = ParseCreditCode("91350100M000100Y4");
  ASSERT_FALSE(short_code);
  EXPECT_EQ(short_code.error().field, "credit_code");
  EXPECT_NE(short_code.error().detail_zh.find("18 位"), std::string::npos);
  auto letter = ParseCreditCode("91350100M0001O0Y43");  // the letter O is not in the alphabet
  ASSERT_FALSE(letter);
  EXPECT_NE(letter.error().detail_en.find("character 14"), std::string::npos);
  EXPECT_FALSE(CreditCodeCheckChar("9135010SM000100Y4"));
}

}  // namespace
}  // namespace nj
