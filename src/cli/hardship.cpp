// hardship standard: a county's minimum living standard from the command line (loaded from the
// civil-affairs notice each year), re-levelling the county's archives as the console does.
#include "hardship/archive.h"

#include <fmt/core.h>

#include <chrono>

#include "approval/approval.h"
#include "auth/auth.h"
#include "cli/commands.h"
#include "cli/open.h"
#include "core/money.h"

namespace nj::cli {

int HardshipStandard(const Config& config, const HardshipOptions& o) {
  auto acting = OpenActing(config, o.as);
  if (!acting) return 1;
  auto& [db, vault, who] = *acting;
  approval::ApprovalService approvals(*db);
  file::EvidenceStore evidence(std::filesystem::path(config.files_dir) / "evidence");
  hardship::ArchiveService archives(*db, vault, approvals, evidence);
  const auto started = std::chrono::steady_clock::now();
  auto r = archives.SetStandard(who, o.division_code, o.year, o.monthly_fen, o.relative_pct);
  if (!r) return Report(r.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print("{} ({}) {}: {} yuan a month, relative up to {} %: {} archives re-levelled, {} "
             "changes listed for confirmation ({:.2f} s)\n",
             r->first.division_name, r->first.division_code, r->first.year,
             FormatYuan(r->first.monthly_fen), r->first.relative_pct, r->second.archives,
             r->second.changed, seconds);
  return 0;
}

}  // namespace nj::cli
