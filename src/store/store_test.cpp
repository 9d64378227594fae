// Runs every case on SQLite and, when NJ_TEST_PG_URL names a server, on PostgreSQL too.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "store/db.h"

namespace nj::store {
namespace {

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "Postgres") {
      const char* url = std::getenv("NJ_TEST_PG_URL");
      if (!url) GTEST_SKIP() << "NJ_TEST_PG_URL not set";
      url_ = url;
    } else {
      file_ =
          std::filesystem::temp_directory_path() / ("nj_store_" + std::to_string(getpid()) + ".db");
      Remove();
      url_ = "sqlite:" + file_.string();
    }
    auto db = Database::Open(url_, 4);
    ASSERT_TRUE(db) << db.error().detail_en;
    db_ = std::move(*db);
    Exec("DROP TABLE IF EXISTS t_child");
    Exec("DROP TABLE IF EXISTS t_item");
    Exec("DROP TABLE IF EXISTS schema_version");
    Exec("DROP TABLE IF EXISTS t_m1");
    Exec("DROP TABLE IF EXISTS t_m2");
    const bool pg = db_->dialect() == Dialect::kPostgres;
    Exec(std::string(
             "CREATE TABLE t_item (id BIGINT PRIMARY KEY, name TEXT UNIQUE, n BIGINT, data ") +
         (pg ? "BYTEA" : "BLOB") + ")");
    Exec(
        "CREATE TABLE t_child (id BIGINT PRIMARY KEY, item_id BIGINT NOT NULL REFERENCES "
        "t_item(id))");
  }
  void TearDown() override {
    db_.reset();
    if (!file_.empty()) Remove();
  }
  void Remove() {
    for (auto ext : {"", "-wal", "-shm"}) std::filesystem::remove(file_.string() + ext);
  }
  void Exec(const std::string& sql) {
    auto lease = db_->Acquire();
    ASSERT_TRUE(lease);
    auto r = (*lease)->ExecScript(sql);
    ASSERT_TRUE(r) << r.error().detail_en;
  }

  std::string url_;
  std::filesystem::path file_;
  std::unique_ptr<Database> db_;
};

TEST_P(StoreTest, ValuesRoundTrip) {
  auto lease = db_->Acquire();
  const std::string blob("\0\x01\xff\x00z", 5);
  const Value p[] = {int64_t{1}, std::string("张伟 'quoted' ?"), int64_t{INT64_MAX}, Blob{blob}};
  ASSERT_TRUE((*lease)->Exec("INSERT INTO t_item (id, name, n, data) VALUES (?, ?, ?, ?)", p));
  const Value q[] = {int64_t{2}, Value(), Value(), Value()};
  ASSERT_TRUE((*lease)->Exec("INSERT INTO t_item (id, name, n, data) VALUES (?, ?, ?, ?)", q));
  auto rows = (*lease)->Query(
      "SELECT id, name, n, data FROM t_item WHERE name = '?' OR id >= ? ORDER BY id",
      std::array<Value, 1>{int64_t{1}});
  ASSERT_TRUE(rows) << rows.error().detail_en;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].Text(1), "张伟 'quoted' ?");
  EXPECT_EQ((*rows)[0].Int(2), INT64_MAX);
  EXPECT_EQ((*rows)[0].Bytes(3), blob);
  EXPECT_TRUE((*rows)[1].IsNull(1));
  EXPECT_TRUE((*rows)[1].IsNull(3));
  EXPECT_EQ((*rows)[1].Int(2), 0);
}

// One stored INT64_MAX made SQLite's SUM raise "integer overflow" on every read that summed its
// column (500 for everyone, for good): sums never fail, and read clamped.
TEST_P(StoreTest, SumsOfStoredValuesNeverFail) {
  auto lease = db_->Acquire();
  auto sum = [&](const char* sql) {
    auto rows = (*lease)->Query(sql);
    EXPECT_TRUE(rows) << (rows ? "" : rows.error().detail_en);
    return rows && !rows->empty() ? (*rows)[0].Int(0) : -1;
  };
  EXPECT_TRUE((*lease)->Query("SELECT SUM(n) FROM t_item").value()[0].IsNull(0));
  EXPECT_EQ(sum("SELECT COALESCE(SUM(n), 0) FROM t_item"), 0);
  ASSERT_TRUE((*lease)->Exec("INSERT INTO t_item (id, n) VALUES (1, 5), (2, 7), (3, NULL)"));
  EXPECT_EQ(sum("SELECT SUM(n) FROM t_item"), 12);
  ASSERT_TRUE(
      (*lease)->Exec("INSERT INTO t_item (id, n) VALUES (4, 9223372036854775807), "
                     "(5, 9223372036854775807)"));
  EXPECT_EQ(sum("SELECT SUM(n) FROM t_item"), kSumLimit);
  EXPECT_EQ(sum("SELECT COALESCE(SUM(n), 0) FROM t_item WHERE id <> 1"), kSumLimit);
  // Back inside once the values that overflowed are summed away.
  EXPECT_EQ(sum("SELECT SUM(n) FROM t_item WHERE id < 5"), INT64_MAX);
  ASSERT_TRUE((*lease)->Exec("UPDATE t_item SET n = -9223372036854775807 WHERE id = 5"));
  EXPECT_EQ(sum("SELECT SUM(n) FROM t_item"), 12);
  ASSERT_TRUE((*lease)->Exec("UPDATE t_item SET n = -9223372036854775807 WHERE id = 4"));
  EXPECT_EQ(sum("SELECT SUM(n) FROM t_item"), -kSumLimit);
  EXPECT_EQ(sum("SELECT SUM(n) FROM t_item WHERE n IS NOT NULL GROUP BY n < 0 ORDER BY 1 LIMIT 1"),
            -kSumLimit);
}

TEST_P(StoreTest, ConstraintViolationsAreNamed) {
  auto lease = db_->Acquire();
  ASSERT_TRUE((*lease)->Exec("INSERT INTO t_item (id, name) VALUES (1, 'a')"));
  auto dup = (*lease)->Exec("INSERT INTO t_item (id, name) VALUES (2, 'a')");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  auto fk = (*lease)->Exec("INSERT INTO t_child (id, item_id) VALUES (1, 99)");
  ASSERT_FALSE(fk);
  EXPECT_EQ(fk.error().code, ErrorCode::kInvalidInput);
  auto bad = (*lease)->Query("SELECT nonsense FROM nowhere");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInternal);
}

TEST_P(StoreTest, FailedTransactionLeavesNothing) {
  auto r = db_->TransactionVoid([](Conn& c) -> Result<void> {
    if (auto e = c.Exec("INSERT INTO t_item (id, name) VALUES (1, 'a')"); !e)
      return std::unexpected(e.error());
    return Fail(ErrorCode::kInvalidInput, "x", "x");
  });
  EXPECT_FALSE(r);
  auto n =
      db_->Transaction<int64_t>([](Conn& c) { return c.QueryInt("SELECT COUNT(*) FROM t_item"); });
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0);
  EXPECT_TRUE(db_->TransactionVoid([](Conn& c) -> Result<void> {
    auto e = c.Exec("INSERT INTO t_item (id, name) VALUES (1, 'a')");
    if (!e) return std::unexpected(e.error());
    return {};
  }));
  n = db_->Transaction<int64_t>([](Conn& c) { return c.QueryInt("SELECT COUNT(*) FROM t_item"); });
  EXPECT_EQ(*n, 1);
}

TEST_P(StoreTest, BulkInsertKeepsAwkwardValuesExact) {
  std::vector<std::vector<Value>> rows;
  for (int64_t i = 0; i < 10000; ++i) {
    rows.push_back({i, "n\t" + std::to_string(i) + "\\\n\r'x", i % 7 ? Value(i * 3) : Value(),
                    Blob{std::string("\0\t\\", 3) + std::to_string(i)}});
  }
  auto r = db_->TransactionVoid([&](Conn& c) {
    return c.BulkInsert("t_item", std::vector<std::string>{"id", "name", "n", "data"}, rows);
  });
  ASSERT_TRUE(r) << r.error().detail_en;
  auto lease = db_->Acquire();
  auto got = (*lease)->Query("SELECT id, name, n, data FROM t_item ORDER BY id");
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), rows.size());
  for (size_t i = 0; i < rows.size(); i += 997) {
    EXPECT_EQ((*got)[i].Text(1), std::get<std::string>(rows[i][1]));
    EXPECT_EQ((*got)[i].IsNull(2), std::holds_alternative<std::monostate>(rows[i][2]));
    EXPECT_EQ((*got)[i].Bytes(3), std::get<Blob>(rows[i][3]).bytes);
  }
}

TEST_P(StoreTest, EachHandsOverTheSameRowsAsQueryInOrder) {
  std::vector<std::vector<Value>> rows;
  for (int64_t i = 0; i < 2500; ++i) {
    rows.push_back({i, "第" + std::to_string(i) + "行", i % 5 ? Value(i) : Value(),
                    Blob{std::string("\0x", 2) + std::to_string(i)}});
  }
  ASSERT_TRUE(db_->TransactionVoid([&](Conn& c) {
    return c.BulkInsert("t_item", std::vector<std::string>{"id", "name", "n", "data"}, rows);
  }));
  auto lease = db_->Acquire();
  constexpr std::string_view kAll =
      "SELECT id, name, n, data FROM t_item WHERE id >= ? ORDER BY id";
  const Value from[] = {int64_t{100}};
  auto all = (*lease)->Query(kAll, from);
  ASSERT_TRUE(all);
  std::vector<Row> seen;
  auto r = (*lease)->Each(kAll, from, [&](const Row& row) { seen.push_back(row); });
  ASSERT_TRUE(r) << r.error().detail_en;
  ASSERT_EQ(seen.size(), 2400u);
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i].cols, (*all)[i].cols) << i;
  // The statement is reusable afterwards, and a bad one is an error, not a crash.
  EXPECT_EQ((*lease)->Query(kAll, from)->size(), 2400u);
  EXPECT_FALSE((*lease)->Each("SELECT nothing FROM nowhere", {}, [](const Row&) {}));
}

TEST_P(StoreTest, CountsEachRoundTripOfItsOwnThread) {
  auto lease = db_->Acquire();
  ASSERT_TRUE(lease);
  Conn& c = **lease;
  auto since = [start = RoundTrips()] { return RoundTrips() - start; };
  ASSERT_TRUE(c.Exec("INSERT INTO t_item (id, name) VALUES (1, 'a')"));
  EXPECT_EQ(since(), 1u);
  ASSERT_TRUE(c.Query("SELECT id FROM t_item"));
  ASSERT_TRUE(c.QueryInt("SELECT COUNT(*) FROM t_item"));
  ASSERT_TRUE(c.Each("SELECT id FROM t_item", {}, [](const Row&) {}));
  EXPECT_EQ(since(), 4u);
  // A bulk insert is one call however many rows; a transaction's BEGIN and COMMIT count.
  std::vector<std::vector<Value>> rows;
  for (int64_t i = 2; i < 102; ++i) rows.push_back({i, "n" + std::to_string(i)});
  ASSERT_TRUE(c.Begin());
  ASSERT_TRUE(c.BulkInsert("t_item", std::vector<std::string>{"id", "name"}, rows));
  ASSERT_TRUE(c.Commit());
  EXPECT_EQ(since(), 7u);
  // A rollback with a transaction open counts; one with nothing open sends nothing.
  ASSERT_TRUE(c.Begin());
  c.Rollback();
  c.Rollback();
  EXPECT_EQ(since(), 9u);
  // A failed statement went to the database too.
  EXPECT_FALSE(c.Query("SELECT nothing FROM nowhere"));
  EXPECT_EQ(since(), 10u);
  // QueryByKeys: one round trip per chunk of keys, not per key.
  std::vector<Value> keys;
  for (int64_t i = 1; i <= static_cast<int64_t>(Conn::kInChunk) + 1; ++i) keys.emplace_back(i);
  ASSERT_TRUE(c.QueryByKeys("SELECT id FROM t_item WHERE id IN", {}, keys, [](const Row&) {}));
  EXPECT_EQ(since(), 12u);
  // Another thread's statements are its own.
  const uint64_t here = RoundTrips();
  std::thread([&] {
    auto other = db_->Acquire();
    ASSERT_TRUE(other);
    const uint64_t start = RoundTrips();
    ASSERT_TRUE((*other)->Query("SELECT id FROM t_item"));
    EXPECT_EQ(RoundTrips() - start, 1u);
  }).join();
  EXPECT_EQ(RoundTrips(), here);
}

TEST_P(StoreTest, MigrationsApplyOnceInOrder) {
  const Migration ms[] = {
      {1, "one", "CREATE TABLE t_m1 (a INTEGER)", "CREATE TABLE t_m1 (a INTEGER)"},
      {2, "two", "CREATE TABLE t_m2 (b INTEGER); INSERT INTO t_m1 VALUES (1)",
       "CREATE TABLE t_m2 (b INTEGER); INSERT INTO t_m1 VALUES (1)"}};
  auto v = Migrate(*db_, ms);
  ASSERT_TRUE(v) << v.error().detail_en;
  EXPECT_EQ(*v, 2);
  v = Migrate(*db_, ms);
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, 2);
  auto lease = db_->Acquire();
  EXPECT_EQ(*(*lease)->QueryInt("SELECT COUNT(*) FROM t_m1"), 1);
  // A database newer than the program is refused.
  EXPECT_FALSE(Migrate(*db_, std::span(ms, 1)));
  // A failing migration leaves the version where it was.
  const Migration bad[] = {ms[0],
                           ms[1],
                           {3, "bad", "CREATE TABLE t_m3 (x); SELECT * FROM nowhere",
                            "CREATE TABLE t_m3 (x INT); SELECT * FROM nowhere"}};
  auto r = Migrate(*db_, bad);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().detail_en.find("migration 3"), std::string::npos);
  EXPECT_EQ(*(*lease)->QueryInt("SELECT MAX(version) FROM schema_version"), 2);
  EXPECT_FALSE((*lease)->Query("SELECT * FROM t_m3"));
}

TEST_P(StoreTest, ConcurrentTransactionsLoseNoUpdate) {
  Exec("INSERT INTO t_item (id, name, n) VALUES (1, 'counter', 0)");
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        auto r = db_->TransactionVoid([](Conn& c) -> Result<void> {
          // SQLite serialises writers at BEGIN IMMEDIATE; PostgreSQL needs the row lock.
          auto n = c.QueryInt(c.dialect() == Dialect::kPostgres
                                  ? "SELECT n FROM t_item WHERE id = 1 FOR UPDATE"
                                  : "SELECT n FROM t_item WHERE id = 1");
          if (!n) return std::unexpected(n.error());
          const Value p[] = {*n + 1};
          auto e = c.Exec("UPDATE t_item SET n = ? WHERE id = 1", p);
          if (!e) return std::unexpected(e.error());
          return {};
        });
        if (!r) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  auto lease = db_->Acquire();
  EXPECT_EQ(*(*lease)->QueryInt("SELECT n FROM t_item WHERE id = 1"), 800);
}

TEST(StoreOpen, RejectsUnknownUrls) {
  auto db = Database::Open("mysql://x");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().field, "db");
  EXPECT_FALSE(Database::Open("postgresql://nobody@127.0.0.1:1/none"));
}

TEST_P(StoreTest, TryAcquireNeverWaits) {
  // The pool holds 4: with all 4 borrowed, TryAcquire answers at once; one given back, it lends.
  std::vector<Lease> held;
  for (int i = 0; i < 4; ++i) {
    auto lease = db_->TryAcquire();
    ASSERT_TRUE(lease) << lease.error().detail_en;
    held.push_back(std::move(*lease));
  }
  auto none = db_->TryAcquire();
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kUnavailable);
  held.pop_back();
  EXPECT_TRUE(db_->TryAcquire());
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("Sqlite", "Postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace nj::store
