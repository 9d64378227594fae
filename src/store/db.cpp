#include "store/db.h"

#include <charconv>

#include "store/backends.h"

namespace nj::store {

namespace {
const std::string kEmpty;
thread_local uint64_t round_trips = 0;
}  // namespace

uint64_t RoundTrips() { return round_trips; }
void CountRoundTrip() { ++round_trips; }

int64_t Row::Int(size_t i) const {
  const Value& v = cols.at(i);
  if (const auto* n = std::get_if<int64_t>(&v)) return *n;
  if (const auto* s = std::get_if<std::string>(&v)) {
    int64_t out = 0;
    const auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
    if (ec == std::errc::result_out_of_range) return s->starts_with('-') ? -kSumLimit : kSumLimit;
    return out;
  }
  return 0;
}

const std::string& Row::Text(size_t i) const {
  const Value& v = cols.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* b = std::get_if<Blob>(&v)) return b->bytes;
  return kEmpty;
}

const std::string& Row::Bytes(size_t i) const { return Text(i); }

Result<int64_t> Conn::QueryInt(std::string_view sql, Params params) {
  auto rows = Query(sql, params);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty() || rows->front().cols.empty() || rows->front().IsNull(0)) {
    return Fail(ErrorCode::kNotFound, "没有结果", "the query returned no value");
  }
  return rows->front().Int(0);
}

Result<void> Conn::QueryByKeys(std::string_view sql, Params fixed, Params keys,
                               const std::function<void(const Row&)>& each) {
  std::string full(sql);
  full += " (?";
  for (size_t i = 1; i < kInChunk; ++i) full += ", ?";
  full += ")";
  std::vector<Value> p;
  p.reserve(fixed.size() + kInChunk);
  for (size_t from = 0; from < keys.size(); from += kInChunk) {
    p.assign(fixed.begin(), fixed.end());
    for (size_t i = 0; i < kInChunk; ++i)
      p.push_back(keys[from + i < keys.size() ? from + i : from]);
    auto rows = Query(full, p);
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : *rows) each(r);
  }
  return {};
}

Result<void> Conn::Each(std::string_view sql, Params params,
                        const std::function<void(const Row&)>& each) {
  auto rows = Query(sql, params);
  if (!rows) return std::unexpected(rows.error());
  for (const auto& r : *rows) each(r);
  return {};
}

Result<void> Conn::ForBulkWork() {
  if (dialect() != Dialect::kSqlite) return {};
  return ExecScript("PRAGMA cache_size = -524288");
}

Result<void> Database::TransactionVoid(const std::function<Result<void>(Conn&)>& fn) {
  return RunTransaction(fn);
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& url, int pool_size) {
  if (url.starts_with("sqlite:")) return OpenSqlite(url.substr(7), pool_size);
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return OpenPostgres(url, pool_size);
  }
  return Fail(ErrorCode::kInvalidInput, "数据库地址应以 sqlite: 或 postgresql:// 开头",
              "the database URL must start with sqlite: or postgresql://", "db");
}

// Pool ---------------------------------------------------------------------------------------

Result<Lease> PooledDatabase::Acquire() { return Take(true); }

Result<Lease> PooledDatabase::TryAcquire() { return Take(false); }

Result<Lease> PooledDatabase::Take(bool wait) {
  std::unique_lock lock(mu_);
  if (wait) {
    cv_.wait(lock, [&] { return !idle_.empty() || open_ < max_; });
  } else if (idle_.empty() && open_ >= max_) {
    return Fail(ErrorCode::kUnavailable, "数据库连接都在使用中", "no database connection is free");
  }
  std::unique_ptr<Conn> conn;
  if (!idle_.empty()) {
    conn = std::move(idle_.back());
    idle_.pop_back();
  } else {
    ++open_;
    lock.unlock();
    auto made = Connect();
    if (!made) {
      std::lock_guard relock(mu_);
      --open_;
      cv_.notify_one();
      return std::unexpected(made.error());
    }
    conn = std::move(*made);
  }
  return Lease(std::move(conn), [this](std::unique_ptr<Conn> c) { GiveBack(std::move(c)); });
}

void PooledDatabase::GiveBack(std::unique_ptr<Conn> conn) {
  std::lock_guard lock(mu_);
  if (Healthy(*conn)) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  cv_.notify_one();
}

Result<void> PooledDatabase::RunTransaction(const std::function<Result<void>(Conn&)>& fn) {
  for (int attempt = 0;; ++attempt) {
    auto lease = Acquire();
    if (!lease) return std::unexpected(lease.error());
    Conn& c = **lease;
    if (auto b = c.Begin(); !b) return b;
    Result<void> r;
    try {
      r = fn(c);
    } catch (...) {
      c.Rollback();
      throw;
    }
    if (r) {
      r = c.Commit();
      if (r) return r;
    }
    c.Rollback();
    // A serialisation failure or deadlock (PostgreSQL) is worth running the whole work again.
    if (r.error().code != ErrorCode::kUnavailable || !RetryWholeTransaction() || attempt >= 3) {
      return r;
    }
  }
}

}  // namespace nj::store
