// PostgreSQL backend over libpq: `?` placeholders rewritten to $n, statements prepared once per
// connection under generated names, text results read by column type, bulk rows by COPY.
#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <unordered_map>

#include "store/backends.h"

namespace nj::store {

namespace {

constexpr Oid kInt8 = 20, kInt2 = 21, kInt4 = 23, kBytea = 17, kBool = 16;

// `?` → $1, $2 … outside single-quoted literals.
std::string Rewrite(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  bool quoted = false;
  int n = 0;
  for (char c : sql) {
    if (c == '\'') quoted = !quoted;
    if (c == '?' && !quoted) {
      out += '$' + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

Error PgError(PGconn* conn, const PGresult* res) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  const std::string s = state ? state : "";
  if (s == "23505")
    return {ErrorCode::kConflict, "与已有记录重复", "unique constraint failed: " + msg};
  if (s == "23503" || s == "23502" || s == "23514" || s.starts_with("22")) {
    return {ErrorCode::kInvalidInput, "数据不满足约束", "constraint failed: " + msg};
  }
  if (s == "40001" || s == "40P01" || PQstatus(conn) != CONNECTION_OK) {
    return {ErrorCode::kUnavailable, "数据库暂时不可用，请稍后再试", "postgresql: " + msg};
  }
  return {ErrorCode::kInternal, "数据库错误", "postgresql: " + msg};
}

struct ResultPtr {
  PGresult* r;
  ~ResultPtr() { PQclear(r); }
};

std::string HexDecode(std::string_view hex) {
  std::string out;
  out.reserve(hex.size() / 2);
  auto val = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(val(hex[i]) * 16 + val(hex[i + 1]));
  }
  return out;
}

class PgConn : public Conn {
 public:
  explicit PgConn(PGconn* c) : conn_(c) {}
  ~PgConn() override { PQfinish(conn_); }
  Dialect dialect() const override { return Dialect::kPostgres; }
  bool Ok() const { return PQstatus(conn_) == CONNECTION_OK; }

  Result<std::vector<Row>> Query(std::string_view sql, Params params) override {
    auto res = Run(sql, params);
    if (!res) return std::unexpected(res.error());
    ResultPtr holder{*res};
    const int nrows = PQntuples(*res), ncols = PQnfields(*res);
    std::vector<Row> rows(static_cast<size_t>(nrows));
    for (int c = 0; c < ncols; ++c) {
      const Oid type = PQftype(*res, c);
      for (int r = 0; r < nrows; ++r) {
        auto& cols = rows[static_cast<size_t>(r)].cols;
        if (cols.empty()) cols.reserve(static_cast<size_t>(ncols));
        if (PQgetisnull(*res, r, c)) {
          cols.emplace_back(std::monostate{});
          continue;
        }
        const char* v = PQgetvalue(*res, r, c);
        const size_t len = static_cast<size_t>(PQgetlength(*res, r, c));
        if (type == kInt8 || type == kInt4 || type == kInt2) {
          cols.emplace_back(static_cast<int64_t>(std::strtoll(v, nullptr, 10)));
        } else if (type == kBool) {
          cols.emplace_back(int64_t{v[0] == 't'});
        } else if (type == kBytea) {
          std::string_view text(v, len);
          cols.emplace_back(
              Blob{text.starts_with("\\x") ? HexDecode(text.substr(2)) : std::string(text)});
        } else {
          cols.emplace_back(std::string(v, len));
        }
      }
    }
    return rows;
  }

  Result<int64_t> Exec(std::string_view sql, Params params) override {
    auto res = Run(sql, params);
    if (!res) return std::unexpected(res.error());
    ResultPtr holder{*res};
    const char* n = PQcmdTuples(*res);
    return static_cast<int64_t>(n && *n ? std::strtoll(n, nullptr, 10) : 0);
  }

  Result<void> ExecScript(std::string_view script) override {
    CountRoundTrip();
    ResultPtr res{PQexec(conn_, std::string(script).c_str())};
    const auto st = PQresultStatus(res.r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
      return std::unexpected(PgError(conn_, res.r));
    return {};
  }

  Result<void> BulkInsert(std::string_view table, std::span<const std::string> columns,
                          std::span<const std::vector<Value>> rows) override {
    CountRoundTrip();  // COPY … FROM STDIN, the rows and its end: one exchange of the whole
    std::string sql = "COPY " + std::string(table) + " (";
    for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + columns[i];
    sql += ") FROM STDIN";
    {
      ResultPtr res{PQexec(conn_, sql.c_str())};
      if (PQresultStatus(res.r) != PGRES_COPY_IN) return std::unexpected(PgError(conn_, res.r));
    }
    std::string buf;
    auto flush = [&]() -> bool {
      const bool ok = PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) == 1;
      buf.clear();
      return ok;
    };
    static constexpr char kHex[] = "0123456789abcdef";
    for (const auto& row : rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) buf += '\t';
        const Value& v = row[i];
        if (const auto* n = std::get_if<int64_t>(&v)) {
          buf += std::to_string(*n);
        } else if (const auto* s = std::get_if<std::string>(&v)) {
          for (char c : *s) {
            switch (c) {
              case '\\':
                buf += "\\\\";
                break;
              case '\t':
                buf += "\\t";
                break;
              case '\n':
                buf += "\\n";
                break;
              case '\r':
                buf += "\\r";
                break;
              default:
                buf += c;
            }
          }
        } else if (const auto* b = std::get_if<Blob>(&v)) {
          buf += "\\\\x";
          for (unsigned char c : b->bytes) {
            buf += kHex[c >> 4];
            buf += kHex[c & 15];
          }
        } else {
          buf += "\\N";
        }
      }
      buf += '\n';
      if (buf.size() > (1 << 20) && !flush()) break;
    }
    if (!buf.empty()) flush();
    if (PQputCopyEnd(conn_, nullptr) != 1) return std::unexpected(PgError(conn_, nullptr));
    for (PGresult* r; (r = PQgetResult(conn_)) != nullptr;) {
      ResultPtr res{r};
      if (PQresultStatus(r) != PGRES_COMMAND_OK) return std::unexpected(PgError(conn_, r));
    }
    return {};
  }

  Result<void> Begin() override { return ExecScript("BEGIN"); }
  Result<void> Commit() override { return ExecScript("COMMIT"); }
  void Rollback() override {
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
    CountRoundTrip();
    PQclear(PQexec(conn_, "ROLLBACK"));
  }

 private:
  // One round trip: the statement is prepared on its first use on this connection (a second
  // exchange, once), then run by name.
  Result<PGresult*> Run(std::string_view sql, Params params) {
    CountRoundTrip();
    auto it = names_.find(std::string(sql));
    if (it == names_.end()) {
      const std::string name = "s" + std::to_string(names_.size() + 1);
      ResultPtr res{PQprepare(conn_, name.c_str(), Rewrite(sql).c_str(), 0, nullptr)};
      if (PQresultStatus(res.r) != PGRES_COMMAND_OK) return std::unexpected(PgError(conn_, res.r));
      it = names_.emplace(std::string(sql), name).first;
    }
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size());
    std::vector<int> lengths(params.size()), formats(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (const auto* n = std::get_if<int64_t>(&v)) {
        text[i] = std::to_string(*n);
        values[i] = text[i].c_str();
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        values[i] = s->c_str();
      } else if (const auto* b = std::get_if<Blob>(&v)) {
        values[i] = b->bytes.data();
        lengths[i] = static_cast<int>(b->bytes.size());
        formats[i] = 1;
      } else {
        values[i] = nullptr;
      }
    }
    PGresult* res = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()),
                                   values.data(), lengths.data(), formats.data(), 0);
    const auto st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      Error e = PgError(conn_, res);
      PQclear(res);
      return std::unexpected(e);
    }
    return res;
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> names_;
};

void QuietNotice(void*, const char* message) { spdlog::debug("postgresql: {}", message); }

class PgDatabase : public PooledDatabase {
 public:
  PgDatabase(std::string url, int pool) : PooledDatabase(pool), url_(std::move(url)) {}
  Dialect dialect() const override { return Dialect::kPostgres; }

 protected:
  Result<std::unique_ptr<Conn>> Connect() override {
    PGconn* c = PQconnectdb(url_.c_str());
    auto conn = std::make_unique<PgConn>(c);
    if (!c || PQstatus(c) != CONNECTION_OK) {
      return Fail(ErrorCode::kUnavailable, "无法连接 PostgreSQL",
                  std::string("cannot connect to PostgreSQL: ") +
                      (c ? PQerrorMessage(c) : "out of memory"));
    }
    PQsetNoticeProcessor(c, QuietNotice, nullptr);
    if (auto r = conn->ExecScript("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'"); !r) {
      return std::unexpected(r.error());
    }
    return std::unique_ptr<Conn>(std::move(conn));
  }
  bool Healthy(Conn& c) override { return static_cast<PgConn&>(c).Ok(); }
  bool RetryWholeTransaction() const override { return true; }

 private:
  std::string url_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url, int pool_size) {
  auto db = std::make_unique<PgDatabase>(url, pool_size);
  auto probe = db->Acquire();
  if (!probe) return std::unexpected(probe.error());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace nj::store
