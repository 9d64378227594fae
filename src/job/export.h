// Exports: any list of the console written to an Excel file as a background job. Each module
// says how its lists are exported (an Exporter); the routes here start, report and hand out the
// files. Personal data stays masked in exports, as on screen, and every export is audited.
#pragma once

#include <map>
#include <string>

#include "auth/routes.h"
#include "http/http.h"
#include "job/job.h"

namespace nj::job {

// Content-Disposition for a UTF-8 file name (RFC 6266: an ASCII fallback and filename*).
std::string Disposition(std::string_view name);

// POST /api/v1/exports, GET /api/v1/exports/{id}, GET /api/v1/exports/{id}/file.
void AddExportRoutes(http::Router& router, const auth::Guard& guard, store::Database& db,
                     JobRunner& runner, std::map<std::string, Exporter> exporters);

}  // namespace nj::job
