// Inside the store: the connection pool both backends share, and their factories.
#pragma once

#include <condition_variable>
#include <mutex>
#include <vector>

#include "store/db.h"

namespace nj::store {

// Counts one round trip of the calling thread (RoundTrips): each backend calls it once per
// statement it sends, where it sends it.
void CountRoundTrip();

// Keeps up to `max` connections, opened lazily, handed out one thread at a time.
class PooledDatabase : public Database {
 public:
  explicit PooledDatabase(int max) : max_(max) {}
  Result<Lease> Acquire() override;
  Result<Lease> TryAcquire() override;

 protected:
  virtual Result<std::unique_ptr<Conn>> Connect() = 0;
  // False for a connection that must not go back to the pool (a broken PostgreSQL link).
  virtual bool Healthy(Conn&) { return true; }
  // Whether a kUnavailable failure may be retried by running the whole transaction again.
  virtual bool RetryWholeTransaction() const { return false; }
  Result<void> RunTransaction(const std::function<Result<void>(Conn&)>& fn) override;

 private:
  Result<Lease> Take(bool wait);
  void GiveBack(std::unique_ptr<Conn> conn);
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> idle_;
  int open_ = 0;
  const int max_;
};

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, int pool_size);
Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url, int pool_size);

}  // namespace nj::store
