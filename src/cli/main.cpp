// niangjia: one binary for the server and every batch and admin command.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "cli/commands.h"

namespace {

using nj::cli::Config;

// Each leaf command and what runs when it is the one parsed.
using Commands = std::vector<std::pair<CLI::App*, std::function<int()>>>;

// Every command's options, filled by parsing; the runners read them afterwards.
struct Options {
  nj::http::ServerOptions server;
  std::string sms_log;
  std::string public_url;
  bool secure_cookies = false;
  nj::cli::DemoOptions demo;
  nj::cli::UserOptions user;
  nj::cli::ImportCommand import;
  nj::cli::ExportCommand exporting;
  nj::cli::PayoutCommand payout;
  nj::cli::AidOptions aid;
  nj::cli::HardshipOptions hardship;
};

// --as USER: the one way a command that changes data names who acts (cli::ActingAs).
CLI::Option* AddAs(CLI::App* c, std::string& as, const char* what = "the user acting") {
  return c->add_option("--as", as, what);
}

void AddGlobalOptions(CLI::App& app, Config& config) {
  app.add_option("--db", config.db_url, "sqlite:PATH or postgresql://…")
      ->envname("NIANGJIA_DB")
      ->capture_default_str();
  app.add_option("--key-file", config.key_file,
                 "key for personal data at rest; created (mode 0600) when missing")
      ->envname("NIANGJIA_KEY_FILE")
      ->capture_default_str();
  app.add_option("--log-level", config.log_level, "trace, debug, info, warn, error")
      ->envname("NIANGJIA_LOG_LEVEL")
      ->capture_default_str();
  app.add_option("--pool", config.pool, "database connections")
      ->envname("NIANGJIA_POOL")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--files-dir", config.files_dir, "where exports and other files are kept")
      ->envname("NIANGJIA_FILES_DIR")
      ->capture_default_str();
}

void AddServeCommand(CLI::App& app, const Config& config, Options& o, Commands& commands) {
  auto& server = o.server;
  auto* serve = app.add_subcommand("serve", "serve the API and the web app");
  serve->add_option("--address", server.address, "address to listen on")
      ->envname("NIANGJIA_ADDRESS")
      ->capture_default_str();
  serve->add_option("--port", server.port, "port to listen on")
      ->envname("NIANGJIA_PORT")
      ->capture_default_str();
  serve->add_option("--threads", server.threads, "worker threads")
      ->envname("NIANGJIA_THREADS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  serve->add_option("--static-dir", server.static_dir, "built web app to serve (\"\" = none)")
      ->envname("NIANGJIA_STATIC_DIR")
      ->capture_default_str();
  serve->add_option("--upload-limit", server.upload_limit, "largest upload (a roster) in bytes")
      ->envname("NIANGJIA_UPLOAD_LIMIT")
      ->capture_default_str();
  serve->add_option("--body-limit", server.body_limit, "largest request body in bytes")
      ->envname("NIANGJIA_BODY_LIMIT")
      ->capture_default_str();
  auto& sms_log = o.sms_log;
  serve
      ->add_option("--sms-log", sms_log,
                   "file the texts to members' phones (password codes) are appended to, the SMS "
                   "gateway's stand-in (default: sms.log beside the SQLite database, or in "
                   "--files-dir on PostgreSQL)")
      ->envname("NIANGJIA_SMS_LOG");
  auto& public_url = o.public_url;
  serve
      ->add_option("--public-url", public_url,
                   "the address users reach the server at, e.g. https://niangjia.example.org "
                   "(https: Secure cookies and HSTS)")
      ->envname("NIANGJIA_PUBLIC_URL");
  auto& secure_cookies = o.secure_cookies;
  auto* secure_flag = serve
                          ->add_flag("--secure-cookies,!--no-secure-cookies", secure_cookies,
                                     "mark cookies Secure (default: on when --public-url is https)")
                          ->envname("NIANGJIA_SECURE_COOKIES");
  commands.emplace_back(serve,
                        [&config, &server, &sms_log, &public_url, &secure_cookies, secure_flag] {
                          const bool https = public_url.starts_with("https://");
                          server.hsts = https;
                          server.secure_cookies = secure_flag->count() > 0 ? secure_cookies : https;
                          return nj::cli::Serve(config, server, sms_log);
                        });
}

// Bootstrap and upkeep: migrate, demo, user add, audit verify. migrate and demo, and user add
// without --as, act as the command line itself (audited as system:demo, system:cli).
void AddAdminCommands(CLI::App& app, const Config& config, Options& o, Commands& commands) {
  auto* migrate = app.add_subcommand("migrate", "apply the database migrations not yet applied");
  commands.emplace_back(migrate, [&config] { return nj::cli::Migrate(config); });

  auto& demo = o.demo;
  auto* demo_cmd = app.add_subcommand(
      "demo",
      "create a synthetic city federation to try things on (an empty database; bootstrap: "
      "audited as system:demo)");
  demo_cmd->add_option("--members", demo.members, "members to create")
      ->check(CLI::Range(int64_t{0}, int64_t{50'000'000}))
      ->capture_default_str();
  demo_cmd
      ->add_option("--payouts", demo.payouts,
                   "members given a bank account and a pending mutual-aid payout")
      ->capture_default_str();
  demo_cmd
      ->add_option("--aid-claims", demo.aid_claims,
                   "settlement records of this year's mutual-aid plan (0: no plan)")
      ->capture_default_str();
  demo_cmd->add_option("--archives", demo.archives, "workers given a hardship archive")
      ->capture_default_str();
  demo_cmd->add_option("--seed", demo.seed, "same seed, same federation")->capture_default_str();
  demo_cmd
      ->add_option("--password", demo.password,
                   "one password for every demo user (default: a generated one each)")
      ->envname("NIANGJIA_DEMO_PASSWORD");
  commands.emplace_back(demo_cmd, [&config, &demo] { return nj::cli::Demo(config, demo); });

  auto& user = o.user;
  auto* user_cmd = app.add_subcommand("user", "manage user accounts");
  user_cmd->require_subcommand(1);
  auto* user_add = user_cmd->add_subcommand("add", "create a user");
  user_add->add_option("--username", user.username)->required();
  user_add->add_option("--org-id", user.org_id, "organisation the user belongs to")->required();
  user_add->add_option("--role", user.role, "federation_admin, clerk, grassroots_chair or viewer")
      ->required();
  user_add->add_option("--display-name", user.display_name);
  user_add->add_option("--password", user.password, "default: a generated one, printed once")
      ->envname("NIANGJIA_USER_PASSWORD");
  AddAs(user_add, user.as,
        "the user acting (user:admin, the organisation in scope); without it, bootstrap: the "
        "command line creates the user, audited as system:cli");
  commands.emplace_back(user_add, [&config, &user] { return nj::cli::AddUser(config, user); });

  auto* audit_cmd = app.add_subcommand("audit", "the audit log");
  audit_cmd->require_subcommand(1);
  auto* verify = audit_cmd->add_subcommand("verify", "check the hash chain; exit 1 where broken");
  commands.emplace_back(verify, [&config] { return nj::cli::AuditVerify(config); });
}

void AddDataCommands(CLI::App& app, const Config& config, Options& o, Commands& commands) {
  auto& import = o.import;
  auto* import_cmd = app.add_subcommand("import", "import data");
  import_cmd->require_subcommand(1);
  auto* import_members = import_cmd->add_subcommand(
      "members",
      "a roster (.csv in UTF-8 or GBK, or .xlsx): check every row, store the valid ones");
  import_members->add_option("file", import.file, "the roster")
      ->required()
      ->check(CLI::ExistingFile);
  AddAs(import_members, import.as, "the user acting (member:write, the unions in their scope)")
      ->required();
  import_members->add_option("--org", import.org_id, "union the rows go to when they name none")
      ->required();
  auto* dry = import_members->add_flag("--dry-run", import.dry_run, "check and report only");
  import_members
      ->add_flag("--all-or-nothing", import.all_or_nothing, "store nothing when any row is wrong")
      ->excludes(dry);
  import_members->add_option("--report", import.report, "the report (default: FILE.report.csv)");
  import_members->add_option("--batch-rows", import.batch_rows, "rows per transaction")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  commands.emplace_back(import_members,
                        [&config, &import] { return nj::cli::ImportMembers(config, import); });

  auto& exporting = o.exporting;
  auto* export_cmd = app.add_subcommand("export", "export data");
  export_cmd->require_subcommand(1);
  auto* export_members =
      export_cmd->add_subcommand("members", "every member of a subtree, personal data masked");
  export_members->add_option("--org", exporting.org_id, "the subtree's organisation")->required();
  export_members->add_option("--out", exporting.out, "FILE.csv or FILE.xlsx")->required();
  commands.emplace_back(
      export_members, [&config, &exporting] { return nj::cli::ExportMembers(config, exporting); });
}

void AddPayoutCommands(CLI::App& app, const Config& config, Options& o, Commands& commands) {
  auto& payout = o.payout;
  auto* payout_cmd = app.add_subcommand("payout", "one-card payouts (一卡通)");
  payout_cmd->require_subcommand(1);
  auto* batch_cmd = payout_cmd->add_subcommand("batch", "a payout batch, step by step");
  batch_cmd->require_subcommand(1);
  auto* batch_create = batch_cmd->add_subcommand("create", "gather a fund's pending items");
  batch_create->add_option("--fund", payout.fund, "mutual_aid, hardship or campaign")->required();
  batch_create->add_option("--org", payout.org_id, "the subtree (default: the user's union)");
  auto* batch_approve = batch_cmd->add_subcommand("approve", "approve (not by its creator)");
  auto* batch_cancel = batch_cmd->add_subcommand("cancel", "cancel before export");
  auto* batch_export = batch_cmd->add_subcommand("export", "write the bank file");
  batch_export->add_option("--out", payout.out, "the bank file")->required();
  auto* batch_reconcile = batch_cmd->add_subcommand("reconcile", "apply the bank's result file");
  for (auto* c : {batch_create, batch_approve, batch_cancel, batch_export, batch_reconcile}) {
    AddAs(c, payout.as, "the user who acts (maker–checker: two different users)")->required();
    if (c != batch_create) c->add_option("batch", payout.batch, "the batch number")->required();
    commands.emplace_back(c, [&config, &payout, c] {
      payout.action = c->get_name();
      return nj::cli::PayoutBatch(config, payout);
    });
  }
  batch_reconcile->add_option("file", payout.file, "the result file")
      ->required()
      ->check(CLI::ExistingFile);
  batch_approve->add_option("--reason", payout.reason, "a remark");
  batch_cancel->add_option("--reason", payout.reason, "why")->required();
  for (auto* c : {batch_export, batch_reconcile}) {
    c->add_option("--format", payout.format, "generic or ccb")->capture_default_str();
  }
  auto* ledger_cmd = app.add_subcommand("ledger", "the payout ledger");
  ledger_cmd->require_subcommand(1);
  auto* ledger_verify =
      ledger_cmd->add_subcommand("verify", "check journals and postings; exit 1 on a problem");
  commands.emplace_back(ledger_verify, [&config] { return nj::cli::LedgerVerify(config); });
}

void AddAidCommands(CLI::App& app, const Config& config, Options& o, Commands& commands) {
  auto& aid = o.aid;
  auto* aid_cmd = app.add_subcommand("aid", "mutual medical aid (职工医疗互助)");
  aid_cmd->require_subcommand(1);
  auto* aid_plan = aid_cmd->add_subcommand("plan", "plans");
  aid_plan->require_subcommand(1);
  auto* aid_plan_import =
      aid_plan->add_subcommand("import", "store a plan's JSON as its next version");
  aid_plan_import->add_option("file", aid.file, "plan.json")->required()->check(CLI::ExistingFile);
  aid_plan_import->add_option(
      "--owner", aid.owner,
      "the organisation the plan belongs to: its bulk jobs are run at its level (default: the "
      "user's organisation for a new plan, unchanged for a new version)");
  auto* aid_enrol = aid_cmd->add_subcommand("enrol", "enrol a subtree's active members");
  aid_enrol->add_option("--plan", aid.plan, "the plan's code")->required();
  auto* enrol_org = aid_enrol->add_option("--org", aid.org_id, "the subtree");
  auto* enrol_roster =
      aid_enrol->add_option("--roster", aid.file, "a roster (CSV or .xlsx with a column 身份证号)");
  enrol_org->excludes(enrol_roster);
  aid_enrol->add_option("--start", aid.start, "first day covered, YYYY-MM-DD")->required();
  aid_enrol->add_option("--previous", aid.previous, "the previous plan: its members do not wait");
  auto* aid_ingest =
      aid_cmd->add_subcommand("ingest", "adjudicate a medical-insurance settlement file (零跑)");
  aid_ingest->add_option("file", aid.file, "the settlement CSV")
      ->required()
      ->check(CLI::ExistingFile);
  aid_ingest->add_option("--plan", aid.plan, "the plan's code")->required();
  aid_ingest->add_flag("--dry-run", aid.dry_run, "adjudicate and report, store nothing");
  aid_ingest->add_option("--report", aid.report, "OUT.csv: one line per record");
  for (auto [c, action] :
       {std::pair{aid_plan_import, "plan-import"}, {aid_enrol, "enrol"}, {aid_ingest, "ingest"}}) {
    AddAs(c, aid.as, "the user acting (aid:write; bulk jobs at the plan owner's level)")
        ->required();
    commands.emplace_back(c, [&config, &aid, action] {
      aid.action = action;
      return nj::cli::AidCommand(config, aid);
    });
  }
}

void AddHardshipCommands(CLI::App& app, const Config& config, Options& o, Commands& commands) {
  auto& hardship = o.hardship;
  auto* hardship_cmd = app.add_subcommand("hardship", "hardship-worker archives (困难职工帮扶)");
  hardship_cmd->require_subcommand(1);
  auto* hardship_standard = hardship_cmd->add_subcommand(
      "standard", "set a county's minimum living standard (低保标准) and re-level its archives");
  hardship_standard->add_option("division", hardship.division_code, "the county's division code")
      ->required();
  hardship_standard->add_option("--year", hardship.year, "the year")->required();
  hardship_standard->add_option("--monthly-fen", hardship.monthly_fen, "per person a month, fen")
      ->required();
  hardship_standard
      ->add_option("--relative-pct", hardship.relative_pct,
                   "relative hardship up to this % of the standard")
      ->capture_default_str();
  AddAs(hardship_standard, hardship.as)->required();
  commands.emplace_back(hardship_standard, [&config, &hardship] {
    return nj::cli::HardshipStandard(config, hardship);
  });
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Niangjia (娘家) — the platform a federation of trade unions runs its work on"};
  app.require_subcommand(1);
  Config config;
  AddGlobalOptions(app, config);
  Options options;
  Commands commands;
  AddServeCommand(app, config, options, commands);
  AddAdminCommands(app, config, options, commands);
  AddDataCommands(app, config, options, commands);
  AddPayoutCommands(app, config, options, commands);
  AddAidCommands(app, config, options, commands);
  AddHardshipCommands(app, config, options, commands);

  CLI11_PARSE(app, argc, argv);

  spdlog::set_level(spdlog::level::from_str(config.log_level));
  for (auto& [command, run] : commands) {
    if (command->parsed()) return run();
  }
  return 2;
}
