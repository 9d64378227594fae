// POST /api/v1/imports/bank-accounts: bank accounts in bulk, as a job.
#include <filesystem>

#include "http/json.h"
#include "http/row_problem.h"
#include "job/row_problem.h"
#include "job/xlsx.h"
#include "payout/routes.h"

namespace nj::payout {

namespace json = boost::json;
using auth::Principal;
using http::Request;
using http::Response;

namespace {

// The job's work: the import, its report file when a line was refused, its summary.
job::JobRunner::Work ImportWork(PayoutService& payouts, const Principal& who,
                                std::filesystem::path upload, AccountImportOptions options,
                                bool english) {
  return [&payouts, who, upload, options, english](const std::filesystem::path& file,
                                                   job::Progress& progress) -> Result<std::string> {
    auto report = payouts.ImportAccounts(who, upload, options, progress);
    std::error_code ignored;
    std::filesystem::remove(upload, ignored);
    if (!report) return std::unexpected(report.error());
    if (!report->problems.empty()) {
      auto sheet = job::XlsxSheet::Create(file, english ? "Report" : "导入报告");
      if (!sheet) return std::unexpected(sheet.error());
      if (auto w = job::WriteRowProblems(report->problems, english, **sheet); !w) {
        return std::unexpected(w.error());
      }
      if (auto w = (*sheet)->Close(); !w) return std::unexpected(w.error());
    }
    json::object summary{{"format", report->format},   {"rows", report->rows},
                         {"stored", report->stored},   {"unchanged", report->unchanged},
                         {"refused", report->refused}, {"dry_run", options.dry_run}};
    http::AddRowProblems(summary, report->problems);
    return json::serialize(summary);
  };
}

}  // namespace

void AddAccountImportRoutes(http::Router& router, const auth::Guard& guard, PayoutService& payouts,
                            job::JobRunner& jobs) {
  const std::string write(kWrite);
  router.Add(
      "POST", "/api/v1/imports/bank-accounts",
      guard(write,
            [&payouts, &jobs](const Request& req, const Principal& p) -> Response {
              http::ListQuery in(req);
              AccountImportOptions options;
              options.dry_run = in.Flag("dry_run");
              const std::string given = in.Text("file_name", 200);
              if (!in.ok()) return Response::Problem(req, in.error());
              if (req.body.empty()) {
                return Response::Problem(
                    req, Error{ErrorCode::kInvalidInput, "请上传银行账户文件",
                               "upload the accounts file as the request body", "file"});
              }
              options.file_name = std::filesystem::path(given).filename().string();
              auto saved = jobs.SaveUpload(req.body);
              if (!saved) return Response::Problem(req, saved.error());
              const bool english = req.English();
              const std::string name = given.empty() ? std::string("accounts")
                                                     : std::filesystem::path(given).stem().string();
              auto job = jobs.Start(p.user_id, "import:bank_accounts", name,
                                    (english ? "import report " : "导入报告_") + name + ".xlsx",
                                    english, ImportWork(payouts, p, *saved, options, english));
              if (!job) return Response::Problem(req, job.error());
              return http::JsonResponse(
                  json::object{
                      {"id", job->id}, {"state", job->state}, {"file_name", job->file_name}},
                  202);
            }),
      {"Import members' bank accounts (.xlsx or CSV of 身份证号, 户名, 开户行, 账号) sent as the "
       "request body, as a job (query dry_run, file_name); poll /api/v1/jobs/{id}: its summary "
       "counts the lines and lists the refused ones, its file reports them. A member outside the "
       "caller's scope reads as no such member",
       "payout", true, write, "", "", true});
}

}  // namespace nj::payout
