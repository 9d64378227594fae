// import members, export members: the registry in and out as files, with a progress line.
#include <fmt/core.h>
#include <unistd.h>

#include <chrono>

#include "cli/commands.h"
#include "cli/open.h"
#include "job/csv.h"
#include "job/xlsx.h"
#include "member/member.h"
#include "member/roster.h"

namespace nj::cli {

int ImportMembers(const Config& config, const ImportCommand& command) {
  auto acting = OpenActing(config, command.as);
  if (!acting) return 1;
  auto& [db, vault, who] = *acting;
  member::RosterImporter importer(*db, vault);
  member::ImportOptions options;
  options.org_id = command.org_id;
  options.batch_rows = command.batch_rows;
  options.mode = command.dry_run          ? member::ImportMode::kDryRun
                 : command.all_or_nothing ? member::ImportMode::kAllOrNothing
                                          : member::ImportMode::kStore;
  const auto started = std::chrono::steady_clock::now();
  member::ImportReport report;
  {
    TerminalProgress progress("import");
    auto r = importer.Run(who, command.file, options, progress);
    if (!r) return Report(r.error());
    report = std::move(*r);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::string report_file =
      command.report.empty() ? command.file + ".report.csv" : command.report;
  if (!report.problems.empty()) {
    auto sheet = job::CsvSheet::Create(report_file);
    if (!sheet) return Report(sheet.error());
    if (auto w = member::WriteImportReport(report, false, **sheet); !w) return Report(w.error());
    if (auto w = (*sheet)->Close(); !w) return Report(w.error());
  }
  fmt::print(
      "{} ({}): {} rows in {:.1f} s ({:.0f} rows/s): {} {}, {} already members there, {} "
      "refused{}\n",
      command.file, report.format, report.rows, seconds, report.rows / std::max(seconds, 1e-9),
      report.stored, command.dry_run ? "would be stored" : "stored", report.unchanged,
      report.refused, report.problems.empty() ? "" : " — see " + report_file);
  if (command.all_or_nothing && !report.problems.empty()) {
    fmt::print("--all-or-nothing: nothing was stored\n");
  }
  return report.problems.empty() ? 0 : 1;
}

int ExportMembers(const Config& config, const ExportCommand& command) {
  auto db = OpenDatabase(config);
  if (!db) return 1;
  auto vault = Vault::LoadOrCreate(config.key_file);
  if (!vault) return Report(vault.error());
  member::MemberService members(**db, *vault);
  // Reading only, masked: the operator's export of a subtree, as the command line.
  const auto system = auth::System("cli", {std::string(auth::kMemberRead)});
  const auto started = std::chrono::steady_clock::now();
  TerminalProgress progress("export");
  Result<void> written;
  if (command.out.ends_with(".xlsx")) {
    auto sheet = job::XlsxSheet::Create(command.out, "会员");
    if (!sheet) return Report(sheet.error());
    written = members.ExportSubtree(system, command.org_id, false, **sheet, progress);
    if (written) written = (*sheet)->Close();
  } else {
    auto sheet = job::CsvSheet::Create(command.out);
    if (!sheet) return Report(sheet.error());
    written = members.ExportSubtree(system, command.org_id, false, **sheet, progress);
    if (written) written = (*sheet)->Close();
  }
  if (!written) return Report(written.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print("{}: written in {:.1f} s\n", command.out, seconds);
  return 0;
}

}  // namespace nj::cli
