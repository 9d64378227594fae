// SQLite backend: the C API, one connection per thread at a time, statements prepared once per
// connection (SQLITE_PREPARE_PERSISTENT) and cached by their text.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <thread>
#include <unordered_map>

#include "store/backends.h"

namespace nj::store {

namespace {

Error SqliteError(sqlite3* db, int rc) {
  const int ext = sqlite3_extended_errcode(db);
  std::string msg = sqlite3_errmsg(db);
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return {ErrorCode::kConflict, "与已有记录重复", "unique constraint failed: " + msg};
  }
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    return {ErrorCode::kInvalidInput, "数据不满足约束", "constraint failed: " + msg};
  }
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
    return {ErrorCode::kUnavailable, "数据库忙，请稍后再试", "database is busy: " + msg};
  }
  return {ErrorCode::kInternal, "数据库错误", "sqlite: " + msg};
}

// SUM(x) replaced on every connection (an application function of a built-in's name overrides
// it): SQLite's own raises "integer overflow" when integers add past int64, so one stored
// INT64_MAX broke every read that sums its column, for good. This one adds integers in 128 bits
// and answers the sum clamped to ±kSumLimit, never an error; as the built-in, NULL for no values
// and a real sum when a value is not an integer. (PostgreSQL's SUM(bigint) is numeric and cannot
// overflow; Row::Int clamps it when read.)
struct SumState {
  __int128 ints;
  double reals;
  int64_t values;
  bool real;
};

void SumStep(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* s = static_cast<SumState*>(sqlite3_aggregate_context(ctx, sizeof(SumState)));
  if (!s) return sqlite3_result_error_nomem(ctx);
  const int type = sqlite3_value_numeric_type(argv[0]);
  if (type == SQLITE_NULL) return;
  ++s->values;
  if (type == SQLITE_INTEGER) {
    s->ints += sqlite3_value_int64(argv[0]);
  } else {
    s->real = true;
    s->reals += sqlite3_value_double(argv[0]);
  }
}

void SumInverse(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* s = static_cast<SumState*>(sqlite3_aggregate_context(ctx, sizeof(SumState)));
  if (!s) return sqlite3_result_error_nomem(ctx);
  const int type = sqlite3_value_numeric_type(argv[0]);
  if (type == SQLITE_NULL) return;
  --s->values;
  if (type == SQLITE_INTEGER) {
    s->ints -= sqlite3_value_int64(argv[0]);
  } else {
    s->reals -= sqlite3_value_double(argv[0]);
  }
}

void SumValue(sqlite3_context* ctx) {
  auto* s = static_cast<SumState*>(sqlite3_aggregate_context(ctx, 0));
  if (!s || s->values == 0) return sqlite3_result_null(ctx);
  if (s->real) return sqlite3_result_double(ctx, static_cast<double>(s->ints) + s->reals);
  const __int128 clamped = std::clamp<__int128>(s->ints, -kSumLimit, kSumLimit);
  sqlite3_result_int64(ctx, static_cast<int64_t>(clamped));
}

// A real cell as an integer (a sum over reals): rounded, and clamped rather than undefined.
int64_t RealToInt(double d) {
  if (!(d == d)) return 0;  // NaN
  if (d >= static_cast<double>(kSumLimit)) return kSumLimit;
  if (d <= -static_cast<double>(kSumLimit)) return -kSumLimit;
  return static_cast<int64_t>(std::llround(d));
}

class SqliteConn : public Conn {
 public:
  explicit SqliteConn(sqlite3* db) : db_(db) {}
  ~SqliteConn() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  Dialect dialect() const override { return Dialect::kSqlite; }

  Result<std::vector<Row>> Query(std::string_view sql, Params params) override {
    CountRoundTrip();
    std::vector<Row> rows;
    const std::function<void(const Row&)> keep = [&rows](const Row& r) { rows.push_back(r); };
    auto r = Run(sql, params, &keep);
    if (!r) return std::unexpected(r.error());
    return rows;
  }

  // Row by row from the statement: one row in memory at a time.
  Result<void> Each(std::string_view sql, Params params,
                    const std::function<void(const Row&)>& each) override {
    CountRoundTrip();
    return Run(sql, params, &each);
  }

  Result<int64_t> Exec(std::string_view sql, Params params) override {
    CountRoundTrip();
    auto r = Run(sql, params, nullptr);
    if (!r) return std::unexpected(r.error());
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  Result<void> ExecScript(std::string_view script) override {
    CountRoundTrip();
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, std::string(script).c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      Error e = SqliteError(db_, rc);
      if (err) sqlite3_free(err);
      return std::unexpected(e);
    }
    return {};
  }

  Result<void> BulkInsert(std::string_view table, std::span<const std::string> columns,
                          std::span<const std::vector<Value>> rows) override {
    CountRoundTrip();  // one call, however many rows (as one COPY on PostgreSQL)
    std::string sql = "INSERT INTO " + std::string(table) + " (";
    std::string marks;
    for (size_t i = 0; i < columns.size(); ++i) {
      sql += (i ? ", " : "") + columns[i];
      marks += i ? ", ?" : "?";
    }
    sql += ") VALUES (" + marks + ")";
    for (size_t i = 0; i < rows.size(); ++i) {
      if (auto r = Run(sql, rows[i], nullptr); !r) {
        Error e = r.error();
        e.row = static_cast<int64_t>(i + 1);
        return std::unexpected(e);
      }
    }
    return {};
  }

  Result<void> Begin() override {
    // BEGIN IMMEDIATE takes the write lock now; busy here is retried with back-off.
    auto delay = std::chrono::milliseconds(1);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    for (;;) {
      auto r = ExecScript("BEGIN IMMEDIATE");
      if (r || r.error().code != ErrorCode::kUnavailable ||
          std::chrono::steady_clock::now() > deadline) {
        return r;
      }
      std::this_thread::sleep_for(delay);
      delay = std::min(delay * 2, std::chrono::milliseconds(50));
    }
  }
  Result<void> Commit() override { return ExecScript("COMMIT"); }
  void Rollback() override {
    if (sqlite3_get_autocommit(db_)) return;
    CountRoundTrip();
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }

 private:
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return std::unexpected(SqliteError(db_, rc));
    cache_.emplace(std::string(sql), stmt);
    return stmt;
  }

  Result<void> Run(std::string_view sql, Params params,
                   const std::function<void(const Row&)>* each) {
    auto prepared = Prepare(sql);
    if (!prepared) return std::unexpected(prepared.error());
    sqlite3_stmt* stmt = *prepared;
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    for (size_t i = 0; i < params.size(); ++i) {
      const int idx = static_cast<int>(i + 1);
      const Value& v = params[i];
      int rc = SQLITE_OK;
      if (const auto* n = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, idx, *n);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        rc = sqlite3_bind_text64(stmt, idx, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else if (const auto* b = std::get_if<Blob>(&v)) {
        rc = sqlite3_bind_blob64(stmt, idx, b->bytes.data(), b->bytes.size(), SQLITE_STATIC);
      } else {
        rc = sqlite3_bind_null(stmt, idx);
      }
      if (rc != SQLITE_OK) return std::unexpected(SqliteError(db_, rc));
    }
    Row row;  // reused from row to row
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) return {};
      if (rc != SQLITE_ROW) return std::unexpected(SqliteError(db_, rc));
      if (!each) continue;
      row.cols.clear();
      const int n = sqlite3_column_count(stmt);
      row.cols.reserve(static_cast<size_t>(n));
      for (int c = 0; c < n; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_INTEGER:
            row.cols.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, c)));
            break;
          case SQLITE_FLOAT:
            row.cols.emplace_back(RealToInt(sqlite3_column_double(stmt, c)));
            break;
          case SQLITE_TEXT:
            row.cols.emplace_back(
                std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)),
                            static_cast<size_t>(sqlite3_column_bytes(stmt, c))));
            break;
          case SQLITE_BLOB: {
            const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, c));
            row.cols.emplace_back(
                Blob{std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(stmt, c)))});
            break;
          }
          default:
            row.cols.emplace_back(std::monostate{});
        }
      }
      (*each)(row);
    }
  }

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> cache_;
};

class SqliteDatabase : public PooledDatabase {
 public:
  SqliteDatabase(std::string path, int pool) : PooledDatabase(pool), path_(std::move(path)) {}
  Dialect dialect() const override { return Dialect::kSqlite; }

 protected:
  Result<std::unique_ptr<Conn>> Connect() override {
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                      (path_.starts_with("file:") ? SQLITE_OPEN_URI : 0);
    const int rc = sqlite3_open_v2(path_.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close_v2(db);
      return Fail(ErrorCode::kUnavailable, "无法打开数据库 " + path_,
                  "cannot open database " + path_ + ": " + msg);
    }
    auto conn = std::make_unique<SqliteConn>(db);
    sqlite3_busy_timeout(db, 5000);
    if (sqlite3_create_window_function(db, "sum", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                       SumStep, SumValue, SumValue, SumInverse,
                                       nullptr) != SQLITE_OK) {
      return Fail(ErrorCode::kInternal, "数据库错误", "sqlite: cannot register sum()");
    }
    auto r = conn->ExecScript(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; "
        "PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824; PRAGMA temp_store = MEMORY");
    if (!r) return std::unexpected(r.error());
    return std::unique_ptr<Conn>(std::move(conn));
  }

 private:
  std::string path_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, int pool_size) {
  std::string file = path;
  if (path == ":memory:") {
    // Each connection to ":memory:" would be a database of its own: share one, by name.
    file = "file:nj_memory?mode=memory&cache=shared";
  } else {
    const auto dir = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  }
  auto db = std::make_unique<SqliteDatabase>(file, pool_size);
  auto probe = db->Acquire();  // fail now, with the reason, if the file cannot be opened
  if (!probe) return std::unexpected(probe.error());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace nj::store
