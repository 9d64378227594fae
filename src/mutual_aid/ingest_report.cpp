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

Result<void> WriteIngestReport(const std::vector<ReportLine>& lines, bool english,
                               job::Sheet& sheet) {
  const std::string header_zh[] = {"结算单号", "结果", "赔付金额（元）", "原因", "Reason", "行号"};
  const std::string header_en[] = {"Settlement id", "Outcome", "Paid (yuan)",
                                   "原因",          "Reason",  "Line"};
  if (auto w = sheet.Header(english ? header_en : header_zh); !w) return w;
  for (const auto& l : lines) {
    const job::Cell row[] = {l.settlement_id,
                             std::string(OutcomeLabel(l.outcome, english)),
                             FormatYuan(l.amount_fen),
                             l.reason_zh,
                             l.reason_en,
                             l.line};
    if (auto w = sheet.Row(row); !w) return w;
  }
  return {};
}

}  // namespace nj::mutual_aid
