// Reports of hardship aid in the seeds' words (金华: "发放生活救助1768.94万元，帮扶1.09万人次"):
// for a subtree and a period, the amount and person-times of each category of grant and each
// kind of campaign disbursed in it (sent to the card or given in kind, by the day it was), the
// organisations one level below, and the archives: in force by level and by cause, new (approved
// in the period) and exited (in the period). On screen as JSON, and as an .xlsx export.
//
// A person-time (人次) is one grant or one campaign line; people counts distinct members.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/principal.h"
#include "core/error.h"
#include "job/job.h"
#include "store/db.h"

namespace nj::hardship {

struct ReportLine {
  std::string code, name, name_en;  // a category of grant or a kind of campaign
  int64_t amount_fen = 0, person_times = 0, people = 0;
  std::string text_zh, text_en;  // "发放生活救助1.23万元，帮扶12人次"
};

struct ReportOrg {
  int64_t org_id = 0;
  std::string org_name;
  int64_t amount_fen = 0, person_times = 0;
};

struct Report {
  int64_t org_id = 0;
  std::string org_name, from, to;
  std::vector<ReportLine> grants, campaigns;
  int64_t amount_fen = 0, person_times = 0, people = 0;  // all of them
  std::string text_zh, text_en;                          // the whole in one paragraph
  std::vector<ReportOrg> orgs;                           // one level below
  int64_t open_archives = 0;                             // in force now
  std::vector<std::pair<std::string, int64_t>> by_level, by_cause;
  int64_t new_archives = 0, exited_archives = 0;
};

class ReportService {
 public:
  explicit ReportService(store::Database& db) : db_(db) {}

  // The report of the subtree of `org_id` (0 = the caller's organisation) from `from` to `to`
  // (YYYY-MM-DD, both included; "" = 1 January of this year and today). hardship:read.
  Result<Report> Build(const auth::Principal& who, int64_t org_id, std::string_view from,
                       std::string_view to);

  // Checks the filters of a report (the organisation in scope, the dates) without building it.
  Result<void> Check(const auth::Principal& who, int64_t org_id, std::string_view from,
                     std::string_view to);

  // The same report as rows of a sheet: section, item, amount, person-times, people, text.
  Result<void> Export(const auth::Principal& who, int64_t org_id, std::string_view from,
                      std::string_view to, bool english, job::Sheet& sheet,
                      job::Progress& progress);

 private:
  store::Database& db_;
};

}  // namespace nj::hardship
