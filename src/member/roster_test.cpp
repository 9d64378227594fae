// The roster import's pipeline (chunks prepared on a second thread, a transaction per batch of
// chunks): the same report and registry whatever the batch size, and what a failure in a later
// batch leaves behind.
#include "member/roster.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/crypto.h"

namespace nj::member {
namespace {

struct Quiet final : job::Progress {
  void SetTotal(int64_t) override {}
  void Advance(int64_t) override {}
};

// A valid resident ID number (GB 11643 check character) for person `n`.
std::string IdNumber(int n) {
  std::string id = "33070219800101" + std::to_string(100 + n % 900).substr(0, 3);
  static constexpr int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (id[i] - '0') * kWeights[i];
  return id + "10X98765432"[sum % 11];
}

class RosterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("nj_roster_test_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto db = store::Database::Open("sqlite:" + (dir_ / "t.db").string(), 2);
    ASSERT_TRUE(db) << db.error().detail_en;
    db_ = std::move(*db);
    ASSERT_TRUE(store::Migrate(*db_, store::AllMigrations()));
    Sql("INSERT INTO org (id, parent_id, kind, name, name_key, name_fold, division_code, path, "
        "depth, created_at, updated_at) VALUES (1, NULL, 'city_federation', '市总工会', 'a', 'a', "
        "'330700', '/1/', 0, 0, 0)");
    clerk_.user_id = 1;
    clerk_.username = "clerk";
    clerk_.org_id = 1;
    clerk_.org_path = "/1/";
    clerk_.permissions = {std::string(auth::kMemberWrite)};
    // 40 people, of whom line 9 is a bad ID number, line 12 repeats line 3's person and line 30
    // is a person who cannot be stored (see the failure test).
    std::ofstream out(dir_ / "roster.csv");
    out << "姓名,身份证号,手机号\n";
    for (int i = 0; i < 40; ++i) {
      const int line = i + 2;
      std::string id = IdNumber(i);
      if (line == 9) id = "330702198001011233";
      if (line == 12) id = IdNumber(1);
      out << (line == 30 ? "失败" : "会员" + std::to_string(i)) << "," << id << ",\n";
    }
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Sql(const std::string& sql) {
    auto lease = db_->Acquire();
    auto r = (*lease)->ExecScript(sql);
    ASSERT_TRUE(r) << r.error().detail_en;
  }
  int64_t Int(const std::string& sql) {
    auto lease = db_->Acquire();
    return *(*lease)->QueryInt(sql);
  }
  Result<ImportReport> Import(int64_t batch_rows, ImportMode mode = ImportMode::kStore) {
    RosterImporter importer(*db_, vault_);
    Quiet quiet;
    ImportOptions options;
    options.org_id = 1;
    options.batch_rows = batch_rows;
    options.mode = mode;
    return importer.Run(clerk_, dir_ / "roster.csv", options, quiet);
  }
  // What the registry holds: each member's ID index and line-independent fields, in order.
  std::string Registry() {
    auto lease = db_->Acquire();
    std::string out;
    auto rows = (*lease)->Query(
        "SELECT name, hex(id_number_idx), org_id, category FROM member ORDER BY id_number_idx");
    for (const auto& r : *rows) out += r.Text(0) + " " + r.Text(1) + "\n";
    return out + std::to_string(Int("SELECT own FROM org_member_count WHERE org_id = 1"));
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  Vault vault_ = Vault::ForTest("roster");
  auth::Principal clerk_;
};

std::string Lines(const ImportReport& r) {
  std::string out;
  for (const auto& p : r.problems) out += std::to_string(p.line) + " " + p.field + "; ";
  return out;
}

TEST_F(RosterTest, TheBatchSizeChangesNothingButTheCommits) {
  std::string first_registry, first_report;
  for (int64_t batch : {1000, 7, 1}) {
    SCOPED_TRACE(batch);
    Sql("DELETE FROM member; DELETE FROM org_member_count;");
    auto r = Import(batch);
    ASSERT_TRUE(r) << r.error().detail_en;
    EXPECT_EQ(r->rows, 40);
    EXPECT_EQ(r->stored, 38);
    EXPECT_EQ(r->refused, 2);
    EXPECT_EQ(Lines(*r), "9 身份证号; 12 身份证号; ");
    EXPECT_EQ(r->problems[1].reason_en, "the same person as line 3 of this file");
    if (first_registry.empty()) {
      first_registry = Registry();
      first_report = Lines(*r);
    }
    EXPECT_EQ(Registry(), first_registry);
    // A second run stores nothing: every person is a member of the same union already.
    auto again = Import(batch);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->stored, 0);
    EXPECT_EQ(again->unchanged, 38);
    EXPECT_EQ(Lines(*again), first_report);
  }
}

TEST_F(RosterTest, AFailureInALaterBatchLeavesTheWholeBatchesBeforeIt) {
  // The database refuses line 30's row (as a full disk or a broken link would): batches of 10
  // lines end at lines 11, 21 and 31, so the first two are in, the third not at all.
  Sql("CREATE TRIGGER refuse BEFORE INSERT ON member WHEN NEW.name = '失败' "
      "BEGIN SELECT RAISE(ABORT, 'refused'); END;");
  auto r = Import(10);
  ASSERT_FALSE(r);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM member"), 18);  // 20 lines less the two wrong ones
  EXPECT_EQ(Int("SELECT own FROM org_member_count WHERE org_id = 1"), 18);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM audit_log WHERE action = 'import'"), 2);
  // All or nothing: nothing at all.
  Sql("DELETE FROM member; DELETE FROM org_member_count;");
  ASSERT_FALSE(Import(10, ImportMode::kAllOrNothing));
  EXPECT_EQ(Int("SELECT COUNT(*) FROM member"), 0);
  // Without the fault the rerun completes the file: what was in is unchanged, the rest stored.
  Sql("DROP TRIGGER refuse");
  auto rerun = Import(10);
  ASSERT_TRUE(rerun) << rerun.error().detail_en;
  EXPECT_EQ(rerun->stored + rerun->unchanged, 38);
}

}  // namespace
}  // namespace nj::member
