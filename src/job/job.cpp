#include "job/job.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <mutex>
#include <thread>

#include "core/crypto.h"
#include "core/date.h"
#include "core/parse.h"

namespace nj::job {

namespace {

using store::Value;

constexpr std::string_view kInsert =
    "INSERT INTO job (id, kind, user_id, params, state, file_name, created_at) "
    "VALUES (?, ?, ?, ?, 'running', ?, ?)";
constexpr std::string_view kGet =
    "SELECT id, kind, state, user_id, done, total, file_name, error, created_at, finished_at, "
    "summary FROM job WHERE id = ? AND user_id = ?";
constexpr std::string_view kProgress = "UPDATE job SET done = ?, total = ? WHERE id = ?";
constexpr std::string_view kFinish =
    "UPDATE job SET state = ?, done = ?, total = ?, error = ?, summary = ?, finished_at = ? "
    "WHERE id = ?";
constexpr std::string_view kRecover =
    "UPDATE job SET state = 'failed', error = ?, finished_at = ? WHERE state = 'running'";

constexpr auto kProgressEvery = std::chrono::milliseconds(250);
constexpr auto kKeepFiles = std::chrono::hours(24);

// Writes progress to the job's row at most every kProgressEvery, so that a big export does not
// spend its time updating its own row.
class RowProgress final : public Progress {
 public:
  RowProgress(store::Database& db, std::string id) : db_(db), id_(std::move(id)) {}

  void SetTotal(int64_t total) override {
    total_ = total;
    Flush();
  }
  void Advance(int64_t rows) override {
    done_ += rows;
    if (std::chrono::steady_clock::now() - written_ >= kProgressEvery) Flush();
  }
  int64_t done() const { return done_; }
  int64_t total() const { return total_; }

 private:
  void Flush() {
    written_ = std::chrono::steady_clock::now();
    auto lease = db_.Acquire();
    if (!lease) return;  // progress is advisory; the final state is written by the runner
    const Value p[] = {done_, total_, id_};
    if (auto r = (*lease)->Exec(kProgress, p); !r) {
      spdlog::warn("job {}: progress not recorded: {}", id_, r.error().detail_en);
    }
  }

  store::Database& db_;
  std::string id_;
  int64_t done_ = 0, total_ = 0;
  std::chrono::steady_clock::time_point written_{};
};

struct Queued {
  std::string id;
  bool english = false;
  JobRunner::Work work;
};

}  // namespace

Result<int64_t> IdFilter(const Filters& filters, std::string_view key) {
  auto it = filters.find(key);
  if (it == filters.end() || it->second.empty()) return 0;
  return ParseId("filters." + std::string(key), it->second);
}

std::string TextFilter(const Filters& filters, std::string_view key) {
  auto it = filters.find(key);
  return it == filters.end() ? "" : it->second;
}

struct JobRunner::Impl {
  store::Database& db;
  std::filesystem::path dir;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Queued> queue;
  bool stopping = false;
  std::thread thread;

  Impl(store::Database& d, std::filesystem::path p) : db(d), dir(std::move(p)) {}

  void Finish(const std::string& id, const RowProgress& progress, const Result<std::string>& result,
              bool english) {
    const std::string error =
        result ? "" : (english ? result.error().detail_en : result.error().detail_zh);
    const Value p[] = {std::string(result ? "done" : "failed"),
                       progress.done(),
                       std::max(progress.total(), progress.done()),
                       error,
                       result ? *result : std::string(),
                       NowUnix(),
                       id};
    auto lease = db.Acquire();
    if (lease) {
      if (auto r = (*lease)->Exec(kFinish, p); r) return;
    }
    spdlog::error("job {}: final state not recorded", id);
  }

  void Loop() {
    for (;;) {
      Queued next;
      {
        std::unique_lock lock(mu);
        cv.wait(lock, [this] { return stopping || !queue.empty(); });
        if (stopping) return;
        next = std::move(queue.front());
        queue.pop_front();
      }
      RowProgress progress(db, next.id);
      const auto file = dir / (next.id + ".part");
      Result<std::string> result;
      try {
        result = next.work(file, progress);
      } catch (const std::exception& e) {
        spdlog::error("job {}: {}", next.id, e.what());
        result = Fail(ErrorCode::kInternal, "任务出错，已记录", "the job failed; it was logged");
      }
      std::error_code ec;
      if (result && std::filesystem::exists(file)) {
        // Published under its final name only when complete: a download never sees half a file.
        std::filesystem::rename(file, dir / next.id, ec);
        if (ec) {
          result = Fail(ErrorCode::kInternal, "结果文件无法保存：" + ec.message(),
                        "the result file could not be saved: " + ec.message());
        }
      }
      if (!result) std::filesystem::remove(file, ec);
      Finish(next.id, progress, result, next.english);
    }
  }

  void RemoveOldFiles() {
    std::error_code ec;
    const auto cutoff = std::filesystem::file_time_type::clock::now() - kKeepFiles;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      std::error_code e2;
      if (entry.is_regular_file(e2) && entry.last_write_time(e2) < cutoff) {
        std::filesystem::remove(entry.path(), e2);
      }
    }
  }
};

JobRunner::JobRunner(store::Database& db, std::filesystem::path dir)
    : impl_(std::make_unique<Impl>(db, std::move(dir))) {
  if (auto lease = db.Acquire(); lease) {
    const Value p[] = {std::string("服务重启，任务中断，请重新开始 / interrupted by a restart"),
                       NowUnix()};
    if (auto r = (*lease)->Exec(kRecover, p); !r) {
      spdlog::warn("jobs left running were not marked failed: {}", r.error().detail_en);
    }
  }
  impl_->thread = std::thread([impl = impl_.get()] { impl->Loop(); });
}

JobRunner::~JobRunner() {
  std::deque<Queued> dropped;
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
    dropped.swap(impl_->queue);
  }
  impl_->cv.notify_all();
  impl_->thread.join();
  for (const auto& q : dropped) {
    RowProgress none(impl_->db, q.id);
    impl_->Finish(q.id, none,
                  Fail(ErrorCode::kUnavailable, "服务停止，任务未执行", "the server stopped first"),
                  q.english);
  }
}

Result<Job> JobRunner::Start(int64_t user_id, std::string kind, std::string params,
                             std::string file_name, bool english, Work work) {
  std::error_code ec;
  std::filesystem::create_directories(impl_->dir, ec);
  if (ec) {
    return Fail(ErrorCode::kUnavailable, "无法创建文件目录：" + ec.message(),
                "cannot create the files folder: " + ec.message());
  }
  impl_->RemoveOldFiles();
  Job job;
  job.id = RandomToken(16);
  job.kind = std::move(kind);
  job.state = "running";
  job.user_id = user_id;
  job.file_name = std::move(file_name);
  job.created_at = NowUnix();
  {
    auto lease = impl_->db.Acquire();
    if (!lease) return std::unexpected(lease.error());
    const Value p[] = {job.id, job.kind, user_id, std::move(params), job.file_name, job.created_at};
    if (auto r = (*lease)->Exec(kInsert, p); !r) return std::unexpected(r.error());
  }
  {
    std::lock_guard lock(impl_->mu);
    impl_->queue.push_back({job.id, english, std::move(work)});
  }
  impl_->cv.notify_one();
  return job;
}

Result<Job> JobRunner::Get(int64_t user_id, std::string_view id) {
  auto lease = impl_->db.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {std::string(id), user_id};
  auto rows = (*lease)->Query(kGet, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "任务不存在", "no such job");
  const auto& r = (*rows)[0];
  return Job{r.Text(0), r.Text(1), r.Text(2),  r.Int(3), r.Int(4), r.Int(5),
             r.Text(6), r.Text(7), r.Text(10), r.Int(8), r.Int(9)};
}

std::filesystem::path JobRunner::FileOf(const Job& job) const { return impl_->dir / job.id; }

const std::filesystem::path& JobRunner::Dir() const { return impl_->dir; }

Result<std::filesystem::path> JobRunner::SaveUpload(std::string_view bytes) const {
  std::error_code ec;
  std::filesystem::create_directories(impl_->dir, ec);
  const auto upload = impl_->dir / ("upload-" + RandomToken(12));
  std::ofstream out(upload, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) {
    std::filesystem::remove(upload, ec);
    return Fail(ErrorCode::kUnavailable, "文件无法保存", "the upload could not be saved");
  }
  return upload;
}

}  // namespace nj::job
