// The settlement feed against a claim by hand approved while it runs: the member's running
// totals (the caps used so far) are read in the transaction that writes them, so neither
// overwrites the other and no member is paid past a cap.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "approval/approval.h"
#include "core/crypto.h"
#include "core/date.h"
#include "file/evidence.h"
#include "member/member.h"
#include "mutual_aid/aid.h"
#include "mutual_aid/claims.h"
#include "mutual_aid/plan_json.h"
#include "payout/payout.h"

namespace nj::mutual_aid {
namespace {

constexpr std::string_view kPlan = R"({
  "code": "RACE", "name": "互助方案", "start": "2025-01-01", "end": "2025-12-31",
  "contribution_fen": 5000, "waiting_days": 90, "overall_cap_fen": 6000000,
  "benefits": [
   {"visit_type": "inpatient", "deductible_fen": 50000, "cap_fen": 5000000,
    "tiers": [{"up_to_fen": null, "percent": 50}]}]})";
constexpr std::string_view kIdNumber = "330702198001011232";
constexpr int64_t kCapFen = 5000000;

struct Quiet final : job::Progress {
  void SetTotal(int64_t) override {}
  void Advance(int64_t) override {}
};

class IngestRaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("nj_ingest_test_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto db = store::Database::Open("sqlite:" + (dir_ / "t.db").string(), 2);
    ASSERT_TRUE(db) << db.error().detail_en;
    db_ = std::move(*db);
    ASSERT_TRUE(store::Migrate(*db_, store::AllMigrations()));
    Sql("INSERT INTO org (id, parent_id, kind, name, name_key, name_fold, division_code, path, "
        "depth, created_at, updated_at) VALUES (1, NULL, 'city_federation', '市总工会', 'a', 'a', "
        "'330700', '/1/', 0, 0, 0), (2, 1, 'enterprise_union', '工会', 'b', 'b', '330702', "
        "'/1/2/', 1, 0, 0)");
    clerk_.user_id = 1;
    clerk_.username = "clerk";
    clerk_.org_id = 1;
    clerk_.org_path = "/1/";
    clerk_.permissions = {std::string(auth::kMemberWrite), std::string(kWrite), std::string(kBulk)};
    // Four eyes: the claim is checked by the clerk and approved by someone else.
    approver_ = clerk_;
    approver_.user_id = 2;
    approver_.username = "approver";
    members_ = std::make_unique<member::MemberService>(*db_, vault_);
    approvals_ = std::make_unique<approval::ApprovalService>(*db_);
    payouts_ = std::make_unique<payout::PayoutService>(*db_, vault_, *approvals_);
    aid_ = std::make_unique<AidService>(*db_, vault_, *payouts_);
    files_ = std::make_unique<file::EvidenceStore>(dir_ / "files");
    hand_ = std::make_unique<HandClaimService>(*db_, vault_, *aid_, *payouts_, *files_);
    auto m = members_->Create(
        clerk_, {2, "张三", std::string(kIdNumber), "", "", "front_line", "2020-01-01"});
    ASSERT_TRUE(m) << m.error().detail_en;
    member_id_ = m->id;
    auto plan = ParsePlan(kPlan);
    ASSERT_TRUE(plan) << plan.error().detail_en;
    ASSERT_TRUE(aid_->ImportPlan(clerk_, *plan, 1));
    ASSERT_TRUE(aid_->Enrol(clerk_, "RACE", 1, *ParseDate("2025-01-01"), ""));
  }
  void TearDown() override {
    hand_.reset();
    aid_.reset();
    payouts_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Sql(const std::string& sql) {
    auto lease = db_->Acquire();
    ASSERT_TRUE(lease);
    auto r = (*lease)->Exec(sql);
    ASSERT_TRUE(r) << r.error().detail_en;
  }
  int64_t Int(const std::string& sql) {
    auto lease = db_->Acquire();
    auto n = (*lease)->QueryInt(sql);
    EXPECT_TRUE(n) << n.error().detail_en;
    return n ? *n : -1;
  }
  // A claim by hand of 200 000 yuan in scope, checked: approved, it takes the whole cap.
  int64_t CheckedHandClaim() {
    auto h =
        hand_->Submit(clerk_, {"RACE", member_id_, "inpatient", "医院", "2025-06-01", "2025-06-10",
                               "K35.8", "200000.00", "0.00", "200000.00", "0.00"});
    EXPECT_TRUE(h) << h.error().detail_en;
    EXPECT_TRUE(hand_->Check(clerk_, h->id));
    return h->id;
  }
  // A settlement file with one stay of `yuan` (2025-07 and after: after the waiting period).
  std::filesystem::path Feed(std::string_view id = "S1", std::string_view yuan = "20000.00") {
    const auto file = dir_ / (std::string(id) + ".csv");
    std::ofstream(file)
        << "settlement_id,id_number,name,hospital,admission_date,discharge_date,visit_type,"
           "diagnosis_code,total,fund_paid,self_paid_in_scope,self_paid_out_of_scope,"
           "record_type,original_settlement_id\r\n"
        << id << "," << kIdNumber << ",张三,医院,2025-07-01,2025-07-05,inpatient,K35.8," << yuan
        << ",0.00," << yuan << ",0.00,normal,\r\n";
    return file;
  }

  // Ingests `file` with a claim by hand approved after the file is read: the claim must count.
  void IngestWhileApproving(int64_t hand, const std::filesystem::path& file) {
    bool approved = false;
    aid_->BeforeIngestWrites([&] {
      auto a = hand_->Approve(approver_, hand, "发票原件另行寄送");
      ASSERT_TRUE(a) << a.error().detail_en;
      approved = true;
    });
    Quiet progress;
    auto s = aid_->Ingest(clerk_, "RACE", file, false, progress, nullptr);
    ASSERT_TRUE(s) << s.error().detail_en;
    ASSERT_TRUE(approved);
    EXPECT_EQ(Int("SELECT COALESCE(SUM(amount_fen), 0) FROM payout_item"), kCapFen)
        << "the hand claim took the rest of the cap; the feed may pay nothing more";
    EXPECT_EQ(s->paid_fen, 0);
    EXPECT_EQ(Int("SELECT paid_0 FROM aid_member_state WHERE plan_code = 'RACE'"), kCapFen)
        << "the hand claim's totals are kept, not overwritten";
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  Vault vault_ = Vault::ForTest("ingest");
  auth::Principal clerk_, approver_;
  std::unique_ptr<member::MemberService> members_;
  std::unique_ptr<approval::ApprovalService> approvals_;
  std::unique_ptr<payout::PayoutService> payouts_;
  std::unique_ptr<AidService> aid_;
  std::unique_ptr<file::EvidenceStore> files_;
  std::unique_ptr<HandClaimService> hand_;
  int64_t member_id_ = 0;
};

// The member has no running totals yet: both would create them.
TEST_F(IngestRaceTest, AHandClaimApprovedWhileTheFeedRunsKeepsTheCap) {
  IngestWhileApproving(CheckedHandClaim(), Feed());
}

// The member has running totals from an earlier run: the feed must not write back the ones it
// would have read before the claim by hand was approved.
TEST_F(IngestRaceTest, AHandClaimApprovedWhileTheFeedRunsKeepsTheCapOfStoredTotals) {
  Quiet progress;
  auto earlier = aid_->Ingest(clerk_, "RACE", Feed("S0", "1500.00"), false, progress, nullptr);
  ASSERT_TRUE(earlier) << earlier.error().detail_en;
  ASSERT_GT(earlier->paid_fen, 0);
  IngestWhileApproving(CheckedHandClaim(), Feed());
}

TEST_F(IngestRaceTest, TheFeedFirstLeavesTheHandClaimTheRest) {
  const int64_t hand = CheckedHandClaim();
  Quiet progress;
  auto s = aid_->Ingest(clerk_, "RACE", Feed(), false, progress, nullptr);
  ASSERT_TRUE(s) << s.error().detail_en;
  EXPECT_GT(s->paid_fen, 0);
  auto a = hand_->Approve(approver_, hand, "发票原件另行寄送");
  ASSERT_TRUE(a) << a.error().detail_en;
  EXPECT_EQ(Int("SELECT COALESCE(SUM(amount_fen), 0) FROM payout_item"), kCapFen);
  EXPECT_EQ(Int("SELECT paid_0 FROM aid_member_state WHERE plan_code = 'RACE'"), kCapFen);
}

// Four eyes: the checker may not approve; with no invoice the approver gives a reason, kept.
TEST_F(IngestRaceTest, AHandClaimIsApprovedByAnotherWithAReasonWhenNoInvoice) {
  const int64_t hand = CheckedHandClaim();
  auto same = hand_->Approve(clerk_, hand, "发票原件另行寄送");
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().code, ErrorCode::kForbidden);
  auto blind = hand_->Approve(approver_, hand, " \n");
  ASSERT_FALSE(blind);
  EXPECT_EQ(blind.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(blind.error().field, "reason");
  EXPECT_EQ(Int("SELECT COUNT(*) FROM payout_item"), 0) << "nothing paid by a refusal";
  auto a = hand_->Approve(approver_, hand, "发票原件另行寄送");
  ASSERT_TRUE(a) << a.error().detail_en;
  EXPECT_EQ(a->state, "approved");
  EXPECT_EQ(a->reason, "发票原件另行寄送");
  EXPECT_EQ(a->checked_by, clerk_.user_id);
}

}  // namespace
}  // namespace nj::mutual_aid
