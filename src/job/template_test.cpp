// Templates read back by the uploads' reader: the header row maps to every column, the allowed
// values' labels sit in the header note of a CSV, and a template holds no data row.
#include "job/template.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "file/table.h"

namespace nj::job {
namespace {

namespace fs = std::filesystem;

const file::ImportSpec& Spec() {
  static const file::ImportSpec spec{
      "t",
      "测试模板",
      "test template",
      {{"id_number", "身份证号", "resident ID", true, {}, {}, "18 位", "18 characters"},
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

void ReadsBack(const fs::path& file, bool csv) {
  auto reader = file::OpenTable(file);
  ASSERT_TRUE(reader) << reader.error().detail_en;
  file::TableRow row;
  ASSERT_TRUE((*reader)->Next(row).value());
  EXPECT_EQ(row.cells[0], "身份证号*");
  EXPECT_EQ(row.cells[1], csv ? "就诊类型*（住院/普通门诊）" : "就诊类型*");
  auto at = file::MapHeader(Spec(), row);
  ASSERT_TRUE(at) << at.error().detail_en;
  EXPECT_EQ(*at, (std::vector<int>{0, 1, 2}));
  EXPECT_FALSE((*reader)->Next(row).value()) << "no row of data or comment";
}

TEST(Template, XlsxAndCsvReadBackThroughTheReader) {
  const fs::path dir = fs::temp_directory_path() / ("nj_template_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  ASSERT_TRUE(WriteTemplateXlsx(Spec(), dir / "t.xlsx"));
  ReadsBack(dir / "t.xlsx", false);
  ASSERT_TRUE(WriteTemplateCsv(Spec(), dir / "t.csv"));
  ReadsBack(dir / "t.csv", true);
  fs::remove_all(dir);
}

TEST(Template, HeaderMarksRequiredAndChoices) {
  EXPECT_EQ(TemplateHeader(Spec().columns[2], true), "备注");
  EXPECT_EQ(TemplateHeader(Spec().columns[1], false), "就诊类型*");
}

}  // namespace
}  // namespace nj::job
