// Storage: one interface, two backends (SQLite via its C API, PostgreSQL via libpq).
//
// SQL is written once with `?` placeholders; the PostgreSQL backend rewrites them to $1, $2 …
// when it prepares a statement. Every statement is prepared once per connection and cached by
// its text, so callers pass SQL as named constants, never strings built from user input.
// Where the dialects must differ, callers branch on Conn::dialect() (rare: migrations, upserts
// that SQLite cannot express).
//
// Thread-safety: a Conn is used by one thread at a time. Database is thread-safe: it hands out
// connections from a pool.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"

namespace nj::store {

enum class Dialect { kSqlite, kPostgres };

// The round trips to the database the calling thread has made so far: every statement a Conn
// runs counts one (Query, Exec, Each, ExecScript, a BulkInsert as a whole, Begin, Commit,
// Rollback; QueryByKeys one per chunk), on either backend. A request is served on one thread
// from start to end, so the server takes the difference before and after a handler as the
// request's round trips (GET /metrics, niangjia_db_round_trips_total by route). On SQLite a
// "round trip" is a statement run in-process; on PostgreSQL it is a message exchange with the
// server, which is what costs.
uint64_t RoundTrips();

// Binary data (bytea / BLOB), kept apart from text so that each backend binds it as binary.
struct Blob {
  std::string bytes;
  bool operator==(const Blob&) const = default;
};

// A bound parameter or a result cell. NULL is std::monostate.
using Value = std::variant<std::monostate, int64_t, std::string, Blob>;

// Sums of stored values never fail a read: SUM(x) adds in 128 bits on SQLite (the built-in is
// replaced on every connection; SQLite's own raises "integer overflow") and is numeric on
// PostgreSQL; either reads as an integer clamped to ±kSumLimit. A sum at the limit means stored
// data outside the input contract (money is at most 10¹² fen an amount), to be repaired, not a
// failure. Write sums plainly, `SUM(x)` or `COALESCE(SUM(x), 0)`: never `CAST(SUM(x) AS BIGINT)`,
// which raises on PostgreSQL past int64.
inline constexpr int64_t kSumLimit = INT64_MAX;

struct Row {
  std::vector<Value> cols;

  bool IsNull(size_t i) const { return std::holds_alternative<std::monostate>(cols.at(i)); }
  // Integer cell; NULL reads as 0; a decimal text (PostgreSQL numeric) reads as its whole part,
  // clamped to ±kSumLimit.
  int64_t Int(size_t i) const;
  // Text cell; NULL reads as "". A Blob cell reads as its bytes.
  const std::string& Text(size_t i) const;
  // Blob cell; a text cell reads as its bytes.
  const std::string& Bytes(size_t i) const;

  // Reads cells first, first + 1, … into `fields` in order, each by its type (integers and bools
  // as Int, strings as Text): a record's reader names its fields once instead of a line each.
  template <class... Fields>
  void Into(size_t first, Fields&... fields) const {
    size_t i = first;
    (Read(i++, fields), ...);
  }

 private:
  void Read(size_t i, int64_t& v) const { v = Int(i); }
  void Read(size_t i, int& v) const { v = static_cast<int>(Int(i)); }
  void Read(size_t i, bool& v) const { v = Int(i) != 0; }
  void Read(size_t i, std::string& v) const { v = Text(i); }
};

using Params = std::span<const Value>;

class Conn {
 public:
  virtual ~Conn() = default;
  virtual Dialect dialect() const = 0;

  // Runs a statement that returns rows (SELECT, or INSERT … RETURNING).
  virtual Result<std::vector<Row>> Query(std::string_view sql, Params params = {}) = 0;
  // Runs a statement that returns rows and hands them to `each` one at a time, for results too
  // large to hold (an export of a city's members). SQLite steps the statement row by row;
  // PostgreSQL reads the result whole, then hands the rows over.
  virtual Result<void> Each(std::string_view sql, Params params,
                            const std::function<void(const Row&)>& each);
  // Runs a statement that returns no rows; answers the number of rows changed.
  virtual Result<int64_t> Exec(std::string_view sql, Params params = {}) = 0;
  // Runs several `;`-separated statements without parameters (migrations). Not cached.
  virtual Result<void> ExecScript(std::string_view script) = 0;

  // Writes many rows into one table fast: COPY on PostgreSQL, one cached INSERT on SQLite.
  // Call inside a transaction. Each row has one Value per column.
  virtual Result<void> BulkInsert(std::string_view table, std::span<const std::string> columns,
                                  std::span<const std::vector<Value>> rows) = 0;

  // Transactions. Begin on SQLite is BEGIN IMMEDIATE (the write lock is taken up front, so a
  // transaction never fails half-way on a busy lock).
  virtual Result<void> Begin() = 0;
  virtual Result<void> Commit() = 0;
  virtual void Rollback() = 0;

  // Convenience: the first row's first column as an integer, or nullopt-like NotFound error.
  Result<int64_t> QueryInt(std::string_view sql, Params params = {});

  // Rows by many keys, kInChunk at a time: one round trip per chunk, not per key (it matters on
  // PostgreSQL, over the network). `sql` ends in "IN" (as "… WHERE id_number_idx IN"); its
  // parameters are `fixed`, then a chunk of `keys` (the last chunk repeats its first key to fill
  // the placeholders, so one prepared statement serves). `each` sees every row found.
  static constexpr size_t kInChunk = 500;
  Result<void> QueryByKeys(std::string_view sql, Params fixed, Params keys,
                           const std::function<void(const Row&)>& each);

  // Before a step that touches every page of large tables (a roster, a city's payouts): on
  // SQLite, a page cache for this connection that holds them (512 MiB); nothing on PostgreSQL.
  Result<void> ForBulkWork();
};

// A connection borrowed from the pool; returns to it when destroyed.
class Lease {
 public:
  Lease(std::unique_ptr<Conn> conn, std::function<void(std::unique_ptr<Conn>)> give_back)
      : conn_(std::move(conn)), give_back_(std::move(give_back)) {}
  Lease(Lease&&) = default;
  Lease& operator=(Lease&&) = default;
  ~Lease() {
    if (conn_) give_back_(std::move(conn_));
  }
  Conn& operator*() { return *conn_; }
  Conn* operator->() { return conn_.get(); }

 private:
  std::unique_ptr<Conn> conn_;
  std::function<void(std::unique_ptr<Conn>)> give_back_;
};

// QueryByKeys over `keys` a slab of 50 000 at a time, each key made a Value by `to_value`: the
// Values of a million keys (a roster, a settlement file) are never built all at once.
template <class Keys, class ToValue>
Result<void> QueryInSlabs(Conn& c, std::string_view sql, Params fixed, const Keys& keys,
                          ToValue to_value, const std::function<void(const Row&)>& each) {
  constexpr size_t kSlab = 50'000;
  std::vector<Value> slab;
  for (size_t from = 0; from < keys.size(); from += kSlab) {
    slab.clear();
    for (size_t i = from; i < std::min(keys.size(), from + kSlab); ++i) {
      slab.push_back(to_value(keys[i]));
    }
    if (auto r = c.QueryByKeys(sql, fixed, slab, each); !r) return r;
  }
  return {};
}

class Database {
 public:
  virtual ~Database() = default;

  // Opens `url`: "sqlite:path/to/file.db" (the directory is created; WAL and foreign keys on)
  // or "postgresql://…" / "postgres://…". `pool_size` connections at most are kept.
  static Result<std::unique_ptr<Database>> Open(const std::string& url, int pool_size = 8);

  virtual Dialect dialect() const = 0;
  // Borrows a connection, waiting for one if all are in use.
  virtual Result<Lease> Acquire() = 0;
  // Borrows a connection only if one is idle or may be opened now: kUnavailable otherwise,
  // never waiting (for work that can do without a second connection).
  virtual Result<Lease> TryAcquire() = 0;

  // Runs `fn` in a transaction on a borrowed connection: commits when fn succeeds, rolls back
  // when it fails. On SQLite a busy lock at BEGIN or COMMIT is retried with back-off for up to
  // a few seconds before answering kUnavailable.
  template <class T>
  Result<T> Transaction(const std::function<Result<T>(Conn&)>& fn);
  Result<void> TransactionVoid(const std::function<Result<void>(Conn&)>& fn);

 protected:
  virtual Result<void> RunTransaction(const std::function<Result<void>(Conn&)>& fn) = 0;
};

template <class T>
Result<T> Database::Transaction(const std::function<Result<T>(Conn&)>& fn) {
  std::optional<T> out;
  auto r = RunTransaction([&](Conn& c) -> Result<void> {
    auto v = fn(c);
    if (!v) return std::unexpected(v.error());
    out = std::move(*v);
    return {};
  });
  if (!r) return std::unexpected(r.error());
  return std::move(*out);
}

// One versioned schema step, with its SQL for each dialect.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sqlite;
  std::string_view postgres;
};

// The project's migrations, embedded from migrations/ at build time (library nj_migrations).
std::span<const Migration> AllMigrations();

// Applies the migrations not yet applied (tracked in table schema_version: version, name,
// applied_at), in order of version, each in its own transaction. Answers the version reached.
// Fails, applying nothing more, when the database is newer than the newest migration known.
Result<int> Migrate(Database& db, std::span<const Migration> migrations);

}  // namespace nj::store
