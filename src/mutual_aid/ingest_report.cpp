#include "core/money.h"
#include "mutual_aid/aid.h"

namespace nj::mutual_aid {

Result<void> WriteIngestReport(const std::vector<ReportLine>& lines, job::Sheet& sheet) {
  const std::string header[] = {"settlement_id", "outcome", "payout_yuan", "reason", "reason_en"};
  if (auto w = sheet.Header(header); !w) return w;
  for (const auto& l : lines) {
    const job::Cell row[] = {l.settlement_id, std::string(OutcomeName(l.outcome)),
                             FormatYuan(l.amount_fen), l.reason_zh, l.reason_en};
    if (auto w = sheet.Row(row); !w) return w;
  }
  return {};
}

}  // namespace nj::mutual_aid
