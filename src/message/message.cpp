#include "message/message.h"

#include <algorithm>
#include <string>
#include <type_traits>
#include <utility>

#include "core/date.h"

namespace nj::message {

namespace {

using store::Value;

// Drafts posted by one statement. Fewer than this are padded with the first draft again, so one
// prepared statement serves every chunk (a repeat is a conflict and stores nothing).
constexpr size_t kChunk = 250;
constexpr std::string_view kColumns =
    "INSERT INTO message (member_id, user_id, code, params, dedupe_key, created_at) VALUES ";
constexpr std::string_view kRow = "(?, ?, ?, ?, ?, ?)";
// Either index of (recipient, dedupe key) refuses a repeat: nothing is stored for it.
constexpr std::string_view kIgnoreRepeats = " ON CONFLICT DO NOTHING";

const std::string& InsertSql(size_t rows) {
  static const std::string one = [] {
    return std::string(kColumns) + std::string(kRow) + std::string(kIgnoreRepeats);
  }();
  static const std::string many = [] {
    std::string s(kColumns);
    for (size_t i = 0; i < kChunk; ++i) {
      if (i) s += ", ";
      s += kRow;
    }
    return s + std::string(kIgnoreRepeats);
  }();
  return rows == 1 ? one : many;
}

Result<void> Check(const Draft& d) {
  if ((d.to.member_id > 0) == (d.to.user_id > 0) || d.code.empty() || d.dedupe_key.empty()) {
    return Fail(ErrorCode::kInvalidInput, "消息须有且仅有一个收件人、代码和事件键",
                "a message needs exactly one recipient, a code and an event key");
  }
  return {};
}

// A draft's six values, appended to `p`; its strings moved when it is given as an rvalue (the
// Outbox's drafts: a reconciliation binds a million).
template <class D>
void Bind(std::vector<Value>& p, D&& d, int64_t now) {
  p.emplace_back(d.to.member_id ? Value(d.to.member_id) : Value());
  p.emplace_back(d.to.user_id ? Value(d.to.user_id) : Value());
  p.emplace_back(std::forward<D>(d).code);
  p.emplace_back(d.params.empty() ? std::string("{}") : std::forward<D>(d).params);
  p.emplace_back(std::forward<D>(d).dedupe_key);
  p.emplace_back(now);
}

// Posts checked drafts, kChunk to a statement (the last chunk padded with its first draft).
// Drafts that are not const (the Outbox's own) have their strings moved into the values.
template <class D>
Result<int64_t> PostChecked(store::Conn& c, std::span<D> drafts) {
  const int64_t now = NowUnix();
  int64_t stored = 0;
  std::vector<Value> p;
  p.reserve(kChunk * 6);
  for (size_t from = 0; from < drafts.size(); from += kChunk) {
    p.clear();
    const size_t end = std::min(drafts.size(), from + kChunk);
    // The padding copies the chunk's first draft: bound before any draft of it is moved.
    const size_t pad = from + kChunk - end;
    for (size_t i = 0; i < pad; ++i) Bind(p, std::as_const(drafts[from]), now);
    for (size_t at = from; at < end; ++at) {
      if constexpr (std::is_const_v<D>) {
        Bind(p, drafts[at], now);
      } else {
        Bind(p, std::move(drafts[at]), now);
      }
    }
    auto n = c.Exec(InsertSql(kChunk), p);
    if (!n) return std::unexpected(n.error());
    stored += *n;
  }
  return stored;
}

// The same query for either kind of recipient, differing in the column only.
struct Sql {
  std::string_view list, unread, mark, get, mark_all;
};
constexpr Sql kForMember{
    "SELECT id, code, params, created_at, read_at FROM message WHERE member_id = ? "
    "AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?",
    "SELECT COUNT(*) FROM message WHERE member_id = ? AND read_at IS NULL",
    "UPDATE message SET read_at = ? WHERE id = ? AND member_id = ? AND read_at IS NULL",
    "SELECT id, code, params, created_at, read_at FROM message WHERE id = ? AND member_id = ?",
    "UPDATE message SET read_at = ? WHERE member_id = ? AND read_at IS NULL"};
constexpr Sql kForUser{
    "SELECT id, code, params, created_at, read_at FROM message WHERE user_id = ? "
    "AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?",
    "SELECT COUNT(*) FROM message WHERE user_id = ? AND read_at IS NULL",
    "UPDATE message SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL",
    "SELECT id, code, params, created_at, read_at FROM message WHERE id = ? AND user_id = ?",
    "UPDATE message SET read_at = ? WHERE user_id = ? AND read_at IS NULL"};

const Sql& SqlFor(Recipient to) { return to.member_id ? kForMember : kForUser; }
int64_t IdOf(Recipient to) { return to.member_id ? to.member_id : to.user_id; }

Result<void> CheckRecipient(Recipient to) {
  if ((to.member_id > 0) == (to.user_id > 0)) {
    return Fail(ErrorCode::kUnauthenticated, "请先登录", "sign in first");
  }
  return {};
}

Message FromRow(const store::Row& r) {
  Message m;
  r.Into(0, m.id, m.code, m.params, m.created_at);
  m.read_at = r.IsNull(4) ? 0 : r.Int(4);
  return m;
}

std::unexpected<Error> NoSuch(int64_t id) {
  return Fail(ErrorCode::kNotFound, "消息不存在：" + std::to_string(id),
              "no such message: " + std::to_string(id));
}

}  // namespace

Result<bool> Post(store::Conn& c, const Draft& d) {
  if (auto ok = Check(d); !ok) return std::unexpected(ok.error());
  std::vector<Value> p;
  Bind(p, d, NowUnix());
  auto stored = c.Exec(InsertSql(1), p);
  if (!stored) return std::unexpected(stored.error());
  return *stored == 1;
}

Result<int64_t> PostMany(store::Conn& c, std::span<const Draft> drafts) {
  for (const auto& d : drafts) {
    if (auto ok = Check(d); !ok) return std::unexpected(ok.error());
  }
  return PostChecked(c, drafts);
}

Result<void> Outbox::Add(Draft d) {
  if (auto ok = Check(d); !ok) return std::unexpected(ok.error());
  pending_.push_back(std::move(d));
  if (pending_.size() < kChunk) return {};
  return Flush();
}

Result<void> Outbox::Flush() {
  if (pending_.empty()) return {};
  auto n = PostChecked(c_, std::span<Draft>(pending_));
  pending_.clear();
  if (!n) return std::unexpected(n.error());
  return {};
}

Result<Page<Message>> MessageService::List(Recipient to, const PageRequest& page) {
  if (auto ok = CheckRecipient(to); !ok) return std::unexpected(ok.error());
  if (auto ok = CheckPageLimit(page.limit); !ok) return std::unexpected(ok.error());
  auto after = page.AfterId();
  if (!after) return std::unexpected(after.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {IdOf(to), *after, *after, int64_t{page.limit} + 1};
  auto rows = (*lease)->Query(SqlFor(to).list, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Message> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return PageById(std::move(out), page.limit);
}

Result<int64_t> MessageService::Unread(Recipient to) {
  if (auto ok = CheckRecipient(to); !ok) return std::unexpected(ok.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {IdOf(to)};
  return (*lease)->QueryInt(SqlFor(to).unread, p);
}

Result<Message> MessageService::MarkRead(Recipient to, int64_t id) {
  if (auto ok = CheckRecipient(to); !ok) return std::unexpected(ok.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value mark[] = {NowUnix(), id, IdOf(to)};
  if (auto r = (*lease)->Exec(SqlFor(to).mark, mark); !r) return std::unexpected(r.error());
  const Value get[] = {id, IdOf(to)};
  auto rows = (*lease)->Query(SqlFor(to).get, get);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return NoSuch(id);
  return FromRow((*rows)[0]);
}

Result<int64_t> MessageService::MarkAllRead(Recipient to) {
  if (auto ok = CheckRecipient(to); !ok) return std::unexpected(ok.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {NowUnix(), IdOf(to)};
  return (*lease)->Exec(SqlFor(to).mark_all, p);
}

}  // namespace nj::message
