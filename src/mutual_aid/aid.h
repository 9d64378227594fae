// Mutual medical aid as the federation runs it: plans (versioned), enrolment of a subtree's
// members, and the zero-trip claims (零跑) adjudicated from the medical-insurance settlement feed
// and paid straight to the member's card through the payout module.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "core/crypto.h"
#include "core/error.h"
#include "job/job.h"
#include "mutual_aid/plan.h"
#include "mutual_aid/rules.h"
#include "payout/payout.h"
#include "store/db.h"

namespace nj::mutual_aid {

inline constexpr std::string_view kRead = "aid:read";
inline constexpr std::string_view kWrite = "aid:write";
// Payout items of claims: source module "mutual_aid", source id "<plan>:<settlement id>".
inline constexpr std::string_view kSourceModule = "mutual_aid";

struct PlanVersion {
  Plan plan;
  int64_t version = 0;
};

struct EnrolSummary {
  int64_t enrolled = 0;    // new enrolments
  int64_t continuing = 0;  // of them, enrolled in the previous plan: no waiting period
  int64_t already = 0;     // enrolled before: unchanged
};

// One line of the ingest report, in file order.
struct ReportLine {
  int64_t line = 0;
  std::string settlement_id;
  Outcome outcome = Outcome::kInvalid;
  int64_t amount_fen = 0;
  std::string reason;  // Chinese
};

struct IngestSummary {
  int64_t records = 0;
  int64_t by_outcome[9] = {};  // indexed by Outcome
  int64_t paid_fen = 0;        // paid outcomes, lump sums included
  int64_t reversed_fen = 0;    // reversal outcomes (not below zero)
  int64_t payout_items = 0;    // sent to the payout module
  int64_t withdrawn = 0;       // taken back from it by reversals (cancelled or to recover)
};

class AidService {
 public:
  AidService(store::Database& db, const Vault& vault, payout::PayoutService& payouts)
      : db_(db), vault_(vault), payouts_(payouts) {}

  // Stores the plan of `json` as the next version of its code (aid:write). kInvalidInput names
  // the field at fault.
  Result<PlanVersion> ImportPlan(const auth::Principal* who, std::string_view json);
  // The newest version of plan `code`; kNotFound when there is none.
  Result<PlanVersion> CurrentPlan(std::string_view code);

  // Enrols every active member of the subtree of `org_id` not yet enrolled in `plan`, from
  // `start`. A member enrolled in `previous_plan` (the same series' last period; "" = none)
  // does not wait; the others wait the plan's waiting_days.
  Result<EnrolSummary> Enrol(const auth::Principal* who, std::string_view plan, int64_t org_id,
                             Date start, std::string_view previous_plan);

  // Adjudicates the settlement file (CSV, UTF-8 or GBK, with the feed's header) under `plan`:
  // every record gets one outcome; claims are stored and every paid one is sent to the payout
  // module, all in one transaction (nothing with `dry_run`). Running the same file again finds
  // every record a duplicate: nothing is paid twice. `report`, when given, receives one line
  // per record in file order.
  Result<IngestSummary> Ingest(const auth::Principal* who, std::string_view plan,
                               const std::filesystem::path& file, bool dry_run,
                               job::Progress& progress, std::vector<ReportLine>* report);

 private:
  store::Database& db_;
  const Vault& vault_;
  payout::PayoutService& payouts_;
};

}  // namespace nj::mutual_aid
