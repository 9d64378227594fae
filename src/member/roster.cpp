#include "member/roster.h"

#include <fmt/core.h>

#include <cmath>
#include <future>
#include <map>
#include <optional>
#include <span>
#include <unordered_map>

#include "auth/audit.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/mask.h"
#include "core/parse.h"
#include "file/columns.h"
#include "file/table.h"
#include "job/row_problem.h"
#include "member/member.h"
#include "member/rules.h"
#include "org/org.h"

namespace nj::member {

namespace {

using store::Value;

enum Field { kName, kIdNumber, kPhone, kEmployer, kCategory, kJoinDate, kOrg, kFieldCount };

// The header row: where each field's column is (RosterSpec's order, -1 when absent).
struct Header {
  std::vector<int> column;
};

Result<Header> ReadHeader(const file::TableRow& row) {
  auto at = file::MapHeader(RosterSpec(), row);
  if (!at) return std::unexpected(at.error());
  return Header{std::move(*at)};
}

// The header of field `f` in reports.
std::string ColumnName(Field f) { return RosterSpec().columns[f].zh; }

const std::string& Cell(const file::TableRow& row, const Header& h, Field f) {
  return file::CellOf(row, h.column[f]);
}

// A category written as its code or its Chinese or English name.
std::string CategoryCode(std::string_view text) {
  if (text.empty()) return "front_line";
  for (auto code : kCategories) {
    if (text == code || text == CategoryName(code, false) || text == CategoryName(code, true)) {
      return std::string(code);
    }
  }
  return std::string(text);  // refused by ValidateMember, naming it
}

// "2020/5/1", "2020.05.01" and "20200501" as "2020-05-01"; anything else unchanged.
std::string NormaliseDate(std::string_view text) {
  if (text.size() == 8 && text.find_first_not_of("0123456789") == std::string_view::npos) {
    return fmt::format("{}-{}-{}", text.substr(0, 4), text.substr(4, 2), text.substr(6, 2));
  }
  std::string parts[3];
  int part = 0;
  for (char c : text) {
    if (c == '/' || c == '.' || c == '-') {
      if (++part > 2) return std::string(text);
    } else {
      parts[part] += c;
    }
  }
  if (part != 2 || parts[0].size() != 4 || parts[1].empty() || parts[1].size() > 2 ||
      parts[2].empty() || parts[2].size() > 2) {
    return std::string(text);
  }
  return parts[0] + "-" + (parts[1].size() == 1 ? "0" : "") + parts[1] + "-" +
         (parts[2].size() == 1 ? "0" : "") + parts[2];
}

std::string Masked(Field f, const std::string& value) {
  if (f == kIdNumber) return MaskIdNumber(value);
  if (f == kPhone) return MaskPhone(value);
  return value;
}

Field FieldOf(std::string_view error_field) {
  if (error_field == "id_number") return kIdNumber;
  if (error_field == "phone") return kPhone;
  if (error_field == "employer") return kEmployer;
  if (error_field == "category") return kCategory;
  if (error_field == "join_date") return kJoinDate;
  if (error_field == "org_id") return kOrg;
  return kName;
}

// A row checked and sealed on the preparing thread, waiting for the database.
struct Prepared {
  int64_t line = 0;
  std::string org;  // the union cell as written ("" = the default union)
  std::string id_index;
  std::string category;
  std::string masked_id;       // for the report
  std::vector<Value> columns;  // PersonalColumns
};

// The member table alone: its unique index serves the IN list whatever the statistics say
// (joined to org, a planner that thinks the table empty walks it from the org side).
constexpr std::string_view kExisting =
    "SELECT id_number_idx, org_id FROM member WHERE id_number_idx IN";

struct Registered {
  int64_t org_id = 0;
  std::string org_name, org_path;
};
using Registry = std::unordered_map<std::string, Registered>;  // by ID index

// The registry's members among `keys` (ID indexes).
Result<Registry> LookUp(store::Conn& c, std::span<const Value> keys) {
  Registry registered;
  auto r = c.QueryByKeys(kExisting, {}, keys, [&](const store::Row& row) {
    registered[row.Bytes(0)] = {row.Int(1), "", ""};
  });
  if (!r) return std::unexpected(r.error());
  return registered;
}

// A chunk of the file as the preparing thread hands it over: the pipeline's unit and the
// progress bar's step. Transactions span chunks (ImportOptions::batch_rows rows each); a chunk
// never straddles two transactions, so a stop leaves whole batches.
struct Batch {
  std::vector<Prepared> rows;
  std::vector<RowProblem> problems;
  int64_t read = 0;
  double fraction = 0;  // of the file read when the chunk was full
  bool last = false;
  bool ends_batch = false;  // the transaction's last chunk: commit after it
  // Looked up ahead on a second connection (PostgreSQL), or empty: looked up when applied.
  std::optional<Registry> registered;
};

// Small enough that the writer starts after a moment and the bar moves, large enough that a
// chunk's look-up and COPY are few round trips.
constexpr int64_t kChunkRows = 10'000;

RowProblem Problem(const file::TableRow& row, const Header& h, Field f, const Error& e) {
  return {row.line, ColumnName(f), Masked(f, Cell(row, h, f)), e.detail_zh, e.detail_en};
}

// Reads and prepares the next batch: pure checks and cryptography, no database.
Result<Batch> PrepareBatch(file::TableReader& reader, const Header& h, const Vault& vault,
                           int64_t size, Date today) {
  Batch b;
  file::TableRow row;
  while (static_cast<int64_t>(b.rows.size() + b.problems.size()) < size) {
    auto more = reader.Next(row);
    if (!more) return std::unexpected(more.error());
    if (!*more) {
      b.last = true;
      break;
    }
    ++b.read;
    MemberInput in;
    in.name = Cell(row, h, kName);
    in.id_number = Cell(row, h, kIdNumber);
    in.phone = Cell(row, h, kPhone);
    in.employer = Cell(row, h, kEmployer);
    in.category = CategoryCode(Cell(row, h, kCategory));
    const std::string& join = Cell(row, h, kJoinDate);
    in.join_date = join.empty() ? FormatDate(today) : NormaliseDate(join);
    auto v = ValidateMember(in, today);
    if (!v) {
      b.problems.push_back(Problem(row, h, FieldOf(v.error().field), v.error()));
      continue;
    }
    Prepared p;
    p.line = row.line;
    p.org = Cell(row, h, kOrg);
    p.category = v->category;
    p.columns = PersonalColumns(*v, vault);
    p.id_index = std::get<store::Blob>(p.columns[4]).bytes;
    p.masked_id = std::get<std::string>(p.columns[5]);
    b.rows.push_back(std::move(p));
  }
  b.fraction = reader.Fraction();
  return b;
}

struct Union {
  int64_t id = 0;
  std::string path;
};

constexpr std::string_view kByRegistration = "SELECT id FROM org WHERE registration_no = ?";

const std::vector<std::string>& MemberColumns() {
  static const std::vector<std::string> cols = [] {
    std::vector<std::string> v{"org_id"};
    for (auto c : kPersonalColumnNames) v.emplace_back(c);
    for (auto c : {"status", "created_at", "updated_at"}) v.emplace_back(c);
    return v;
  }();
  return cols;
}

// What the database side keeps across batches.
struct Store {
  const auth::Principal& who;
  Union fallback;
  std::unordered_map<std::string, Result<Union>> unions;  // by the cell as written
  std::unordered_map<std::string, int64_t> seen;          // ID index → line, in this file
  ImportReport& report;
  bool write;

  Result<Union> ResolveUnion(store::Conn& c, const std::string& cell) {
    if (cell.empty()) return fallback;
    if (auto it = unions.find(cell); it != unions.end()) return it->second;
    int64_t id = 0;
    if (cell.find_first_not_of("0123456789") == std::string::npos && cell.size() < 18) {
      id = ParseId("org_id", cell).value_or(0);
    } else {
      const Value p[] = {cell};
      auto rows = c.Query(kByRegistration, p);
      if (!rows) return std::unexpected(rows.error());
      if (!rows->empty()) id = (*rows)[0].Int(0);
    }
    Result<Union> found = Fail(ErrorCode::kInvalidInput, "工会不存在或不在您的管辖范围内：" + cell,
                               "no such union in your scope: " + cell, "org_id");
    if (id != 0) {
      if (auto org = org::FindOrg(c, who.Scope(), id); org) {
        if (auto open = org::RequireOpen(*org); !open) {
          found = std::unexpected(Error{ErrorCode::kInvalidInput, open.error().detail_zh,
                                        open.error().detail_en, "org_id"});
        } else {
          found = Union{org->id, org->path};
        }
      }
    }
    unions.emplace(cell, found);
    return found;
  }

  // What the open transaction stored so far, written (counts, audit) before it commits.
  std::map<std::pair<std::string, std::string>, int64_t> counts;  // (path, category) → new
  int64_t first = 0, last = 0, in_batch = 0;
  bool analyzed = false;  // PostgreSQL's statistics re-read during this import

  struct Candidate {
    Prepared* p;
    Union u;
  };

  // Checks the chunk's rows against the file so far and the registry, and stores the new ones.
  Result<void> Apply(store::Conn& c, Batch& b) {
    // First the rows' unions and the duplicates inside the file, then the registry.
    std::vector<Candidate> candidates;
    for (auto& p : b.rows) {
      auto u = ResolveUnion(c, p.org);
      if (!u) {
        if (u.error().code != ErrorCode::kInvalidInput) return std::unexpected(u.error());
        report.problems.push_back(
            {p.line, ColumnName(kOrg), p.org, u.error().detail_zh, u.error().detail_en});
        continue;
      }
      if (auto [it, fresh] = seen.emplace(p.id_index, p.line); !fresh) {
        report.problems.push_back(
            {p.line, ColumnName(kIdNumber), p.masked_id,
             "与本文件第 " + std::to_string(it->second) + " 行是同一人",
             "the same person as line " + std::to_string(it->second) + " of this file"});
        continue;
      }
      candidates.push_back({&p, *u});
    }
    if (write && c.dialect() == store::Dialect::kSqlite) return InsertFirst(c, candidates);
    auto registered =
        b.registered ? Result<Registry>(std::move(*b.registered)) : Lookup(c, candidates);
    if (!registered) return std::unexpected(registered.error());
    std::vector<std::vector<Value>> insert;
    const int64_t now = NowUnix();
    for (auto& [p, u] : candidates) {
      if (auto it = registered->find(p->id_index); it != registered->end()) {
        if (auto r = Known(c, *p, u, it->second); !r) return r;
        continue;
      }
      insert.push_back(RowOf(*p, u, now));
      Count(*p, u);
    }
    if (!write) {
      report.stored += static_cast<int64_t>(insert.size());
      return {};
    }
    if (insert.empty()) return {};
    if (auto r = c.BulkInsert("member", MemberColumns(), insert); !r) return r;
    return Stored(c, static_cast<int64_t>(insert.size()));
  }

  // SQLite: every row inserted unless its ID index is registered already (ON CONFLICT DO
  // NOTHING: the insert's own probe of the unique index is the duplicate check, instead of a
  // look-up of every key before it); only the rows it skipped are looked up.
  Result<void> InsertFirst(store::Conn& c, std::vector<Candidate>& candidates) {
    static const std::string sql = [] {
      std::string cols, marks;
      for (const auto& col : MemberColumns()) {
        cols += (cols.empty() ? "" : ", ") + col;
        marks += marks.empty() ? "?" : ", ?";
      }
      return "INSERT INTO member (" + cols + ") VALUES (" + marks +
             ") ON CONFLICT (id_number_idx) DO NOTHING";
    }();
    // The member indexes of a city fit in the bulk page cache: pages touched by a batch stay.
    if (auto r = c.ForBulkWork(); !r) return r;
    const int64_t now = NowUnix();
    std::vector<Candidate> skipped;
    int64_t stored = 0;
    for (auto& cand : candidates) {
      auto n = c.Exec(sql, RowOf(*cand.p, cand.u, now));
      if (!n) return std::unexpected(n.error());
      if (*n == 0) {
        skipped.push_back(cand);
      } else {
        Count(*cand.p, cand.u);
        ++stored;
      }
    }
    auto registered = Lookup(c, skipped);
    if (!registered) return std::unexpected(registered.error());
    for (auto& [p, u] : skipped) {
      auto it = registered->find(p->id_index);
      if (it == registered->end()) {  // skipped, yet not there: nothing else is unique
        return Fail(ErrorCode::kInternal, "导入时会员表状态异常", "the member table changed");
      }
      if (auto r = Known(c, *p, u, it->second); !r) return r;
    }
    return Stored(c, stored);
  }

  // The registry's members among the candidates' ID indexes.
  static Result<Registry> Lookup(store::Conn& c, const std::vector<Candidate>& candidates) {
    std::vector<Value> keys;
    keys.reserve(candidates.size());
    for (const auto& [p, u] : candidates) keys.emplace_back(store::Blob{p->id_index});
    return LookUp(c, keys);
  }

  // A row whose person is registered already: unchanged in the same union, else refused (a
  // transfer, never a silent move), the union named only when it is in the importer's scope.
  Result<void> Known(store::Conn& c, const Prepared& p, const Union& u, Registered& e) {
    if (e.org_id == u.id) {
      ++report.unchanged;  // imported before: nothing to do
      return {};
    }
    auto where = org::FindOrgAnywhere(c, e.org_id);
    if (!where) return std::unexpected(where.error());
    e.org_name = where->name;
    e.org_path = where->path;
    const bool visible = who.Scope().Contains(e.org_path);
    report.problems.push_back(
        {p.line, ColumnName(kIdNumber), p.masked_id,
         "此人已是「" + (visible ? e.org_name : std::string("其他工会（已隐去名称）")) +
             "」的会员，须办理会籍转接，不会在导入时移动",
         "this person is a member of " + (visible ? e.org_name : std::string("another union")) +
             " already: a transfer, never a silent move"});
    return {};
  }

  // A new member's row (the prepared columns moved into it).
  static std::vector<Value> RowOf(Prepared& p, const Union& u, int64_t now) {
    static const size_t width = MemberColumns().size();
    std::vector<Value> row;
    row.reserve(width);
    row.emplace_back(u.id);
    for (auto& v : p.columns) row.push_back(std::move(v));
    row.emplace_back(std::string("active"));
    row.emplace_back(now);
    row.emplace_back(now);
    return row;
  }

  // A new member counted for the batch's flush.
  void Count(const Prepared& p, const Union& u) {
    ++counts[{u.path, p.category}];
    if (!first) first = p.line;
    last = p.line;
  }

  Result<void> Stored(store::Conn& c, int64_t n) {
    report.stored += n;
    in_batch += n;
    if (c.dialect() == store::Dialect::kPostgres && !analyzed && report.stored >= 5'000) {
      // Fresh statistics once the registry holds a few thousand of the file's rows make
      // PostgreSQL re-plan the look-ups by ID index: a plan made while the table was empty
      // scans it whole, and the prepared look-up would keep that plan. Once the statistics say
      // thousands, the index is the plan, and only more so as the table grows (the planner
      // scales the rows by the table's current size): one ANALYZE per file is enough.
      if (auto r = c.ExecScript("ANALYZE member"); !r) return r;
      analyzed = true;
    }
    return {};
  }

  // Before the transaction commits: the unions' counts and one audit entry for its rows.
  Result<void> Flush(store::Conn& c) {
    if (!write || in_batch == 0) return {};
    for (const auto& [key, n] : counts) {
      if (auto r = org::AdjustMemberCount(c, key.first, key.second, n); !r) return r;
    }
    auto r = auth::AppendAudit(c, who,
                               {"import", "member", "", fallback.path, "",
                                Fields()
                                    .Add("format", report.format)
                                    .Add("rows", in_batch)
                                    .Add("first_line", first)
                                    .Add("last_line", last)
                                    .Json(),
                                ""});
    counts.clear();
    first = last = in_batch = 0;
    return r;
  }
};

// Stores the chunks `each_batch` hands over on the writer's connection `c`, by `mode`: a dry
// run stores nothing; kStore commits each batch (what a stop leaves is whole batches);
// kAllOrNothing commits the whole file only when no row was wrong.
using EachBatch = std::function<Result<void>(const std::function<Result<void>(Batch&)>&)>;

Result<void> Write(store::Conn& c, Store& store, ImportMode mode, const EachBatch& each_batch) {
  if (mode == ImportMode::kDryRun) {
    return each_batch([&](Batch& b) { return store.Apply(c, b); });
  }
  const bool whole_file = mode == ImportMode::kAllOrNothing;
  bool open = false;
  auto done = each_batch([&](Batch& b) -> Result<void> {
    if (!open) {
      if (auto r = c.Begin(); !r) return r;
      open = true;
    }
    if (auto r = store.Apply(c, b); !r) return r;
    if (!b.ends_batch) return {};
    if (auto r = store.Flush(c); !r) return r;
    if (whole_file && !b.last) return {};
    if (whole_file && !store.report.problems.empty()) {
      c.Rollback();  // rows were wrong: nothing is imported, and the report says why
      open = false;
      store.report.stored = 0;
      return {};
    }
    open = false;
    if (auto r = c.Commit(); !r) {
      c.Rollback();  // a failed COMMIT may leave the transaction open
      return r;
    }
    return {};
  });
  if (!done && open) c.Rollback();
  return done;
}

}  // namespace

Result<void> WriteImportReport(const ImportReport& r, bool english, job::Sheet& sheet) {
  return job::WriteRowProblems(r.problems, english, sheet);
}

Result<ImportReport> RosterImporter::Run(const auth::Principal& who,
                                         const std::filesystem::path& file,
                                         const ImportOptions& options, job::Progress& progress) {
  if (auto r = who.Require(auth::kMemberWrite); !r) return std::unexpected(r.error());
  auto reader = file::OpenTable(file);
  if (!reader) return std::unexpected(reader.error());
  file::TableRow first;
  auto has_header = (*reader)->Next(first);
  if (!has_header) return std::unexpected(has_header.error());
  if (!*has_header) {
    return Fail(ErrorCode::kInvalidInput, "文件是空的", "the file is empty", "file");
  }
  auto header = ReadHeader(first);
  if (!header) return std::unexpected(header.error());

  ImportReport report;
  report.format = std::string((*reader)->Format());
  Store store{who, {}, {}, {}, report, options.mode != ImportMode::kDryRun};
  {
    auto lease = db_.Acquire();
    if (!lease) return std::unexpected(lease.error());
    const int64_t target = options.org_id ? options.org_id : who.org_id;
    auto org = org::FindOrg(**lease, who.Scope(), target);
    if (!org) {
      return Fail(ErrorCode::kNotFound, "导入的目标工会不存在或不在您的管辖范围内",
                  "the union to import into does not exist or is outside your scope", "org_id");
    }
    if (auto open = org::RequireOpen(*org); !open) return std::unexpected(open.error());
    store.fallback = {org->id, org->path};
  }

  // One thread reads and prepares (checks, seals, keys) the next chunk while this one stores
  // the current: the two halves of the work overlap on two cores. Chunks end where a batch
  // (a transaction) ends; `read` is the preparing thread's own count.
  const Date today = Today();
  const int64_t batch_rows = std::max<int64_t>(1, options.batch_rows);
  int64_t read = 0;
  // On PostgreSQL the chunk's people are looked up in the registry on a second connection by
  // the preparing thread too, while the writer COPYs the chunk before (without one: by the
  // writer). That connection sees what is committed: the rows of the writer's open batch come
  // from this file, and the file's own duplicates are found by Store::seen. (SQLite's writer
  // needs no look-up: see Store::InsertFirst.)
  std::optional<store::Lease> ahead;  // taken below, after the writer's
  auto prepare = [&]() -> Result<Batch> {
    const int64_t room = batch_rows - read % batch_rows;
    auto b = PrepareBatch(**reader, *header, vault_, std::min(kChunkRows, room), today);
    if (!b) return b;
    read += b->read;
    b->ends_batch = b->last || read % batch_rows == 0;
    if (ahead) {
      std::vector<Value> keys;
      keys.reserve(b->rows.size());
      for (const auto& p : b->rows) keys.emplace_back(store::Blob{p.id_index});
      auto registered = LookUp(**ahead, keys);
      if (!registered) return std::unexpected(registered.error());
      b->registered = std::move(*registered);
    }
    return b;
  };
  auto each_batch = [&](const std::function<Result<void>(Batch&)>& apply) -> Result<void> {
    auto next = std::async(std::launch::async, prepare);
    for (;;) {
      auto batch = next.get();
      if (!batch) return std::unexpected(batch.error());
      if (!batch->last) next = std::async(std::launch::async, prepare);
      report.rows += batch->read;
      // The rows of the whole file, estimated from the bytes read so far: the progress bar's
      // 100 %, exact once the file is read.
      if (batch->fraction > 0) {
        progress.SetTotal(
            std::max<int64_t>(report.rows, std::llround(report.rows / batch->fraction)));
      }
      for (auto& p : batch->problems) report.problems.push_back(std::move(p));
      if (auto r = apply(*batch); !r) {
        if (!batch->last) (void)next.get();  // let the reader finish before unwinding
        return r;
      }
      progress.Advance(batch->read);
      if (batch->last) return {};
    }
  };

  Result<void> done;
  {
    // The writer's connection for the whole file, then the look-ahead's: taken second and only
    // when one is free, so that a pool of one connection never waits for itself.
    auto lease = db_.Acquire();
    if (!lease) return std::unexpected(lease.error());
    store::Conn& c = **lease;
    if (db_.dialect() == store::Dialect::kPostgres) {
      if (auto second = db_.TryAcquire(); second) ahead.emplace(std::move(*second));
    }
    done = Write(c, store, options.mode, each_batch);
    ahead.reset();
  }
  if (!done) return std::unexpected(done.error());
  report.refused = static_cast<int64_t>(report.problems.size());
  // The job as a whole: who, the union, the file and the counts (never a row), dry runs too.
  static constexpr std::string_view kModes[] = {"store", "dry_run", "all_or_nothing"};
  auto audited = db_.TransactionVoid([&](store::Conn& c) {
    return auth::AppendAudit(
        c, who,
        {"import_file", "member", "", store.fallback.path, "",
         Fields()
             .Add("file", options.file_name.empty() ? file.filename().string() : options.file_name)
             .Add("mode", kModes[static_cast<int>(options.mode)])
             .Add("format", report.format)
             .Add("rows", report.rows)
             .Add("stored", report.stored)
             .Add("unchanged", report.unchanged)
             .Add("refused", report.refused)
             .Json(),
         ""});
  });
  if (!audited) return std::unexpected(audited.error());
  std::sort(report.problems.begin(), report.problems.end(),
            [](const auto& a, const auto& b) { return a.line < b.line; });
  return report;
}

const file::ImportSpec& RosterSpec() {
  static const file::ImportSpec spec = [] {
    std::vector<file::Choice> categories;
    for (auto code : kCategories) {
      categories.push_back({std::string(code), std::string(CategoryName(code, false)),
                            std::string(CategoryName(code, true))});
    }
    // In the order of Field.
    return file::ImportSpec{
        "members",
        "花名册导入模板",
        "roster import template",
        {{"name", "姓名", "name", true, {}, {"会员姓名"}, "", ""},
         {"id_number",
          "身份证号",
          "resident ID number",
          true,
          {},
          {"身份证号码", "公民身份号码", "证件号码"},
          "18 位居民身份证号",
          "18-character resident ID"},
         {"phone",
          "手机号",
          "mobile phone",
          false,
          {},
          {"手机号码", "联系电话", "手机"},
          "11 位手机号",
          "11-digit mobile number"},
         {"employer", "工作单位", "employer", false, {}, {"单位", "单位名称"}, "", ""},
         {"category",
          "职工类别",
          "category",
          false,
          std::move(categories),
          {"类别", "人员类别"},
          "不填为一线职工",
          "empty: front-line worker"},
         {"join_date",
          "入会日期",
          "join date",
          false,
          {},
          {"入会时间"},
          "YYYY-MM-DD，不填为今天",
          "YYYY-MM-DD; empty: today"},
         {"org_id",
          "工会编号",
          "union",
          false,
          {},
          {"所属工会编号", "工会登记号"},
          "工会的登记号或编号，不填为页面所选工会",
          "the union's registration number or id; empty: the union chosen on the page"}}};
  }();
  return spec;
}

}  // namespace nj::member
