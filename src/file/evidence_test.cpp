#include "file/evidence.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace nj::file {
namespace {

namespace fs = std::filesystem;

std::string Bytes(std::initializer_list<unsigned char> head, std::string_view rest = "data") {
  return std::string(head.begin(), head.end()) + std::string(rest);
}

TEST(EvidenceType, KnowsPhotosAndPdfByTheirFirstBytes) {
  EXPECT_EQ(*EvidenceType(Bytes({0xFF, 0xD8, 0xFF, 0xE0})), "image/jpeg");
  EXPECT_EQ(*EvidenceType(Bytes({0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})), "image/png");
  using namespace std::string_literals;
  EXPECT_EQ(EvidenceType("RIFF\x10\0\0\0WEBPVP8 "s).value_or("?"), "image/webp");
  EXPECT_EQ(EvidenceType("\0\0\0\x18" "ftypheic\0\0\0\0"s).value_or("?"), "image/heic");
  EXPECT_EQ(*EvidenceType("%PDF-1.7\n"), "application/pdf");
}

TEST(EvidenceType, RefusesOtherContentEmptyAndOversizedFiles) {
  for (std::string_view bad : {"hello, a text file", "PK\x03\x04 a zip", "<svg/>", "%PD"}) {
    auto t = EvidenceType(bad);
    ASSERT_FALSE(t) << bad;
    EXPECT_EQ(t.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(t.error().field, "file");
  }
  EXPECT_FALSE(EvidenceType(""));
  EXPECT_FALSE(EvidenceType(Bytes({0xFF, 0xD8, 0xFF}, std::string(kMaxEvidenceBytes, 'x'))));
  EXPECT_TRUE(EvidenceType(Bytes({0xFF, 0xD8, 0xFF}, std::string(kMaxEvidenceBytes - 3, 'x'))));
}

class EvidenceStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nj-evidence-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    auto db = store::Database::Open("sqlite:" + (dir_ / "t.db").string(), 2);
    ASSERT_TRUE(db);
    db_ = std::move(*db);
    auto lease = db_->Acquire();
    ASSERT_TRUE((*lease)->ExecScript(
        "CREATE TABLE evidence (id INTEGER PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT "
        "NULL, sha256 TEXT NOT NULL, mime TEXT NOT NULL, size INTEGER NOT NULL, file_name TEXT "
        "NOT NULL, uploaded_by INTEGER, created_at INTEGER NOT NULL)"));
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }
  fs::path dir_;
  std::unique_ptr<store::Database> db_;
};

TEST_F(EvidenceStoreTest, KeepsEachContentOnceAndLinksItToEachRecord) {
  EvidenceStore files(dir_ / "files");
  const std::string photo = Bytes({0xFF, 0xD8, 0xFF}, "an invoice");
  auto lease = db_->Acquire();
  auto a = files.Add(**lease, "claim", "1", "发票/../../etc/发票.jpg", photo, 7);
  ASSERT_TRUE(a) << a.error().detail_en;
  EXPECT_EQ(a->file_name, "发票.jpg") << "only the last part of a path";
  auto b = files.Add(**lease, "claim", "2", "same.jpg", photo, 0);
  ASSERT_TRUE(b);
  EXPECT_EQ(a->sha256, b->sha256);
  size_t stored = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir_ / "files")) stored += e.is_regular_file();
  EXPECT_EQ(stored, 1u) << "one file on disk for one content";

  auto of = files.Of(**lease, "claim", "1");
  ASSERT_TRUE(of);
  ASSERT_EQ(of->size(), 1u);
  EXPECT_EQ(*files.Read((*of)[0]), photo);
  EXPECT_FALSE(files.Find(**lease, "claim", "1", b->id)) << "file 2 belongs to claim 2";
  EXPECT_FALSE(files.Add(**lease, "claim", "1", "x.jpg", "plain text", 7));
  EXPECT_EQ(files.Of(**lease, "claim", "1")->size(), 1u) << "a refused file is not linked";
}

TEST_F(EvidenceStoreTest, ReadRefusesAFileChangedOnDisk) {
  EvidenceStore files(dir_ / "files");
  auto lease = db_->Acquire();
  auto e = files.Add(**lease, "claim", "1", "a.pdf", "%PDF-1.4 content", 0);
  ASSERT_TRUE(e);
  std::ofstream(dir_ / "files" / e->sha256.substr(0, 2) / e->sha256) << "%PDF-1.4 altered";
  auto r = files.Read(*e);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace nj::file
