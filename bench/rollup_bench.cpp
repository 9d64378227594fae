// The subtree roll-up read (the counts kept per organisation) beside what it replaces: a
// recursive CTE over the tree that counts the members of the subtree. Run against a demo
// database: rollup_bench --db sqlite:PATH [--org ID] [google-benchmark flags].
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "store/db.h"

namespace {

std::unique_ptr<nj::store::Database> g_db;
int64_t g_org = 1;

constexpr const char* kRollup = "SELECT category, subtree FROM org_member_count WHERE org_id = ?";
constexpr const char* kCteTotal =
    "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT o.id FROM org o JOIN sub ON o.parent_id "
    "= sub.id) "
    "SELECT COUNT(*) FROM member m WHERE m.org_id IN (SELECT id FROM sub) AND m.status = 'active'";
constexpr const char* kCteByCategory =
    "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT o.id FROM org o JOIN sub ON o.parent_id "
    "= sub.id) "
    "SELECT m.category, COUNT(*) FROM member m WHERE m.org_id IN (SELECT id FROM sub) "
    "AND m.status = 'active' GROUP BY m.category";

void Run(benchmark::State& state, const char* sql) {
  auto lease = g_db->Acquire();
  if (!lease) {
    state.SkipWithError("no connection");
    return;
  }
  const nj::store::Value p[] = {g_org};
  int64_t members = 0;
  for (auto _ : state) {
    auto rows = (*lease)->Query(sql, p);
    if (!rows) {
      state.SkipWithError(rows.error().detail_en.c_str());
      return;
    }
    members = 0;
    for (const auto& r : *rows) members += r.Int(1 < r.cols.size() ? 1 : 0);
    benchmark::DoNotOptimize(members);
  }
  state.counters["members"] = static_cast<double>(members);
}

void BM_RollupRead(benchmark::State& s) { Run(s, kRollup); }
void BM_RecursiveCteCount(benchmark::State& s) { Run(s, kCteTotal); }
void BM_RecursiveCteByCategory(benchmark::State& s) { Run(s, kCteByCategory); }
BENCHMARK(BM_RollupRead)->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_RecursiveCteCount)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_RecursiveCteByCategory)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

}  // namespace

int main(int argc, char** argv) {
  std::string url = "sqlite:data/niangjia.db";
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--db") && i + 1 < argc) {
      url = argv[++i];
    } else if (!std::strcmp(argv[i], "--org") && i + 1 < argc) {
      g_org = std::stoll(argv[++i]);
    } else {
      rest.push_back(argv[i]);
    }
  }
  auto db = nj::store::Database::Open(url, 1);
  if (!db) {
    std::fprintf(stderr, "cannot open %s: %s\n", url.c_str(), db.error().detail_en.c_str());
    return 1;
  }
  g_db = std::move(*db);
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
