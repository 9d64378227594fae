// payout batch create|approve|export|reconcile, ledger verify: the same steps as the console,
// done as a named user (--as), so that maker–checker and the audit log hold on the command line.
#include "payout/payout.h"

#include <fmt/core.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "approval/approval.h"
#include "auth/auth.h"
#include "cli/commands.h"
#include "cli/open.h"
#include "core/money.h"

namespace nj::cli {

namespace {

// Runs `step` on a payout service acting as `user`, timing it.
template <class F>
int AsUser(const Config& config, const std::string& user, F step) {
  auto acting = OpenActing(config, user);
  if (!acting) return 1;
  auto& [db, vault, who] = *acting;
  approval::ApprovalService approvals(*db);
  payout::RegisterPayoutApprovals(approvals);
  payout::PayoutService payouts(*db, vault, approvals);
  const auto started = std::chrono::steady_clock::now();
  const int rc = step(payouts, who);
  if (rc == 0) {
    fmt::print("({:.2f} s)\n",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  return rc;
}

void PrintBatch(const payout::Batch& b) {
  fmt::print("batch #{} {} of {}: {} items, {} — {}", b.id, b.fund, b.org_name, b.item_count,
             YuanText(b.total_fen), b.state);
  if (b.state == "reconciled") {
    fmt::print(" (paid {} / {}, failed {} / {})", b.paid_count, YuanText(b.paid_fen),
               b.failed_count, YuanText(b.failed_fen));
  }
  fmt::print(" ");
}

}  // namespace

int PayoutBatch(const Config& config, const PayoutCommand& c) {
  return AsUser(config, c.as, [&c](payout::PayoutService& payouts, const auth::Principal& who) {
    if (c.action == "create") {
      auto b = payouts.CreateBatch(who, c.fund, c.org_id ? c.org_id : who.org_id);
      if (!b) return Report(b.error());
      PrintBatch(*b);
      if (b->without_account)
        fmt::print("[{} pending items have no bank account] ", b->without_account);
      if (b->awaiting_account)
        fmt::print("[{} failed items wait for their account to be changed] ", b->awaiting_account);
      return 0;
    }
    if (c.action == "approve") {
      auto b = payouts.Approve(who, c.batch, c.reason);
      if (!b) return Report(b.error());
      PrintBatch(*b);
      return 0;
    }
    if (c.action == "cancel") {
      auto b = payouts.Cancel(who, c.batch, c.reason);
      if (!b) return Report(b.error());
      PrintBatch(*b);
      return 0;
    }
    if (c.action == "export") {
      // Run again after a stop, an exported batch's file is written again, the same bytes.
      auto b = payouts.GetBatch(who, c.batch);
      if (!b) return Report(b.error());
      TerminalProgress progress("export");
      auto file = b->state == "approved" ? payouts.Export(who, c.batch, c.format, &progress)
                                         : payouts.File(who, c.batch, &progress);
      if (!file) return Report(file.error());
      const std::string tmp = c.out + ".part";
      {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(file->bytes.data(), static_cast<std::streamsize>(file->bytes.size()));
        if (!out)
          return Report(
              Error{ErrorCode::kInternal, "写文件失败：" + c.out, "cannot write " + c.out});
      }
      std::error_code ec;
      std::filesystem::rename(tmp, c.out, ec);
      if (ec)
        return Report(Error{ErrorCode::kInternal, "写文件失败：" + c.out, "cannot write " + c.out});
      auto after = payouts.GetBatch(who, c.batch);
      if (!after) return Report(after.error());
      PrintBatch(*after);
      fmt::print("→ {} (sha256 {}) ", c.out, file->sha256);
      return 0;
    }
    // reconcile
    std::ifstream in(c.file, std::ios::binary);
    if (!in)
      return Report(Error{ErrorCode::kNotFound, "读不到文件：" + c.file, "cannot read " + c.file});
    std::ostringstream bytes;
    bytes << in.rdbuf();
    TerminalProgress progress("reconcile");
    auto r = payouts.Reconcile(who, c.batch, c.format, bytes.str(), &progress);
    if (!r) return Report(r.error());
    PrintBatch(r->batch);
    if (r->already) fmt::print("[reconciled before: nothing changed] ");
    return 0;
  });
}

int LedgerVerify(const Config& config) {
  auto db = OpenDatabase(config);
  if (!db) return 1;
  auto vault = Vault::LoadOrCreate(config.key_file);
  if (!vault) return Report(vault.error());
  approval::ApprovalService approvals(**db);
  payout::PayoutService payouts(**db, *vault, approvals);
  auto v = payouts.Verify();
  if (!v) return Report(v.error());
  for (const auto& p : v->problems) fmt::print("{}\n", p);
  fmt::print("ledger: {} entries, {} paid items: {}\n", v->entries, v->paid_items,
             v->problems.empty() ? "every journal balances, every item posted once" : "PROBLEMS");
  return v->problems.empty() ? 0 : 1;
}

}  // namespace nj::cli
