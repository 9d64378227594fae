#include <fmt/chrono.h>
#include <fmt/core.h>

#include <chrono>
#include <fstream>
#include <system_error>

#include "core/date.h"
#include "message/message.h"

namespace nj::message {

std::string SinkLine(int64_t unix_seconds, std::string_view phone, std::string_view text) {
  std::string flat(text);
  for (auto& ch : flat) {
    if (ch == '\t' || ch == '\r' || ch == '\n') ch = ' ';
  }
  const std::chrono::sys_seconds at{std::chrono::seconds(unix_seconds)};
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}\t{}\t{}\n", at, phone, flat);
}

Result<void> LogFileSink::Send(std::string_view phone, std::string_view text) {
  const std::string line = SinkLine(NowUnix(), phone, text);
  std::lock_guard lock(mu_);
  std::error_code ec;
  if (path_.has_parent_path()) std::filesystem::create_directories(path_.parent_path(), ec);
  std::ofstream out(path_, std::ios::app | std::ios::binary);
  out << line;
  out.flush();
  if (!out) {
    return Fail(ErrorCode::kUnavailable, "短信未能发出", "the text could not be sent");
  }
  return {};
}

int64_t Throttle::Take(std::string_view key, int64_t now_ms) {
  std::lock_guard lock(mu_);
  // Keys whose interval has passed are forgotten now and then, so the map holds about the keys
  // of one interval.
  if (last_.size() >= 10'000) {
    std::erase_if(last_, [&](const auto& kv) { return now_ms - kv.second >= interval_ms_; });
  }
  auto [it, fresh] = last_.try_emplace(std::string(key), now_ms);
  if (fresh) return 0;
  if (const int64_t wait = it->second + interval_ms_ - now_ms; wait > 0) return wait;
  it->second = now_ms;
  return 0;
}

std::filesystem::path DefaultSmsLog(std::string_view db_url, std::string_view files_dir) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (db_url.starts_with(kSqlite)) {
    const std::filesystem::path db(db_url.substr(kSqlite.size()));
    return db.parent_path() / "sms.log";
  }
  return std::filesystem::path(files_dir) / "sms.log";
}

}  // namespace nj::message
