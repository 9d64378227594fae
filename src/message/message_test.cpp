#include "message/message.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace nj::message {
namespace {

namespace fs = std::filesystem;

TEST(SinkLine, OneLineWithTimePhoneAndText) {
  EXPECT_EQ(SinkLine(0, "13800000001", "验证码 123456"),
            "1970-01-01T00:00:00Z\t13800000001\t验证码 123456\n");
  // A text never breaks the one-line-per-text rule.
  EXPECT_EQ(SinkLine(86400, "13800000001", "a\tb\r\nc"),
            "1970-01-02T00:00:00Z\t13800000001\ta b  c\n");
}

TEST(DefaultSmsLog, BesideTheSqliteFileElseInTheFilesDirectory) {
  EXPECT_EQ(DefaultSmsLog("sqlite:data/niangjia.db", "data/files"), fs::path("data/sms.log"));
  EXPECT_EQ(DefaultSmsLog("sqlite:/tmp/x/t.db", "f"), fs::path("/tmp/x/sms.log"));
  EXPECT_EQ(DefaultSmsLog("sqlite:t.db", "f"), fs::path("sms.log"));
  EXPECT_EQ(DefaultSmsLog("postgresql://u@h/db", "data/files"), fs::path("data/files/sms.log"));
}

TEST(LogFileSink, AppendsALinePerTextCreatingTheDirectory) {
  const auto dir = fs::temp_directory_path() / ("nj_sink_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  LogFileSink sink(dir / "sub" / "sms.log");
  ASSERT_TRUE(sink.Send("13800000001", "one"));
  ASSERT_TRUE(sink.Send("13800000002", "two"));
  std::ifstream in(dir / "sub" / "sms.log");
  std::stringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  EXPECT_NE(text.find("\t13800000001\tone\n"), std::string::npos);
  EXPECT_NE(text.find("\t13800000002\ttwo\n"), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
  fs::remove_all(dir);
}

TEST(LogFileSink, FailsWhenTheFileCannotBeWritten) {
  LogFileSink sink("/proc/nj-no-such-place/sms.log");
  EXPECT_FALSE(sink.Send("13800000001", "x"));
}

TEST(Throttle, OneTextPerKeyPerInterval) {
  Throttle t(60'000);
  EXPECT_EQ(t.Take("13800000001", 1'000), 0);
  EXPECT_EQ(t.Take("13800000001", 1'001), 59'999);
  EXPECT_EQ(t.Take("13800000002", 1'001), 0);  // another phone is its own
  EXPECT_EQ(t.Take("13800000001", 60'999), 1);
  EXPECT_EQ(t.Take("13800000001", 61'000), 0);  // the interval has passed: taken again
  EXPECT_EQ(t.Take("13800000001", 61'000), 60'000);
  // Many keys: the old ones are forgotten, the recent one still held.
  for (int i = 0; i < 10'001; ++i) EXPECT_EQ(t.Take("k" + std::to_string(i), 200'000), 0);
  EXPECT_EQ(t.Take("k5", 200'001), 59'999);
}

class MessageDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nj_message_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto db = store::Database::Open("sqlite:" + (dir_ / "t.db").string(), 2);
    ASSERT_TRUE(db) << db.error().detail_en;
    db_ = std::move(*db);
    ASSERT_TRUE(store::Migrate(*db_, store::AllMigrations()));
    auto lease = db_->Acquire();
    auto r = (*lease)->ExecScript(
        "INSERT INTO org (id, kind, name, name_key, name_fold, division_code, path, depth, "
        "created_at, updated_at) VALUES (1, 'city_federation', 'c', x'00', 'c', '330700', '/1/', "
        "0, 0, 0);"
        "INSERT INTO app_user (id, username, display_name, password_hash, org_id, role_id, "
        "created_at) VALUES (1, 'a', 'a', 'x', 1, 1, 0);"
        "INSERT INTO member (id, org_id, name, name_key, name_fold, id_number_enc, id_number_idx, "
        "id_number_masked, sex, birth_date, category, join_date, created_at, updated_at) VALUES "
        "(1, 1, 'm1', x'01', 'm1', x'01', x'01', '', 'M', '1990-01-01', 'worker', '2020-01-01', 0, "
        "0), (2, 1, 'm2', x'02', 'm2', x'02', x'02', '', 'F', '1990-01-01', 'worker', "
        "'2020-01-01', 0, 0);");
    ASSERT_TRUE(r) << r.error().detail_en;
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }
  Result<bool> PostOne(const Draft& d) {
    return db_->Transaction<bool>([&](store::Conn& c) { return Post(c, d); });
  }

  fs::path dir_;
  std::unique_ptr<store::Database> db_;
};

TEST_F(MessageDbTest, AnEventIsPostedOncePerRecipient) {
  const Draft d{Recipient::Member(1), "payout.paid", R"({"amount_fen":100})", "payout.paid:7"};
  EXPECT_EQ(PostOne(d), true);
  EXPECT_EQ(PostOne(d), false);  // the same event again: nothing
  Draft other = d;
  other.to = Recipient::Member(2);  // the same key for someone else is their own message
  EXPECT_EQ(PostOne(other), true);
  other.to = Recipient::User(1);
  EXPECT_EQ(PostOne(other), true);
  MessageService s(*db_);
  EXPECT_EQ(s.Unread(Recipient::Member(1)), 1);
  EXPECT_EQ(s.Unread(Recipient::Member(2)), 1);
  EXPECT_EQ(s.Unread(Recipient::User(1)), 1);
}

TEST_F(MessageDbTest, ADraftNeedsExactlyOneRecipientACodeAndAKey) {
  EXPECT_FALSE(PostOne({Recipient{}, "c", "{}", "k"}));
  EXPECT_FALSE(PostOne({Recipient{1, 1}, "c", "{}", "k"}));
  EXPECT_FALSE(PostOne({Recipient::Member(1), "", "{}", "k"}));
  EXPECT_FALSE(PostOne({Recipient::Member(1), "c", "{}", ""}));
}

TEST_F(MessageDbTest, PostManyStoresEachEventOnceAcrossChunks) {
  std::vector<Draft> drafts;
  for (int i = 0; i < 250; ++i) {
    drafts.push_back(
        {Recipient::Member(1 + i % 2), "payout.paid", "{}", "payout.paid:" + std::to_string(i)});
  }
  drafts.push_back(drafts.front());  // a repeat inside the call
  auto n = db_->Transaction<int64_t>([&](store::Conn& c) { return PostMany(c, drafts); });
  ASSERT_TRUE(n) << n.error().detail_en;
  EXPECT_EQ(*n, 250);
  auto again = db_->Transaction<int64_t>([&](store::Conn& c) { return PostMany(c, drafts); });
  EXPECT_EQ(again, 0);
  MessageService s(*db_);
  EXPECT_EQ(s.Unread(Recipient::Member(1)), 125);
  // Through the outbox: the tail is posted by Flush.
  auto outbox = db_->TransactionVoid([&](store::Conn& c) -> Result<void> {
    Outbox box(c);
    for (int i = 0; i < 150; ++i) {
      if (auto r = box.Add({Recipient::Member(2), "x", "{}", "o:" + std::to_string(i)}); !r) {
        return r;
      }
    }
    return box.Flush();
  });
  ASSERT_TRUE(outbox);
  EXPECT_EQ(s.Unread(Recipient::Member(2)), 275);
}

// The outbox moves its drafts' text into the statements; a chunk of one (padded with copies of
// its first draft) and a full one each store every message once, whole.
TEST_F(MessageDbTest, TheOutboxStoresEachDraftWhole) {
  auto posted = db_->TransactionVoid([&](store::Conn& c) -> Result<void> {
    Outbox box(c);
    for (int i = 0; i < 251; ++i) {
      const std::string n = std::to_string(i);
      auto r = box.Add({Recipient::Member(1), i % 2 ? "payout.paid" : "payout.failed",
                        R"({"item_id":)" + n + R"(,"purpose":"一次性帮扶金，编号 )" + n + R"("})",
                        "payout:" + n});
      if (!r) return r;
    }
    return box.Flush();
  });
  ASSERT_TRUE(posted) << posted.error().detail_en;
  auto invalid = db_->TransactionVoid([&](store::Conn& c) -> Result<void> {
    Outbox box(c);
    return box.Add({Recipient::Member(1), "", "{}", "k"});
  });
  EXPECT_FALSE(invalid) << "a draft without a code is refused when added";
  MessageService s(*db_);
  std::map<std::string, std::string> params;  // code + params, by item number
  int64_t total = 0;
  for (std::string cursor;;) {
    auto p = s.List(Recipient::Member(1), {.limit = 100, .cursor = cursor});
    ASSERT_TRUE(p) << p.error().detail_en;
    for (const auto& m : p->items) {
      const auto at = m.params.find("item_id\":") + 9;
      params[m.params.substr(at, m.params.find(',', at) - at)] = m.code + " " + m.params;
      ++total;
    }
    if (!p->next_cursor) break;
    cursor = *p->next_cursor;
  }
  EXPECT_EQ(total, 251);
  ASSERT_EQ(params.size(), 251u);
  EXPECT_EQ(params["0"], R"(payout.failed {"item_id":0,"purpose":"一次性帮扶金，编号 0"})");
  EXPECT_EQ(params["250"], R"(payout.failed {"item_id":250,"purpose":"一次性帮扶金，编号 250"})");
  EXPECT_EQ(params["137"], R"(payout.paid {"item_id":137,"purpose":"一次性帮扶金，编号 137"})");
}

TEST_F(MessageDbTest, ListsNewestFirstByPagesAndReadsOnlyOnesOwn) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(PostOne({Recipient::Member(1), "c", "{}", "k" + std::to_string(i)}));
  }
  ASSERT_TRUE(PostOne({Recipient::Member(2), "c", "{}", "theirs"}));
  MessageService s(*db_);
  auto first = s.List(Recipient::Member(1), {2, ""});
  ASSERT_TRUE(first);
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_GT(first->items[0].id, first->items[1].id);
  ASSERT_TRUE(first->next_cursor);
  auto rest = s.List(Recipient::Member(1), {10, *first->next_cursor});
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->items.size(), 3u);
  EXPECT_FALSE(rest->next_cursor);
  EXPECT_FALSE(s.List(Recipient::Member(1), {0, ""}));
  EXPECT_FALSE(s.List(Recipient::Member(1), {10, "x"}));

  const int64_t mine = first->items[0].id;
  auto theirs = s.List(Recipient::Member(2), {10, ""});
  ASSERT_TRUE(theirs);
  const int64_t other = theirs->items[0].id;
  auto refused = s.MarkRead(Recipient::Member(1), other);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s.Unread(Recipient::Member(2)), 1);

  auto read = s.MarkRead(Recipient::Member(1), mine);
  ASSERT_TRUE(read);
  EXPECT_GT(read->read_at, 0);
  EXPECT_EQ(s.Unread(Recipient::Member(1)), 4);
  EXPECT_EQ(s.MarkAllRead(Recipient::Member(1)), 4);
  EXPECT_EQ(s.Unread(Recipient::Member(1)), 0);
  EXPECT_EQ(s.Unread(Recipient::Member(2)), 1);
  EXPECT_EQ(s.MarkAllRead(Recipient::Member(1)), 0);
}

}  // namespace
}  // namespace nj::message
