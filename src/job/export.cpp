#include "job/export.h"

#include <fmt/core.h>

#include <fstream>
#include <sstream>

#include "auth/audit.h"
#include "core/date.h"
#include "core/fields.h"
#include "http/json.h"
#include "job/xlsx.h"

namespace nj::job {

namespace json = boost::json;
using auth::Principal;
using http::Request;
using http::Response;

namespace {

// Counts the rows written, for the audit record.
class CountingSheet final : public Sheet {
 public:
  explicit CountingSheet(Sheet& inner) : inner_(inner) {}
  Result<void> Header(std::span<const std::string> columns) override {
    return inner_.Header(columns);
  }
  Result<void> Row(std::span<const Cell> cells) override {
    ++rows_;
    return inner_.Row(cells);
  }
  int64_t rows() const { return rows_; }

 private:
  Sheet& inner_;
  int64_t rows_ = 0;
};

json::object JobJson(const Job& j) {
  return {{"id", j.id},
          {"kind", j.kind},
          {"state", j.state},
          {"done", j.done},
          {"total", j.total},
          {"file_name", j.file_name},
          {"error", j.error},
          {"summary", j.summary.empty() ? json::value(nullptr) : json::parse(j.summary)},
          {"created_at", FormatInstant(j.created_at)}};
}

Result<Filters> ReadFilters(const json::object& body) {
  Filters out;
  const auto* f = body.if_contains("filters");
  if (!f || f->is_null()) return out;
  if (!f->is_object() || f->as_object().size() > 50) {
    return Fail(ErrorCode::kInvalidInput, "filters 应为对象（至多 50 项）",
                "filters must be an object of at most 50 entries", "filters");
  }
  for (const auto& [key, value] : f->as_object()) {
    const std::string field = "filters." + EchoPrefix(std::string_view(key));
    if (value.is_string()) {
      auto text = ParseText(field, std::string_view(value.as_string()));
      if (!text) return std::unexpected(text.error());
      out.emplace(key, std::move(*text));
    } else if (value.is_int64()) {
      out.emplace(key, std::to_string(value.as_int64()));
    } else if (!value.is_null()) {
      return Fail(ErrorCode::kInvalidInput, "筛选条件 " + std::string(key) + " 应为字符串或整数",
                  "filter " + std::string(key) + " must be a string or an integer",
                  "filters." + std::string(key));
    }
  }
  return out;
}

}  // namespace

std::string Disposition(std::string_view name) {
  std::string encoded;
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '.' || c == '_' || c == '-') {
      encoded += static_cast<char>(c);
    } else {
      encoded += fmt::format("%{:02X}", c);
    }
  }
  const bool csv = name.ends_with(".csv");
  return std::string("attachment; filename=\"") + (csv ? "export.csv" : "export.xlsx") +
         "\"; filename*=UTF-8''" + encoded;
}

void AddExportRoutes(http::Router& router, const auth::Guard& guard, store::Database& db,
                     JobRunner& runner, std::map<std::string, Exporter> exporters) {
  auto shared = std::make_shared<const std::map<std::string, Exporter>>(std::move(exporters));
  std::string lists;
  for (const auto& [name, e] : *shared) lists += (lists.empty() ? "" : ", ") + name;

  router.Add(
      "POST", "/api/v1/exports",
      guard("",
            [&db, &runner, shared](const Request& req, const Principal& p) -> Response {
              auto b = http::Body::Of(req);
              const auto list = b.Text("list", 40, http::kRequired);
              if (!b.ok()) return Response::Problem(req, b.error());
              auto it = shared->find(list);
              if (it == shared->end()) {
                return Response::Problem(
                    req, Error{ErrorCode::kInvalidInput, "没有名为 " + list + " 的列表可导出",
                               "no list named " + list + " to export", "list"});
              }
              const Exporter& exporter = it->second;
              if (auto r = p.Require(exporter.permission); !r) {
                return Response::Problem(req, r.error());
              }
              auto filters = ReadFilters(b.Object());
              if (!filters) return Response::Problem(req, filters.error());
              const bool english = req.English();
              auto write = exporter.prepare(p, *filters, english);
              if (!write) return Response::Problem(req, write.error());

              const std::string title = english ? exporter.title_en : exporter.title_zh;
              std::string day = FormatDate(Today());
              std::erase(day, '-');
              json::object filter_json;
              for (const auto& [k, v] : *filters) filter_json[k] = v;
              const std::string params =
                  json::serialize(json::object{{"list", list}, {"filters", filter_json}});
              auto work = [&db, write = std::move(*write), who = p, title, params,
                           entity = exporter.entity](const std::filesystem::path& file,
                                                     Progress& progress) -> Result<std::string> {
                auto sheet = XlsxSheet::Create(file, title);
                if (!sheet) return std::unexpected(sheet.error());
                CountingSheet counted(**sheet);
                if (auto r = write(counted, progress); !r) return std::unexpected(r.error());
                if (auto r = (*sheet)->Close(); !r) return std::unexpected(r.error());
                // Who took which personal data out, and how much of it.
                auto audited = db.TransactionVoid([&](store::Conn& c) {
                  return auth::AppendAudit(
                      c, who,
                      {"export", entity, "", who.org_path, "",
                       Fields().Add("params", params).Add("rows", counted.rows()).Json(), ""});
                });
                if (!audited) return std::unexpected(audited.error());
                return Fields().Add("rows", counted.rows()).Json();
              };
              auto job = runner.Start(p.user_id, "export:" + list, params,
                                      title + "_" + day + ".xlsx", english, std::move(work));
              return http::Answer(req, job, JobJson, 202);
            }),
      {"Start exporting a list to Excel as a background job (lists: " + lists +
           "); poll the job, then download its file",
       "job", true, "", R"({"list":"members","filters":{"org_id":"5","category":"courier"}})",
       R"({"id":"…","state":"running","done":0,"total":0,"file_name":"会员_20261123.xlsx"})",
       false, "", true});

  router.Add("GET", "/api/v1/jobs/{id}",
             guard("",
                   [&runner](const Request& req, const Principal& p) -> Response {
                     return http::Answer(req, runner.Get(p.user_id, req.params.at(0)), JobJson);
                   }),
             {"A job of the caller (an export, an import): state (running, done, failed), "
              "progress and summary",
              "job"});

  router.Add("GET", "/api/v1/jobs/{id}/file",
             guard("",
                   [&runner](const Request& req, const Principal& p) -> Response {
                     auto job = runner.Get(p.user_id, req.params.at(0));
                     if (!job) return Response::Problem(req, job.error());
                     if (job->state != "done") {
                       return Response::Problem(req, Error{ErrorCode::kConflict, "导出尚未完成",
                                                           "the export has not finished"});
                     }
                     std::ifstream in(runner.FileOf(*job), std::ios::binary);
                     if (!in) {
                       return Response::Problem(
                           req, Error{ErrorCode::kNotFound, "导出文件已过期，请重新导出",
                                      "the export file has expired; export again"});
                     }
                     std::ostringstream bytes;
                     bytes << in.rdbuf();
                     Response r{
                         200,
                         job->file_name.ends_with(".csv")
                             ? "text/csv; charset=utf-8"
                             : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         std::move(bytes).str(),
                         {{"Content-Disposition", Disposition(job->file_name)},
                          {"Cache-Control", "no-store"}}};
                     return r;
                   }),
             {"The file of a finished job: an export, an import's report", "job"});
}

}  // namespace nj::job
