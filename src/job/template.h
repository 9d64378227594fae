// Downloadable templates of imports, rendered from their file::ImportSpec: one mechanism for
// every import, so that a module's import gets its template by declaring its columns.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "auth/routes.h"
#include "file/columns.h"
#include "http/http.h"
#include "job/job.h"

namespace nj::job {

// The header cell a template writes for `c`: its Chinese name, "*" when required, and for a CSV
// (which has no second sheet) the allowed values in brackets: "就诊类型*（住院/门诊慢特病/门诊）".
// file::MapHeader reads every form back.
std::string TemplateHeader(const file::Column& c, bool with_choices);

// An .xlsx template: the header row (Chinese), a drop-down of the allowed values in each column
// that has them, and a second sheet 填写说明 (Notes) naming each column in both languages,
// whether it is required, its allowed values (label and code) and how to fill it in.
Result<void> WriteTemplateXlsx(const file::ImportSpec& spec, const std::filesystem::path& file);
// A CSV template (UTF-8 with a byte-order mark): the header row alone, each allowed value listed
// in its header cell.
Result<void> WriteTemplateCsv(const file::ImportSpec& spec, const std::filesystem::path& file);

// The specs of every import, by name; a spec whose values come from the database (the banks) is
// read when asked.
using ImportSpecs = std::map<std::string, std::function<Result<file::ImportSpec>()>>;

// GET /api/v1/imports/templates/{name}?format=xlsx|csv: any signed-in user (a template holds no
// data). GET /api/v1/imports/templates lists the names and titles.
void AddTemplateRoutes(http::Router& router, const auth::Guard& guard, const JobRunner& runner,
                       ImportSpecs specs);

}  // namespace nj::job
