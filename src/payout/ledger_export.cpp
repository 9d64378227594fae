// The ledger's report exported through the shared, audited export (POST /api/v1/exports with
// list "ledger"): the rows the ledger page pages through, with the same filters.
#include "core/money.h"
#include "payout/routes.h"

namespace nj::payout {

namespace {

std::string_view SourceName(std::string_view module, bool english) {
  if (module == "mutual_aid") return english ? "Medical mutual aid" : "医疗互助";
  if (module == "hardship") return english ? "Hardship aid" : "困难帮扶";
  if (module == "campaign") return english ? "Campaign" : "专项活动";
  if (module == "manual") return english ? "Entered by hand" : "手工录入";
  return module;
}

Result<void> WriteReport(PayoutService& payouts, const auth::Principal& who, int64_t org_id,
                         const std::string& from, const std::string& to, bool english,
                         job::Sheet& sheet, job::Progress& progress) {
  static const std::vector<std::string> kZh{"月份", "资金", "来源", "组织", "笔数", "金额（元）"};
  static const std::vector<std::string> kEn{"Month", "Fund",  "Source",
                                            "Union", "Count", "Amount (yuan)"};
  if (auto r = sheet.Header(english ? kEn : kZh); !r) return r;
  PageRequest page{kPageMax, ""};
  for (;;) {
    auto rows = payouts.PaidReportPage(who, org_id, from, to, page);
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : rows->page.items) {
      const job::Cell cells[] = {
          r.month,    r.fund_name, std::string(SourceName(r.source_module, english)),
          r.org_name, r.count,     FormatYuan(r.amount_fen)};
      if (auto w = sheet.Row(cells); !w) return w;
    }
    progress.Advance(static_cast<int64_t>(rows->page.items.size()));
    if (!rows->page.next_cursor) break;
    page.cursor = *rows->page.next_cursor;
  }
  return {};
}

}  // namespace

job::Exporter LedgerExporter(PayoutService& payouts) {
  return {
      std::string(kRead), "资金台账", "Fund ledger", "ledger",
      [&payouts](const auth::Principal& who, const job::Filters& f,
                 bool english) -> Result<job::ExportWrite> {
        auto org = job::IdFilter(f, "org_id");
        if (!org) return std::unexpected(org.error());
        std::string from = job::TextFilter(f, "from"), to = job::TextFilter(f, "to");
        // A wrong month, an organisation out of scope or no payout:read are answered now.
        if (auto probe = payouts.PaidReportPage(who, *org, from, to, PageRequest{1, ""}); !probe) {
          return std::unexpected(probe.error());
        }
        return [&payouts, who, org = *org, from, to, english](job::Sheet& sheet,
                                                              job::Progress& progress) {
          return WriteReport(payouts, who, org, from, to, english, sheet, progress);
        };
      }};
}

}  // namespace nj::payout
