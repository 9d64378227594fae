// aid plan import, aid enrol, aid ingest: mutual medical aid from the command line.
#include "mutual_aid/aid.h"

#include <fmt/core.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "approval/approval.h"
#include "cli/commands.h"
#include "cli/open.h"
#include "core/money.h"
#include "job/csv.h"
#include "mutual_aid/plan_json.h"
#include "payout/payout.h"

namespace nj::cli {

namespace {

// Runs `step` with the aid service (and the payout module it pays through), as the user --as.
template <class F>
int WithAid(const Config& config, const std::string& user, F step) {
  auto acting = OpenActing(config, user);
  if (!acting) return 1;
  auto& [db, vault, who] = *acting;
  approval::ApprovalService approvals(*db);
  payout::PayoutService payouts(*db, vault, approvals);
  mutual_aid::AidService aid(*db, vault, payouts);
  return step(aid, who);
}

}  // namespace

int AidCommand(const Config& config, const AidOptions& o) {
  return WithAid(
      config, o.as, [&o](mutual_aid::AidService& aid, const auth::Principal& who) -> int {
        if (o.action == "plan-import") {
          std::ifstream in(o.file, std::ios::binary);
          if (!in)
            return Report(
                Error{ErrorCode::kNotFound, "读不到文件：" + o.file, "cannot read " + o.file});
          std::ostringstream text;
          text << in.rdbuf();
          auto plan = mutual_aid::ParsePlan(text.str());
          if (!plan) return Report(plan.error());
          auto v = aid.ImportPlan(who, *plan, o.owner);
          if (!v) return Report(v.error());
          fmt::print("plan {} ({}) imported as version {}, owned by {}\n", v->plan.code,
                     v->plan.name, v->version, v->owner_name.empty() ? "-" : v->owner_name);
          return 0;
        }
        if (o.action == "enrol") {
          auto start = ParseDate(o.start);
          if (!start) {
            return Report(Error{ErrorCode::kInvalidInput, "--start 应为 YYYY-MM-DD",
                                "--start must be YYYY-MM-DD", "start"});
          }
          if (o.org_id == 0 && o.file.empty()) {
            return Report(Error{ErrorCode::kInvalidInput, "请给出 --org 或 --roster",
                                "give --org or --roster", "org"});
          }
          auto s = o.file.empty() ? aid.Enrol(who, o.plan, o.org_id, *start, o.previous)
                                  : aid.EnrolRoster(who, o.plan, o.file, *start, o.previous);
          if (!s) return Report(s.error());
          for (const auto& p : s->problems) {
            fmt::print(stderr, "line {}: {} — {}\n", p.line, p.value, p.reason_zh);
          }
          fmt::print(
              "{}: {} members enrolled ({} continuing from {}, no waiting), {} enrolled before\n",
              o.plan, s->enrolled, s->continuing, o.previous.empty() ? "-" : o.previous,
              s->already);
          return 0;
        }
        // ingest
        const auto started = std::chrono::steady_clock::now();
        std::vector<mutual_aid::ReportLine> lines;
        mutual_aid::IngestSummary s;
        {
          TerminalProgress progress("ingest");
          auto r = aid.Ingest(who, o.plan, o.file, o.dry_run, progress,
                              o.report.empty() ? nullptr : &lines);
          if (!r) return Report(r.error());
          s = *r;
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!o.report.empty()) {
          auto sheet = job::CsvSheet::Create(o.report);
          if (!sheet) return Report(sheet.error());
          if (auto w = mutual_aid::WriteIngestReport(lines, **sheet); !w) return Report(w.error());
          if (auto w = (*sheet)->Close(); !w) return Report(w.error());
        }
        fmt::print("{}: {} records in {:.1f} s ({:.0f} records/s){}\n", o.file, s.records, seconds,
                   s.records / std::max(seconds, 1e-9),
                   o.dry_run ? " — dry run, nothing stored" : "");
        for (int i = 0; i <= static_cast<int>(mutual_aid::Outcome::kReversal); ++i) {
          if (s.by_outcome[i]) {
            fmt::print("  {:<15} {}\n",
                       mutual_aid::OutcomeName(static_cast<mutual_aid::Outcome>(i)),
                       s.by_outcome[i]);
          }
        }
        fmt::print("payout: {} yuan in {} items to the card{}\n", FormatYuan(s.paid_fen),
                   s.payout_items,
                   s.withdrawn ? fmt::format(", {} yuan reversed ({} items taken back)",
                                             FormatYuan(s.reversed_fen), s.withdrawn)
                               : "");
        return 0;
      });
}

}  // namespace nj::cli
