// migrate, serve, user add, audit verify.
#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "approval/routes.h"
#include "auth/audit.h"
#include "auth/auth.h"
#include "auth/password.h"
#include "auth/routes.h"
#include "cli/commands.h"
#include "cli/open.h"
#include "hardship/aid_routes.h"
#include "hardship/routes.h"
#include "job/auth_exports.h"
#include "job/export.h"
#include "job/template.h"
#include "member/routes.h"
#include "message/routes.h"
#include "mutual_aid/routes.h"
#include "org/flow_routes.h"
#include "org/routes.h"
#include "payout/routes.h"
#include "stats/routes.h"

namespace nj::cli {

int Migrate(const Config& config) {
  auto db = OpenDatabase(config);
  return db ? 0 : 1;
}

int Serve(const Config& config, http::ServerOptions options, const std::string& sms_log) {
  auto db = OpenDatabase(config);
  if (!db) return 1;
  auto vault = Vault::LoadOrCreate(config.key_file);
  if (!vault) return Report(vault.error());

  auth::AuthService auth(**db);
  org::OrgService orgs(**db);
  member::MemberService members(**db, *vault);
  member::PortalService portal(**db, *vault, members);
  member::TransferService transfers(**db);
  message::MessageService messages(**db);
  message::LogFileSink sms(sms_log.empty() ? message::DefaultSmsLog(config.db_url, config.files_dir)
                                           : std::filesystem::path(sms_log));
  spdlog::info("texts to members' phones go to {}", sms.path().string());
  orgs.OnClose(member::HoldMembersOn);
  member::RosterImporter importer(**db, *vault);
  stats::StatsService stats(**db);
  org::EnterpriseService enterprises(**db);
  org::CommitteeService committees(**db);
  approval::ApprovalService approvals(**db);
  org::RegisterOrgApprovals(approvals);
  member::RegisterMemberApprovals(approvals, members, *vault);
  payout::RegisterPayoutApprovals(approvals);
  payout::PayoutService payouts(**db, *vault, approvals);
  file::EvidenceStore evidence(std::filesystem::path(config.files_dir) / "evidence");
  mutual_aid::AidService aid(**db, *vault, payouts);
  mutual_aid::HandClaimService hand_claims(**db, *vault, aid, payouts, evidence);
  hardship::ArchiveService archives(**db, *vault, approvals, evidence);
  hardship::RegisterArchiveApprovals(approvals);
  hardship::GrantService grants(**db, approvals, payouts);
  hardship::RegisterGrantApprovals(approvals);
  hardship::CampaignService campaigns(**db, payouts);
  hardship::ReportService hardship_reports(**db);
  // After every service a job uses (an ingest, a roster, a reconciliation, an export): the
  // runner is destroyed first, finishing its running job while those services still exist.
  job::JobRunner jobs(**db, std::filesystem::path(config.files_dir) / "jobs");

  // The one route table.
  http::Router router;
  auth::Guard guard(auth);
  auth::AddAuthRoutes(router, auth, **db);
  org::AddOrgRoutes(router, guard, orgs);
  org::AddOrgFlowRoutes(router, guard, enterprises, committees);
  approval::AddApprovalRoutes(router, guard, approvals);
  member::AddMemberRoutes(router, guard, members);
  member::AddTransferRoutes(router, guard, transfers, orgs, enterprises);
  member::AddImportRoutes(router, guard, importer, jobs);
  const auth::PortalGuard as_member = member::PortalGuardOf(portal);
  member::AddPortalRoutes(router, as_member, portal, members, approvals, transfers, orgs, *vault,
                          messages, sms);
  message::AddPortalMessageRoutes(router, as_member, messages);
  stats::AddStatsRoutes(router, guard, stats);
  stats::TodoService todo(approvals, payouts, hand_claims, archives, committees, orgs);
  stats::AddTodoRoutes(router, guard, todo);
  payout::AddPayoutRoutes(router, guard, payouts, jobs, as_member);
  payout::AddAccountImportRoutes(router, guard, payouts, jobs);
  mutual_aid::AddAidRoutes(router, guard, aid, hand_claims, jobs, as_member);
  // hardship: archives (the aid routes follow)
  hardship::AddArchiveRoutes(router, guard, archives, approvals, as_member);
  hardship::AddHardshipAidRoutes(router, guard, grants, campaigns, hardship_reports, as_member);
  stats::MemberApplications member_applications(approvals, transfers, archives);
  stats::AddPortalApplicationRoutes(router, as_member, member_applications);
  job::AddExportRoutes(router, guard, **db, jobs,
                       {{"members", member::MembersExporter(members)},
                        {"orgs", org::OrgsExporter(orgs)},
                        {"users", job::UsersExporter(auth)},
                        {"audit", job::AuditExporter(**db)},
                        {"hardship_report", hardship::ReportExporter(hardship_reports)},
                        {"hardship_grants", hardship::GrantsExporter(grants)},
                        {"payout_missing_accounts", payout::MissingAccountsExporter(payouts)},
                        {"ledger", payout::LedgerExporter(payouts)}});

  // Every import's template, from the columns it declares.
  job::AddTemplateRoutes(
      router, guard, jobs,
      {{"members", [] { return Result<file::ImportSpec>(member::RosterSpec()); }},
       {"enrolment", [] { return Result<file::ImportSpec>(mutual_aid::EnrolRosterSpec()); }},
       {"settlement", [] { return Result<file::ImportSpec>(mutual_aid::FeedSpec()); }},
       {"bank_accounts", [&payouts] { return payouts.AccountImportSpec(); }}});

  options.round_trips = &store::RoundTrips;  // per route in GET /metrics
  http::Server server(options, router);
  auto r = server.Run();
  return r ? 0 : Report(r.error());
}

int AddUser(const Config& config, const UserOptions& options) {
  auto db = OpenDatabase(config);
  if (!db) return 1;
  // Bootstrap (no --as): the first admin has no one to be created by; the command line acts,
  // audited as system:cli. With --as, that user's permissions and scope, as in the console.
  auto who = options.as.empty()
                 ? Result<auth::Principal>(auth::System("cli", {std::string(auth::kUserAdmin)}))
                 : ActingAs(**db, options.as);
  if (!who) return Report(who.error());
  auth::AuthService auth(**db);
  auth::NewUser u{options.username, options.display_name,
                  options.password.empty() ? auth::GeneratePassword() : options.password,
                  options.role, options.org_id};
  auto id = auth.CreateUser(*who, u);
  if (!id) return Report(id.error());
  fmt::print("user {} created (id {})", u.username, *id);
  if (options.password.empty()) fmt::print(", password: {}", u.password);
  fmt::print("\n");
  return 0;
}

int AuditVerify(const Config& config) {
  auto db = OpenDatabase(config);
  if (!db) return 1;
  auto lease = (*db)->Acquire();
  if (!lease) return Report(lease.error());
  auto verdict = auth::VerifyAudit(**lease);
  if (!verdict) return Report(verdict.error());
  if (!verdict->ok) {
    fmt::print(stderr, "audit chain BROKEN at entry {}: {} ({} entries checked before it)\n",
               verdict->first_bad_id, verdict->problem, verdict->checked);
    return 1;
  }
  fmt::print("audit chain intact: {} entries verified\n", verdict->checked);
  return 0;
}

}  // namespace nj::cli
