#include "auth/audit.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "auth/password.h"
#include "core/date.h"

namespace nj::auth {
namespace {

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("nj_audit_test_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    auto db = store::Database::Open("sqlite:" + path_.string(), 2);
    ASSERT_TRUE(db) << db.error().detail_en;
    db_ = std::move(*db);
    ASSERT_TRUE(store::Migrate(*db_, store::AllMigrations()));
    actor_.user_id = 7;
    actor_.username = "clerk";
    for (int i = 0; i < 3; ++i) {
      auto r = db_->TransactionVoid([&](store::Conn& c) {
        return AppendAudit(
            c, actor_,
            {"update", "member", std::to_string(i), "/1/2/", "{\"a\":1}", "{\"a\":2}", ""});
      });
      ASSERT_TRUE(r) << r.error().detail_en;
    }
  }
  void TearDown() override {
    db_.reset();
    for (auto ext : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + ext);
  }
  AuditVerdict Verify() {
    auto lease = db_->Acquire();
    auto v = VerifyAudit(**lease);
    EXPECT_TRUE(v);
    return *v;
  }
  void Sql(const std::string& sql) {
    auto lease = db_->Acquire();
    ASSERT_TRUE((*lease)->Exec(sql));
  }

  std::filesystem::path path_;
  std::unique_ptr<store::Database> db_;
  Principal actor_;
};

TEST_F(AuditTest, AnIntactChainVerifies) {
  auto v = Verify();
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.checked, 3);
}

TEST_F(AuditTest, AnEditedFieldIsFoundAtItsRow) {
  for (const char* column : {"after", "before", "username", "entity_id", "org_path", "reason"}) {
    Sql(std::string("UPDATE audit_log SET ") + column + " = 'x' WHERE id = 2");
    auto v = Verify();
    EXPECT_FALSE(v.ok) << column;
    EXPECT_EQ(v.first_bad_id, 2) << column;
    TearDown();
    SetUp();
  }
}

TEST_F(AuditTest, AnEditedTimeOrUserIsFound) {
  Sql("UPDATE audit_log SET at = at + 1 WHERE id = 1");
  EXPECT_EQ(Verify().first_bad_id, 1);
}

TEST_F(AuditTest, ARecomputedHashStillBreaksTheNextLink) {
  // Whoever rewrites a row and its hash must rewrite every later row too.
  Sql("UPDATE audit_log SET hash = 'forged' WHERE id = 2");
  auto v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_id, 2);
}

TEST_F(AuditTest, ADeletedRowIsFound) {
  Sql("DELETE FROM audit_log WHERE id = 2");
  auto v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_id, 3);
}

TEST_F(AuditTest, ADeletedTailIsFound) {
  Sql("DELETE FROM audit_log WHERE id = 3");
  auto v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_NE(v.problem.find("newest"), std::string::npos);
}

TEST_F(AuditTest, ListIsScopedAndNewestFirst) {
  auto r = db_->TransactionVoid([&](store::Conn& c) {
    return AppendAudit(c, actor_, {"create", "member", "9", "/1/3/", "", "{}", ""});
  });
  ASSERT_TRUE(r);
  auto lease = db_->Acquire();
  auto rows = ListAudit(**lease, {SubtreeOf("/1/2/"), "", "", "", "", "", "", 0, 50});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].id, 3);
  EXPECT_EQ((*rows)[0].username, "clerk");
  rows = ListAudit(**lease, {SubtreeOf("/1/"), "member", "9", "", "", "", "", 0, 50});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].entry.org_path, "/1/3/");
}

TEST_F(AuditTest, ListFiltersByUserAndChinasDays) {
  auto lease = db_->Acquire();
  auto all = ListAudit(**lease, {SubtreeOf("/1/"), "", "", "", "", "", "", 0, 50});
  ASSERT_TRUE(all);
  ASSERT_FALSE(all->empty());
  const std::string today = FormatDate(ChinaDateOf(NowUnix()));
  const std::string tomorrow =
      FormatDate(Date(std::chrono::sys_days(Today()) + std::chrono::days(1)));
  auto by_day = ListAudit(**lease, {SubtreeOf("/1/"), "", "", "", "", today, today, 0, 50});
  ASSERT_TRUE(by_day);
  EXPECT_EQ(by_day->size(), all->size()) << "everything was written today, in China";
  auto later = ListAudit(**lease, {SubtreeOf("/1/"), "", "", "", "", tomorrow, "", 0, 50});
  ASSERT_TRUE(later);
  EXPECT_TRUE(later->empty());
  auto someone = ListAudit(**lease, {SubtreeOf("/1/"), "", "", "", "nobody", "", "", 0, 50});
  ASSERT_TRUE(someone);
  EXPECT_TRUE(someone->empty());
  auto clerk = ListAudit(**lease, {SubtreeOf("/1/"), "", "", "", "clerk", "", "", 0, 50});
  ASSERT_TRUE(clerk);
  EXPECT_EQ(clerk->size(), all->size());
  auto backwards = ListAudit(**lease, {SubtreeOf("/1/"), "", "", "", "", tomorrow, today, 0, 50});
  ASSERT_FALSE(backwards);
  EXPECT_EQ(backwards.error().field, "to_date");
  auto bad = ListAudit(**lease, {SubtreeOf("/1/"), "", "", "", "", "2026-02-30", "", 0, 50});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "from_date");
}

TEST(ChinaDayStart, IsMidnightInChina) {
  // 2026-12-08 00:00 in China is 2026-12-07 16:00 UTC.
  EXPECT_EQ(FormatInstant(ChinaDayStart(*ParseDate("2026-12-08"))), "2026-12-07T16:00:00Z");
  EXPECT_EQ(FormatDate(ChinaDateOf(ChinaDayStart(*ParseDate("2026-12-08")))), "2026-12-08");
  EXPECT_EQ(FormatDate(ChinaDateOf(ChinaDayStart(*ParseDate("2026-12-08")) - 1)), "2026-12-07");
}

TEST(Password, HashesVerifyOnlyTheRightPassword) {
  auto h = HashPassword("correct horse");
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->starts_with("$argon2id$"));
  EXPECT_TRUE(VerifyPassword(*h, "correct horse"));
  EXPECT_FALSE(VerifyPassword(*h, "correct horsE"));
  EXPECT_FALSE(VerifyPassword("garbage", "correct horse"));
  EXPECT_NE(*h, *HashPassword("correct horse"));  // salted
}

TEST(Password, RefusesShortPasswords) {
  auto h = HashPassword("short");
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().field, "password");
}

TEST(Password, GeneratedPasswordsAreLongAndDifferent) {
  auto a = GeneratePassword(), b = GeneratePassword();
  EXPECT_EQ(a.size(), 16u);
  EXPECT_NE(a, b);
}

// A row with no organisation ("" or "/", as the portal and the CLI wrote them) is invisible to
// every scoped reader: refused, and nothing is written (the chain's head does not move).
TEST_F(AuditTest, ARowWithoutItsOrganisationIsRefused) {
  for (const std::string path : {"", "/", "1/2/", "/1/2", "//", "/1//2/", "/a/"}) {
    auto r = db_->TransactionVoid([&](store::Conn& c) {
      return AppendAudit(c, actor_, {"create", "member", "9", path, "", "{}", ""});
    });
    ASSERT_FALSE(r) << "path \"" << path << "\"";
    EXPECT_EQ(r.error().code, ErrorCode::kInternal);
    EXPECT_NE(r.error().detail_en.find("organisation path"), std::string::npos);
  }
  auto v = Verify();
  EXPECT_TRUE(v.ok);
  EXPECT_EQ(v.checked, 3);
}

// The system acts under its own name: "system:<what>", no user behind it.
TEST_F(AuditTest, TheSystemIsNamedAsSuch) {
  const Principal portal = System("portal", {"hardship:write"});
  EXPECT_TRUE(IsSystem(portal));
  EXPECT_FALSE(IsSystem(actor_));
  EXPECT_EQ(portal.Scope().low, WholeTree().low);
  EXPECT_EQ(portal.Scope().high, WholeTree().high);
  EXPECT_TRUE(portal.Can("hardship:write"));
  EXPECT_FALSE(portal.Can("member:read"));
  auto r = db_->TransactionVoid([&](store::Conn& c) {
    return AppendAudit(c, portal, {"create", "hardship_archive", "4", "/1/2/", "", "{}", ""});
  });
  ASSERT_TRUE(r) << r.error().detail_en;
  auto lease = db_->Acquire();
  auto rows =
      ListAudit(**lease, {SubtreeOf("/1/2/"), "hardship_archive", "", "", "", "", "", 0, 50});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].username, "system:portal");
  EXPECT_EQ((*rows)[0].user_id, 0);
  EXPECT_TRUE(Verify().ok);
}

// A portal step names the member it was done for; the member is hashed into the chain, so
// changing or removing it breaks the chain (and rows without one verify as before).
TEST_F(AuditTest, APortalStepNamesTheMember) {
  auto r = db_->TransactionVoid([&](store::Conn& c) {
    return AppendAudit(c, PortalFor(42, {}), {"password", "member", "42", "/1/2/", "", "", ""});
  });
  ASSERT_TRUE(r) << r.error().detail_en;
  auto lease = db_->Acquire();
  auto rows = ListAudit(**lease, {SubtreeOf("/1/2/"), "member", "42", "", "", "", "", 0, 50});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].username, "system:portal");
  EXPECT_EQ((*rows)[0].member_id, 42);
  EXPECT_EQ((*rows)[0].member_name, "");  // no such member in this database: no name to show
  EXPECT_TRUE(Verify().ok);
  ASSERT_TRUE((*lease)->ExecScript("UPDATE audit_log SET acting_member_id = 43 WHERE id = 4"));
  auto v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_id, 4);
}

}  // namespace
}  // namespace nj::auth
