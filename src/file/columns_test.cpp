// MapHeader and CodeOf: headers as a template writes them, as clerks' files have them, and the
// labels of coded columns.
#include "file/columns.h"

#include <gtest/gtest.h>

namespace nj::file {
namespace {

const ImportSpec& Spec() {
  static const ImportSpec spec{
      "t",
      "模板",
      "template",
      {{"id_number", "身份证号", "resident ID", true, {}, {"身份证号码"}, "", ""},
       {"visit_type",
        "就诊类型",
        "visit type",
        true,
        {{"inpatient", "住院", "Inpatient"}, {"outpatient", "普通门诊", "Outpatient"}},
        {},
        "",
        ""},
       {"note", "备注", "note", false, {}, {}, "", ""}}};
  return spec;
}

TableRow Row(std::vector<std::string> cells) { return {1, std::move(cells)}; }

TEST(MapHeader, ChineseEnglishAliasesAndTemplateMarks) {
  auto at = MapHeader(Spec(), Row({"就诊类型*（住院/普通门诊）", " 身份证号 * "}));
  ASSERT_TRUE(at) << at.error().detail_en;
  EXPECT_EQ(*at, (std::vector<int>{1, 0, -1}));
  at = MapHeader(Spec(), Row({"ID_NUMBER", "Visit Type", "备注(可不填)"}));
  ASSERT_TRUE(at);
  EXPECT_EQ(*at, (std::vector<int>{0, 1, 2}));
  at = MapHeader(Spec(), Row({"身份证号码", "visit_type"}));
  ASSERT_TRUE(at);
  EXPECT_EQ((*at)[0], 0);
}

TEST(MapHeader, MissingRequiredColumnNamed) {
  auto at = MapHeader(Spec(), Row({"身份证号", "备注"}));
  ASSERT_FALSE(at);
  EXPECT_EQ(at.error().field, "visit_type");
  EXPECT_NE(at.error().detail_zh.find("就诊类型"), std::string::npos);
  EXPECT_FALSE(MapHeader(Spec(), Row({})));
  EXPECT_FALSE(MapHeader(Spec(), Row({"身份证号号", "就诊"})));
}

TEST(CodeOf, LabelsAndCodes) {
  const Column& visit = Spec().columns[1];
  EXPECT_EQ(CodeOf(visit, "住院"), "inpatient");
  EXPECT_EQ(CodeOf(visit, " 住院 "), "inpatient");
  EXPECT_EQ(CodeOf(visit, "inpatient"), "inpatient");
  EXPECT_EQ(CodeOf(visit, "OUTPATIENT"), "outpatient");
  EXPECT_EQ(CodeOf(visit, "急诊"), "急诊");  // left for the parser to refuse, naming it
  EXPECT_EQ(CodeOf(visit, ""), "");
  EXPECT_EQ(CodeOf(Spec().columns[0], "住院"), "住院");  // a column without choices
}

}  // namespace
}  // namespace nj::file
