#include "job/job.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "job/csv.h"
#include "job/xlsx.h"

namespace nj::job {
namespace {

namespace fs = std::filesystem;

class JobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nj_job_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto db = store::Database::Open("sqlite:" + (dir_ / "t.db").string(), 2);
    ASSERT_TRUE(db) << db.error().detail_en;
    db_ = std::move(*db);
    ASSERT_TRUE(store::Migrate(*db_, store::AllMigrations()));
    auto lease = db_->Acquire();
    ASSERT_TRUE((*lease)->ExecScript(
        "INSERT INTO org (id, kind, name, name_key, name_fold, division_code, path, depth, "
        "created_at, updated_at) VALUES (1, 'city_federation', 'c', x'00', 'c', '330700', '/1/', "
        "0, 0, 0);"
        "INSERT INTO app_user (id, username, display_name, password_hash, org_id, role_id, "
        "created_at) VALUES (1, 'a', 'a', 'x', 1, 1, 0), (2, 'b', 'b', 'x', 1, 1, 0);"));
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }

  // Polls until the job has left "running" (or 10 s have passed).
  Job WaitFor(JobRunner& runner, int64_t user, const std::string& id) {
    for (int i = 0; i < 1000; ++i) {
      auto j = runner.Get(user, id);
      EXPECT_TRUE(j);
      if (!j || j->state != "running") return j.value_or(Job{});
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "job still running";
    return {};
  }

  fs::path dir_;
  std::unique_ptr<store::Database> db_;
};

TEST_F(JobTest, ADoneJobHasItsFileAndProgress) {
  JobRunner runner(*db_, dir_ / "jobs");
  auto job = runner.Start(1, "test", "{}", "out.txt", false,
                          [](const fs::path& file, Progress& p) -> Result<std::string> {
                            p.SetTotal(3);
                            std::ofstream(file) << "abc";
                            p.Advance(3);
                            return std::string("{\"n\":3}");
                          });
  ASSERT_TRUE(job) << job.error().detail_en;
  EXPECT_EQ(job->state, "running");
  const Job done = WaitFor(runner, 1, job->id);
  EXPECT_EQ(done.state, "done");
  EXPECT_EQ(done.done, 3);
  EXPECT_EQ(done.total, 3);
  EXPECT_EQ(done.file_name, "out.txt");
  EXPECT_EQ(done.summary, "{\"n\":3}");
  std::ifstream in(runner.FileOf(done));
  std::string text;
  in >> text;
  EXPECT_EQ(text, "abc");
}

TEST_F(JobTest, AFailedJobKeepsItsErrorInItsLanguageAndNoFile) {
  JobRunner runner(*db_, dir_ / "jobs");
  for (bool english : {false, true}) {
    auto job = runner.Start(1, "test", "{}", "out.txt", english,
                            [](const fs::path& file, Progress&) -> Result<std::string> {
                              std::ofstream(file) << "half";
                              return Fail(ErrorCode::kInvalidInput, "坏了", "broken");
                            });
    ASSERT_TRUE(job);
    const Job failed = WaitFor(runner, 1, job->id);
    EXPECT_EQ(failed.state, "failed");
    EXPECT_EQ(failed.error, english ? "broken" : "坏了");
    EXPECT_FALSE(fs::exists(runner.FileOf(failed)));
    EXPECT_FALSE(fs::exists(runner.FileOf(failed).string() + ".part"));
  }
}

TEST_F(JobTest, AnotherUsersJobIsNotFound) {
  JobRunner runner(*db_, dir_ / "jobs");
  auto job = runner.Start(1, "test", "{}", "f", false,
                          [](const fs::path& file, Progress&) -> Result<std::string> {
                            std::ofstream(file) << "x";
                            return std::string();
                          });
  ASSERT_TRUE(job);
  WaitFor(runner, 1, job->id);
  auto other = runner.Get(2, job->id);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(runner.Get(1, "no-such-job"));
}

TEST_F(JobTest, AJobLeftRunningByAStoppedProcessIsMarkedFailed) {
  {
    auto lease = db_->Acquire();
    ASSERT_TRUE(
        (*lease)->ExecScript("INSERT INTO job (id, kind, user_id, params, state, created_at) "
                             "VALUES ('old', 'test', 1, '{}', 'running', 0)"));
  }
  JobRunner runner(*db_, dir_ / "jobs");
  auto j = runner.Get(1, "old");
  ASSERT_TRUE(j);
  EXPECT_EQ(j->state, "failed");
  EXPECT_NE(j->error, "");
}

TEST(IdFilter, AcceptsPositiveIdsOnly) {
  const Filters f{{"org_id", "12"}, {"bad", "1x"}, {"zero", "0"}, {"empty", ""}};
  EXPECT_EQ(IdFilter(f, "org_id").value(), 12);
  EXPECT_EQ(IdFilter(f, "missing").value(), 0);
  EXPECT_EQ(IdFilter(f, "empty").value(), 0);
  auto bad = IdFilter(f, "bad");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "filters.bad");
  EXPECT_FALSE(IdFilter(f, "zero"));
}

TEST(Xlsx, WritesAZipWorkbook) {
  const fs::path file = fs::temp_directory_path() / ("nj_xlsx_" + std::to_string(::getpid()));
  auto sheet = XlsxSheet::Create(file, "会员");
  ASSERT_TRUE(sheet) << sheet.error().detail_en;
  const std::string header[] = {"姓名", "数"};
  ASSERT_TRUE((*sheet)->Header(header));
  const Cell row[] = {std::string("张伟"), int64_t{42}};
  ASSERT_TRUE((*sheet)->Row(row));
  ASSERT_TRUE((*sheet)->Close());
  std::ifstream in(file, std::ios::binary);
  char magic[2] = {};
  in.read(magic, 2);
  EXPECT_EQ(std::string(magic, 2), "PK");
  EXPECT_GT(fs::file_size(file), 1000u);
  fs::remove(file);
}

TEST(NeutraliseFormula, PrefixesWhatASpreadsheetWouldRun) {
  EXPECT_EQ(NeutraliseFormula("=HYPERLINK(\"http://x\",\"y\")"), "'=HYPERLINK(\"http://x\",\"y\")");
  EXPECT_EQ(NeutraliseFormula("+cmd"), "'+cmd");
  EXPECT_EQ(NeutraliseFormula("-2+3"), "'-2+3");
  EXPECT_EQ(NeutraliseFormula("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(NeutraliseFormula("\t=1"), "'\t=1");
  EXPECT_EQ(NeutraliseFormula("\r=1"), "'\r=1");
  EXPECT_EQ(NeutraliseFormula("-"), "'-");
  EXPECT_EQ(NeutraliseFormula("-1."), "'-1.");
}

TEST(NeutraliseFormula, LeavesTextAndPlainNumbersAlone) {
  for (std::string_view s : {"", "张三", "a=b", "F1-2", "750.00", "-12.50", "+8613800000000", "0",
                             "2026-03-05", "'already"}) {
    EXPECT_EQ(NeutraliseFormula(s), s);
  }
}

// Every text cell of a CSV export is neutralised, the header too; numbers stay numbers.
TEST(Csv, NeutralisesFormulasInTextCells) {
  const fs::path file = fs::temp_directory_path() / ("nj_csv_" + std::to_string(::getpid()));
  auto sheet = CsvSheet::Create(file);
  ASSERT_TRUE(sheet) << sheet.error().detail_en;
  const std::string header[] = {"=id", "n"};
  ASSERT_TRUE((*sheet)->Header(header));
  const Cell row[] = {std::string("=HYPERLINK(\"http://x\",\"y\")"), int64_t{-5},
                      std::string("-12.50"), std::string("@x")};
  ASSERT_TRUE((*sheet)->Row(row));
  ASSERT_TRUE((*sheet)->Close());
  std::ifstream in(file, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text,
            "\xEF\xBB\xBF'=id,n\r\n"
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-5,-12.50,'@x\r\n");
  fs::remove(file);
}

// The same in a workbook: read back with unzip when the machine has it (the workbook is a zip).
TEST(Xlsx, NeutralisesFormulasInTextCells) {
  const fs::path file = fs::temp_directory_path() / ("nj_xlsxf_" + std::to_string(::getpid()));
  auto sheet = XlsxSheet::Create(file, "s");
  ASSERT_TRUE(sheet) << sheet.error().detail_en;
  const std::string header[] = {"id"};
  ASSERT_TRUE((*sheet)->Header(header));
  const Cell row[] = {std::string("=1+1"), int64_t{-7}};
  ASSERT_TRUE((*sheet)->Row(row));
  ASSERT_TRUE((*sheet)->Close());
  const std::string command =
      "unzip -p '" + file.string() + "' xl/worksheets/sheet1.xml 2>/dev/null";
  std::string xml;
  if (std::FILE* p = ::popen(command.c_str(), "r")) {
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) xml.append(buf, n);
    ::pclose(p);
  }
  fs::remove(file);
  if (xml.empty()) GTEST_SKIP() << "no unzip to read the workbook back";
  EXPECT_NE(xml.find("'=1+1"), std::string::npos) << xml;
  EXPECT_EQ(xml.find(">=1+1<"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<v>-7</v>"), std::string::npos) << xml;
}

TEST(Xlsx, AnUnwritableFileIsAnError) {
  auto sheet = XlsxSheet::Create("/nonexistent-dir/x.xlsx", "s");
  if (sheet) {
    EXPECT_FALSE((*sheet)->Close());  // libxlsxwriter may only notice when writing out
  }
}

}  // namespace
}  // namespace nj::job
