#include "job/template.h"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "http/json.h"
#include "job/csv.h"
#include "job/export.h"
#include "job/xlsx.h"

namespace nj::job {

namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

std::string Joined(const std::vector<file::Choice>& choices, bool english, std::string_view sep) {
  std::string out;
  for (const auto& c : choices) {
    if (!out.empty()) out += sep;
    out += english ? c.en : c.zh;
  }
  return out;
}

// The notes sheet: a row per column, in both languages.
Result<void> WriteNotes(const file::ImportSpec& spec, XlsxSheet& sheet) {
  if (auto r = sheet.AddSheet("填写说明 Notes"); !r) return r;
  const std::string header[] = {"列名",           "Column", "必填 Required", "可填的值",
                                "Allowed values", "说明",   "Notes"};
  if (auto r = sheet.Header(header); !r) return r;
  for (const auto& c : spec.columns) {
    std::string values_zh, values_en;
    for (const auto& v : c.choices) {
      values_zh += (values_zh.empty() ? "" : "、") + v.zh + "（" + v.code + "）";
      values_en += (values_en.empty() ? "" : ", ") + v.en + " (" + v.code + ")";
    }
    const Cell row[] = {c.zh,
                        c.key + (c.en.empty() ? "" : " — " + c.en),
                        std::string(c.required ? "是 yes" : "否 no"),
                        values_zh,
                        values_en,
                        c.note_zh,
                        c.note_en};
    if (auto r = sheet.Row(row); !r) return r;
  }
  return {};
}

Result<std::string> ReadAll(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Fail(ErrorCode::kInternal, "模板生成失败", "the template could not be written");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

// In the runner's folder, made when no job has made it yet.
std::filesystem::path TempName(const JobRunner& runner, std::string_view ext) {
  static std::atomic<uint64_t> counter{0};
  std::error_code ignored;
  std::filesystem::create_directories(runner.Dir(), ignored);
  return runner.Dir() / ("template-" + std::to_string(::getpid()) + "-" +
                         std::to_string(counter.fetch_add(1)) + std::string(ext));
}

}  // namespace

std::string TemplateHeader(const file::Column& c, bool with_choices) {
  std::string out = c.zh + (c.required ? "*" : "");
  if (with_choices && !c.choices.empty()) out += "（" + Joined(c.choices, false, "/") + "）";
  return out;
}

Result<void> WriteTemplateXlsx(const file::ImportSpec& spec, const std::filesystem::path& file) {
  auto sheet = XlsxSheet::Create(file, "导入模板 Template");
  if (!sheet) return std::unexpected(sheet.error());
  std::vector<std::string> header;
  for (const auto& c : spec.columns) header.push_back(TemplateHeader(c, false));
  if (auto r = (*sheet)->Header(header); !r) return r;
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    const auto& c = spec.columns[i];
    if (c.choices.empty()) continue;
    std::vector<std::string> labels;
    for (const auto& v : c.choices) labels.push_back(v.zh);
    // A list too long for Excel's drop-down (many banks) is still on the notes sheet.
    (void)(*sheet)->ChoiceList(static_cast<int>(i), labels);
  }
  if (auto r = WriteNotes(spec, **sheet); !r) return r;
  return (*sheet)->Close();
}

Result<void> WriteTemplateCsv(const file::ImportSpec& spec, const std::filesystem::path& file) {
  auto sheet = CsvSheet::Create(file);
  if (!sheet) return std::unexpected(sheet.error());
  std::vector<std::string> header;
  for (const auto& c : spec.columns) header.push_back(TemplateHeader(c, true));
  if (auto r = (*sheet)->Header(header); !r) return r;
  return (*sheet)->Close();
}

void AddTemplateRoutes(http::Router& router, const auth::Guard& guard, const JobRunner& runner,
                       ImportSpecs specs) {
  auto shared = std::make_shared<const ImportSpecs>(std::move(specs));
  router.Add("GET", "/api/v1/imports/templates",
             guard("",
                   [shared](const Request& req, const auth::Principal&) -> Response {
                     json::array items;
                     for (const auto& [name, spec] : *shared) {
                       auto s = spec();
                       if (!s) return Response::Problem(req, s.error());
                       items.push_back(
                           {{"name", name}, {"title", req.English() ? s->title_en : s->title_zh}});
                     }
                     return http::JsonResponse(json::object{{"items", std::move(items)}});
                   }),
             {"The import templates there are (name, title)", "job"});
  router.Add(
      "GET", "/api/v1/imports/templates/{name}",
      guard("",
            [shared, &runner](const Request& req, const auth::Principal&) -> Response {
              http::ListQuery in(req);
              const std::string format = in.Text("format", 10);
              if (!in.ok()) return Response::Problem(req, in.error());
              if (format != "xlsx" && format != "csv" && !format.empty()) {
                return Response::Problem(req,
                                         Error{ErrorCode::kInvalidInput, "format 应为 xlsx 或 csv",
                                               "format is xlsx or csv", "format"});
              }
              auto it = shared->find(req.params.at(0));
              if (it == shared->end()) {
                return Response::Problem(
                    req, Error{ErrorCode::kNotFound, "没有这个模板", "no such template"});
              }
              auto spec = it->second();
              if (!spec) return Response::Problem(req, spec.error());
              const bool csv = format == "csv";
              const auto file = TempName(runner, csv ? ".csv" : ".xlsx");
              auto written = csv ? WriteTemplateCsv(*spec, file) : WriteTemplateXlsx(*spec, file);
              auto bytes =
                  written ? ReadAll(file) : Result<std::string>(std::unexpected(written.error()));
              std::error_code ignored;
              std::filesystem::remove(file, ignored);
              if (!bytes) return Response::Problem(req, bytes.error());
              const std::string name =
                  (req.English() ? spec->title_en : spec->title_zh) + (csv ? ".csv" : ".xlsx");
              return Response{
                  200,
                  csv ? "text/csv; charset=utf-8"
                      : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  std::move(*bytes),
                  {{"Content-Disposition", Disposition(name)}, {"Cache-Control", "no-store"}}};
            }),
      {"An import's template (format xlsx, the default, or csv): Chinese headers, the allowed "
       "values listed",
       "job"});
}

}  // namespace nj::job
