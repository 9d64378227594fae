// The message centre: one mechanism for every notice, to members (the portal's 消息) and to console
// users (the bell). A producer posts a message inside its own transaction, so a notice exists
// exactly when its event does; the row keeps a code ("payout.paid") and its parameters as JSON
// (amounts in fen, names, dates, the link to the record), never words: the web words it in the
// reader's language. Each message names its event by a dedupe key, unique per recipient, so a step
// run again (a retried reconciliation, a re-run job) posts nothing twice.
//
// Outbound texts (an SMS: a password reset code) go through a Sink. The default writes them to a
// log file, the stand-in for a gateway; a gateway is another Sink, not a second mechanism.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/page.h"
#include "store/db.h"

namespace nj::message {

// Who reads a message: a member (the portal) or a console user; exactly one is set.
struct Recipient {
  int64_t member_id = 0;
  int64_t user_id = 0;
  static Recipient Member(int64_t id) { return {id, 0}; }
  static Recipient User(int64_t id) { return {0, id}; }
};

// What a producer posts. `params` is a JSON object (core/fields.h's Fields().Json()).
struct Draft {
  Recipient to;
  std::string code;        // "payout.paid", "claim.approved", …
  std::string params;      // {"amount_fen":12000,"link":"/payments",…}
  std::string dedupe_key;  // the event: "payout.paid:42"; unique per recipient
};

// Posts one message on `c`, inside the producer's transaction. A message with the same recipient
// and dedupe key posted before makes this do nothing (false); true when stored. kInvalidInput for
// a draft with no or two recipients, or an empty code or key (a programmer's error, surfaced).
Result<bool> Post(store::Conn& c, const Draft& d);
// Many at once (a reconciliation's thousands of payments): the same, one statement per 250
// messages instead of one each. Answers how many were stored.
Result<int64_t> PostMany(store::Conn& c, std::span<const Draft> drafts);

// Gathers drafts and posts them 250 at a time: a producer walking a million rows calls Add
// per row, then Flush once at the end.
class Outbox {
 public:
  explicit Outbox(store::Conn& c) : c_(c) {}
  Result<void> Add(Draft d);
  Result<void> Flush();

 private:
  store::Conn& c_;
  std::vector<Draft> pending_;
};

struct Message {
  int64_t id = 0;
  std::string code;
  std::string params;  // JSON object text
  int64_t created_at = 0;
  int64_t read_at = 0;  // 0 = unread
};

// Reading one's own messages. Every call names the recipient the session belongs to; a message of
// anyone else reads as no such message (kNotFound).
class MessageService {
 public:
  explicit MessageService(store::Database& db) : db_(db) {}

  // Newest first, by id: the cursor is the last id shown (PageById).
  Result<Page<Message>> List(Recipient to, const PageRequest& page);
  Result<int64_t> Unread(Recipient to);
  // Marks one message read (already read: unchanged) and answers it.
  Result<Message> MarkRead(Recipient to, int64_t id);
  // Marks every unread message read; answers how many.
  Result<int64_t> MarkAllRead(Recipient to);

 private:
  store::Database& db_;
};

// ---- Outbound texts ------------------------------------------------------------------------

// Where a text to a phone goes. Implementations are thread-safe.
class Sink {
 public:
  virtual ~Sink() = default;
  // Sends `text` to `phone` (11 digits); an error when it could not be handed over.
  virtual Result<void> Send(std::string_view phone, std::string_view text) = 0;
};

// The default sink: appends one line per text to a file, "<UTC time>\t<phone>\t<text>", the
// gateway's stand-in (a tester reads codes from it). Nothing is masked: it stands for the SMS.
// The file and its directory are created when missing; each line is one append.
class LogFileSink final : public Sink {
 public:
  explicit LogFileSink(std::filesystem::path path) : path_(std::move(path)) {}
  Result<void> Send(std::string_view phone, std::string_view text) override;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::mutex mu_;
  std::filesystem::path path_;
};

// The line LogFileSink writes for `text` to `phone` at `unix_seconds` (pure): tabs, CR and LF in
// the text become spaces, so one text is always one line.
std::string SinkLine(int64_t unix_seconds, std::string_view phone, std::string_view text);

// At most one text per key (a phone) per `interval_ms`, counted in this process's memory (as the
// sign-in limiter counts): a restart forgets it. Thread-safe.
class Throttle {
 public:
  explicit Throttle(int64_t interval_ms) : interval_ms_(interval_ms) {}
  // 0 when a text may go now (the key's turn is taken at `now_ms`); else the milliseconds to wait,
  // nothing taken.
  int64_t Take(std::string_view key, int64_t now_ms);

 private:
  std::mutex mu_;
  int64_t interval_ms_;
  std::unordered_map<std::string, int64_t> last_;
};

// The default place of the SMS log: "sms.log" beside the SQLite database of `db_url`
// ("sqlite:data/niangjia.db" → "data/sms.log"); for PostgreSQL, in `files_dir`.
std::filesystem::path DefaultSmsLog(std::string_view db_url, std::string_view files_dir);

}  // namespace nj::message
