#include "job/job.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

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

TEST(Xlsx, AnUnwritableFileIsAnError) {
  auto sheet = XlsxSheet::Create("/nonexistent-dir/x.xlsx", "s");
  if (sheet) {
    EXPECT_FALSE((*sheet)->Close());  // libxlsxwriter may only notice when writing out
  }
}

}  // namespace
}  // namespace nj::job
