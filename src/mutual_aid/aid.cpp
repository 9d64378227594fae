#include "mutual_aid/aid.h"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <functional>
#include <unordered_map>

#include "auth/audit.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/money.h"
#include "file/table.h"
#include "member/member.h"
#include "org/org.h"

namespace nj::mutual_aid {

namespace {

using store::Value;

constexpr std::string_view kNextVersion =
    "SELECT COALESCE(MAX(version), 0) + 1 FROM aid_plan WHERE code = ?";
constexpr std::string_view kInsertPlan =
    "INSERT INTO aid_plan (code, version, name, start_date, end_date, body, created_by, "
    "created_at, owner_org_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kCurrentPlan =
    "SELECT p.body, p.version, COALESCE(p.owner_org_id, 0), COALESCE(o.name, ''), "
    "COALESCE(o.path, '') FROM aid_plan p LEFT JOIN org o ON o.id = p.owner_org_id "
    "WHERE p.code = ? ORDER BY p.version DESC LIMIT 1";
// The owner of a plan's newest version (none: a new code).
constexpr std::string_view kOwner =
    "SELECT COALESCE(p.owner_org_id, 0), COALESCE(o.path, '') FROM aid_plan p "
    "LEFT JOIN org o ON o.id = p.owner_org_id WHERE p.code = ? ORDER BY p.version DESC LIMIT 1";
constexpr std::string_view kRoot = "SELECT MIN(id) FROM org WHERE parent_id IS NULL";
// Active members of a subtree not enrolled yet, with whether they were in the previous plan.
constexpr std::string_view kToEnrol =
    "SELECT m.id, m.org_id, CASE WHEN EXISTS (SELECT 1 FROM aid_enrolment p "
    "WHERE p.plan_code = ? AND p.member_id = m.id) THEN 1 ELSE 0 END "
    "FROM member m JOIN org o ON o.id = m.org_id WHERE o.path >= ? AND o.path < ? "
    "AND m.status = 'active' AND NOT EXISTS (SELECT 1 FROM aid_enrolment e "
    "WHERE e.plan_code = ? AND e.member_id = m.id) ORDER BY m.id";
constexpr std::string_view kEnrolled =
    "SELECT COUNT(*) FROM aid_enrolment e JOIN org o ON o.id = e.org_id "
    "WHERE e.plan_code = ? AND o.path >= ? AND o.path < ?";

const char* const kColumns[] = {"settlement_id",
                                "id_number",
                                "name",
                                "hospital",
                                "admission_date",
                                "discharge_date",
                                "visit_type",
                                "diagnosis_code",
                                "total",
                                "fund_paid",
                                "self_paid_in_scope",
                                "self_paid_out_of_scope",
                                "record_type",
                                "original_settlement_id"};

Outcome OutcomeOf(std::string_view name) {
  for (int o = 0; o <= static_cast<int>(Outcome::kReversal); ++o) {
    if (OutcomeName(static_cast<Outcome>(o)) == name) return static_cast<Outcome>(o);
  }
  return Outcome::kInvalid;
}

}  // namespace

bool CanBulk(const auth::Principal& who, const PlanVersion& plan) {
  return who.Can(kBulk) && !plan.owner_path.empty() && who.Scope().Contains(plan.owner_path);
}

bool CanEdit(const auth::Principal& who, const PlanVersion& plan) {
  return who.Can(kWrite) && !plan.owner_path.empty() && who.Scope().Contains(plan.owner_path);
}

namespace {

// The owner a plan's next version gets: a new code's from `asked` (0: who's organisation, or the
// root), which must be in who's scope; an existing code keeps its own, and only a caller whose
// scope holds it may add a version (the command line may give it another).
Result<int64_t> OwnerOfNext(store::Conn& c, const auth::Principal* who, const std::string& code,
                            int64_t asked) {
  const Value cp[] = {code};
  auto current = c.Query(kOwner, cp);
  if (!current) return std::unexpected(current.error());
  if (who && !current->empty()) {
    if (!who->Scope().Contains((*current)[0].Text(1))) {
      return Fail(ErrorCode::kForbidden, "只有方案所属单位及其上级可以修改方案：" + code,
                  "only the plan's owner or a level above it may change the plan: " + code);
    }
    if (asked == 0 || asked == (*current)[0].Int(0)) return (*current)[0].Int(0);
  }
  if (!who && !current->empty() && asked == 0) return (*current)[0].Int(0);
  if (asked == 0) {
    if (who) return who->org_id;
    auto root = c.QueryInt(kRoot);
    if (!root) return std::unexpected(root.error());
    return *root;
  }
  auto org = org::FindOrg(c, who ? who->Scope() : auth::PathRange{"/", "0"}, asked);
  if (!org) {
    return Fail(ErrorCode::kNotFound, "方案所属单位不存在或不在您的管辖范围内",
                "the plan's owner does not exist or is outside your scope", "owner_org_id");
  }
  return org->id;
}

}  // namespace

Result<PlanVersion> AidService::ImportPlan(const auth::Principal* who, std::string_view json,
                                           int64_t owner_org_id) {
  if (who) {
    if (auto r = who->Require(kWrite); !r) return std::unexpected(r.error());
  }
  auto plan = ParsePlan(json);
  if (!plan) return std::unexpected(plan.error());
  auto stored = db_.Transaction<int64_t>([&](store::Conn& c) -> Result<int64_t> {
    auto owner = OwnerOfNext(c, who, plan->code, owner_org_id);
    if (!owner) return std::unexpected(owner.error());
    const Value cp[] = {plan->code};
    auto version = c.QueryInt(kNextVersion, cp);
    if (!version) return std::unexpected(version.error());
    const Value p[] = {plan->code,
                       *version,
                       plan->name,
                       FormatDate(plan->start),
                       FormatDate(plan->end),
                       PlanJson(*plan),
                       who ? Value(who->user_id) : Value(),
                       NowUnix(),
                       *owner ? Value(*owner) : Value()};
    if (auto r = c.Exec(kInsertPlan, p); !r) return std::unexpected(r.error());
    if (auto a = auth::AppendAudit(
            c, who,
            {"import", "aid_plan", plan->code, "/", "",
             Fields().Add("version", *version).Add("owner_org_id", *owner).Json(), plan->name});
        !a) {
      return std::unexpected(a.error());
    }
    return *version;
  });
  if (!stored) return std::unexpected(stored.error());
  return CurrentPlan(plan->code);
}

Result<PlanVersion> AidService::CurrentPlan(std::string_view code) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {std::string(code)};
  auto rows = (*lease)->Query(kCurrentPlan, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) {
    return Fail(ErrorCode::kNotFound, "没有此互助方案：" + std::string(code),
                "no such plan: " + std::string(code), "plan");
  }
  const auto& r = (*rows)[0];
  auto plan = ParsePlan(r.Text(0));
  if (!plan) return std::unexpected(plan.error());
  return PlanVersion{*plan, r.Int(1), r.Int(2), r.Text(3), r.Text(4)};
}

Result<PlanVersion> AidService::BulkPlan(const auth::Principal* who, std::string_view code) {
  if (who) {
    if (auto r = who->Require(kBulk); !r) return std::unexpected(r.error());
  }
  auto plan = CurrentPlan(code);
  if (!plan) return plan;
  if (who && !CanBulk(*who, *plan)) {
    return Fail(ErrorCode::kForbidden,
                "方案的批量作业（结算数据导入、名单参保）只能由方案所属单位「" + plan->owner_name +
                    "」或其上级办理",
                "the plan's bulk jobs (the settlement feed, enrolment by roster) are run by its "
                "owner, " +
                    plan->owner_name + ", or a level above it");
  }
  return plan;
}

Result<EnrolSummary> AidService::Enrol(const auth::Principal* who, std::string_view plan_code,
                                       int64_t org_id, Date start, std::string_view previous_plan) {
  if (who) {
    if (auto r = who->Require(kWrite); !r) return std::unexpected(r.error());
  }
  auto plan = CurrentPlan(plan_code);
  if (!plan) return std::unexpected(plan.error());
  if (start < plan->plan.start || start > plan->plan.end) {
    return Fail(ErrorCode::kInvalidInput, "参加日期应在方案期间内", "start must be within the plan",
                "start");
  }
  return db_.Transaction<EnrolSummary>([&](store::Conn& c) -> Result<EnrolSummary> {
    static constexpr std::string_view kPath = "SELECT path FROM org WHERE id = ?";
    const Value op[] = {org_id};
    auto org = c.Query(kPath, op);
    if (!org) return std::unexpected(org.error());
    if (org->empty() || (who && !who->Scope().Contains((*org)[0].Text(0)))) {
      return Fail(ErrorCode::kNotFound, "组织不存在：" + std::to_string(org_id),
                  "no such organisation: " + std::to_string(org_id), "org_id");
    }
    // The subtree, and of it only what who's scope holds (a role narrowed to its own union).
    const auto range = who ? auth::SubtreeOf((*org)[0].Text(0)).Within(who->Scope())
                           : auth::SubtreeOf((*org)[0].Text(0));
    const Value ep[] = {std::string(previous_plan), range.low, range.high, std::string(plan_code)};
    auto members = c.Query(kToEnrol, ep);
    if (!members) return std::unexpected(members.error());
    const std::string from = FormatDate(start);
    const std::string waited =
        FormatDate(Date(std::chrono::sys_days(start) + std::chrono::days(plan->plan.waiting_days)));
    const int64_t now = NowUnix();
    EnrolSummary out;
    std::vector<std::vector<Value>> rows;
    static const std::vector<std::string> kEnrolColumns{
        "plan_code",   "member_id",        "org_id",    "start_date",
        "waiting_end", "contribution_fen", "created_at"};
    for (const auto& m : *members) {
      const bool continuing = m.Int(2) != 0;
      rows.push_back({std::string(plan_code), m.Int(0), m.Int(1), from, continuing ? from : waited,
                      plan->plan.contribution_fen, now});
      ++out.enrolled;
      if (continuing) ++out.continuing;
      if (rows.size() == 10'000) {
        if (auto r = c.BulkInsert("aid_enrolment", kEnrolColumns, rows); !r) {
          return std::unexpected(r.error());
        }
        rows.clear();
      }
    }
    if (auto r = c.BulkInsert("aid_enrolment", kEnrolColumns, rows); !r) {
      return std::unexpected(r.error());
    }
    const Value cp[] = {std::string(plan_code), range.low, range.high};
    auto all = c.QueryInt(kEnrolled, cp);
    if (!all) return std::unexpected(all.error());
    out.already = *all - out.enrolled;
    if (auto a =
            auth::AppendAudit(c, who,
                              {"enrol", "aid_plan", std::string(plan_code), (*org)[0].Text(0), "",
                               Fields()
                                   .Add("enrolled", out.enrolled)
                                   .Add("continuing", out.continuing)
                                   .Add("start", from)
                                   .Json(),
                               ""});
        !a) {
      return std::unexpected(a.error());
    }
    return out;
  });
}

namespace {

// What Ingest keeps of each line of the settlement file besides its record: the line number
// and the hospital (interned: a city's feed names a few hundred hospitals, not a million), and
// for the lines that failed clause 1 the settlement id as written (the report names it).
struct FeedLines {
  std::vector<int64_t> line;
  std::vector<uint32_t> hospital;  // index in `hospitals`
  std::vector<std::string> hospitals;
  std::unordered_map<std::string, uint32_t> hospital_index;
  std::vector<std::pair<size_t, std::string>> invalid_ids;  // record, settlement id

  void Add(int64_t number, std::string&& hospital_name) {
    line.push_back(number);
    auto [it, added] = hospital_index.try_emplace(std::move(hospital_name),
                                                  static_cast<uint32_t>(hospitals.size()));
    if (added) hospitals.push_back(it->first);
    hospital.push_back(it->second);
  }
};

// A member's ID number as the registry finds it (the 16-byte blind index), and a record of it.
struct Person {
  member::IdIndex index;
  uint32_t record;
};

// QueryByKeys over `keys`, a slab at a time: the list of keys of a million records is never
// built as Values all at once.
template <class Key, class ToValue>
Result<void> QueryInSlabs(store::Conn& c, std::string_view sql, store::Params fixed,
                          const std::vector<Key>& keys, ToValue to_value,
                          const std::function<void(const store::Row&)>& each) {
  constexpr size_t kSlab = 50'000;
  std::vector<Value> slab;
  for (size_t from = 0; from < keys.size(); from += kSlab) {
    slab.clear();
    for (size_t i = from; i < std::min(keys.size(), from + kSlab); ++i) {
      slab.push_back(to_value(keys[i]));
    }
    if (auto r = c.QueryByKeys(sql, fixed, slab, each); !r) return r;
  }
  return {};
}

// Whether `sql` (a COUNT(*) over at most one row) finds anything.
Result<bool> Any(store::Conn& c, std::string_view sql, store::Params p) {
  auto n = c.QueryInt(sql, p);
  if (!n) return std::unexpected(n.error());
  return *n > 0;
}

}  // namespace

Result<IngestSummary> AidService::Ingest(const auth::Principal* who, std::string_view plan_code,
                                         const std::filesystem::path& file, bool dry_run,
                                         job::Progress& progress, std::vector<ReportLine>* report,
                                         std::string_view file_name) {
  auto current = BulkPlan(who, plan_code);
  if (!current) return std::unexpected(current.error());
  const Plan& plan = current->plan;
  const std::string code(plan_code);
  // Every member is found, and every original of a reversal checked, within this scope.
  const auth::PathRange scope = who ? who->Scope() : auth::PathRange{"/", "0"};
  // Each step's time, at debug level: where a run of a million records spends it.
  auto clock = std::chrono::steady_clock::now();
  auto step = [&clock](std::string_view what) {
    const auto now = std::chrono::steady_clock::now();
    spdlog::debug("aid ingest: {} in {:.2f} s", what,
                  std::chrono::duration<double>(now - clock).count());
    clock = now;
  };

  // 1. Read and check every record (clause 1), keeping what storing needs. The records live
  // in the engine's bulk storage (huge pages): a million of them take ~200 MB.
  auto reader = file::OpenTable(file);
  if (!reader) return std::unexpected(reader.error());
  file::TableRow row;
  auto first = (*reader)->Next(row);
  if (!first) return std::unexpected(first.error());
  if (!*first) return Fail(ErrorCode::kInvalidInput, "文件是空的", "the file is empty", "file");
  int column[std::size(kColumns)];
  for (size_t f = 0; f < std::size(kColumns); ++f) {
    column[f] = -1;
    for (size_t i = 0; i < row.cells.size(); ++i) {
      if (row.cells[i] == kColumns[f]) column[f] = static_cast<int>(i);
    }
    if (column[f] < 0) {
      return Fail(ErrorCode::kInvalidInput,
                  "第 1 行（表头）缺少「" + std::string(kColumns[f]) + "」列",
                  "line 1 (the header) has no column " + std::string(kColumns[f]), kColumns[f]);
    }
  }
  const Date today = Today();
  BulkVector<Result<Record>> records;
  FeedLines lines;
  RawRecord raw;
  std::string* const fields[] = {&raw.settlement_id,
                                 &raw.id_number,
                                 &raw.name,
                                 &raw.hospital,
                                 &raw.admission_date,
                                 &raw.discharge_date,
                                 &raw.visit_type,
                                 &raw.diagnosis_code,
                                 &raw.total,
                                 &raw.fund_paid,
                                 &raw.self_paid_in_scope,
                                 &raw.self_paid_out_of_scope,
                                 &raw.record_type,
                                 &raw.original_settlement_id};
  for (;;) {
    auto more = (*reader)->Next(row);
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    for (size_t f = 0; f < std::size(kColumns); ++f) {
      const auto c = static_cast<size_t>(column[f]);
      if (c < row.cells.size()) {
        fields[f]->swap(row.cells[c]);
      } else {
        fields[f]->clear();
      }
    }
    records.push_back(ParseRecord(raw, today));
    if (!records.back()) lines.invalid_ids.emplace_back(records.size() - 1, raw.settlement_id);
    lines.Add(row.line, std::move(raw.hospital));
    if (records.size() % 100'000 == 0) progress.Advance(100'000);
  }
  progress.Advance(static_cast<int64_t>(records.size() % 100'000));
  step(fmt::format("{} records read", records.size()));

  Adjudicator engine(plan);
  std::vector<int64_t> had_state;  // members with running totals stored before, sorted
  {
    auto lease = db_.Acquire();
    if (!lease) return std::unexpected(lease.error());
    store::Conn& c = **lease;
    const Value plan_key[] = {code};
    // 2. Members by the blind index of their ID number, then their enrolments in the plan: each
    // list of keys sorted, so that the look-ups walk the index in order (two look-ups in order
    // cost less than one join that reads the enrolments in the order of the blind index).
    std::vector<Person> people;
    for (size_t i = 0; i < records.size(); ++i) {
      const auto& r = records[i];
      if (!r || r->reversal) continue;
      people.push_back({member::IdIndexOf(vault_, r->id_number), static_cast<uint32_t>(i)});
    }
    std::sort(people.begin(), people.end(),
              [](const Person& x, const Person& y) { return x.index < y.index; });
    std::vector<member::IdIndex> indexes;  // distinct
    for (const Person& p : people) {
      if (indexes.empty() || indexes.back() != p.index) indexes.push_back(p.index);
    }
    // The member module finds them, within the caller's scope only: anyone else is 0, as no
    // member is, and comes out out_of_scope.
    auto found = member::FindByIdIndex(c, scope, indexes);
    if (!found) return std::unexpected(found.error());
    const std::vector<int64_t>& member_of = *found;
    std::vector<int64_t> ids;  // the members concerned (in scope)
    for (size_t k = 0, p = 0; p < people.size(); ++p) {
      while (indexes[k] != people[p].index) ++k;
      records[people[p].record]->member_id = member_of[k];
    }
    for (int64_t id : member_of) {
      if (id) ids.push_back(id);
    }
    people = {};
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    step(fmt::format("{} people matched to {} members", indexes.size(), ids.size()));
    static constexpr std::string_view kEnrolments =
        "SELECT member_id, start_date, waiting_end FROM aid_enrolment WHERE plan_code = ? AND "
        "member_id IN";
    if (auto r = QueryInSlabs(
            c, kEnrolments, plan_key, ids, [](int64_t id) { return Value(id); },
            [&](const store::Row& e) {
              engine.Enrol(e.Int(0),
                           {DayNumber(*ParseDate(e.Text(1))), DayNumber(*ParseDate(e.Text(2)))});
            });
        !r) {
      return std::unexpected(r.error());
    }
    step("their enrolments read");

    // 3. Every settlement of this file seen before (duplicates, and the originals of
    // reversals); none when the plan has no claims yet, as on its first run.
    static constexpr std::string_view kAnyClaim =
        "SELECT COUNT(*) FROM (SELECT 1 FROM aid_claim WHERE plan_code = ? LIMIT 1) AS x";
    auto any_claim = Any(c, kAnyClaim, plan_key);
    if (!any_claim) return std::unexpected(any_claim.error());
    if (*any_claim) {
      std::vector<std::string_view> settlements;
      for (const auto& r : records) {
        if (!r) continue;
        settlements.push_back(r->settlement_id);
        if (r->reversal) settlements.push_back(r->original_id);
      }
      std::sort(settlements.begin(), settlements.end());
      settlements.erase(std::unique(settlements.begin(), settlements.end()), settlements.end());
      static constexpr std::string_view kSeen =
          "SELECT settlement_id, outcome, member_id, visit, eligible_fen, benefit_fen, lump_fen, "
          "reversed FROM aid_claim WHERE plan_code = ? AND settlement_id IN";
      std::vector<int64_t> seen_members;
      if (auto r = QueryInSlabs(
              c, kSeen, plan_key, settlements,
              [](std::string_view id) { return Value(std::string(id)); },
              [&](const store::Row& d) {
                if (!d.IsNull(2)) seen_members.push_back(d.Int(2));
                engine.Remember(d.Text(0), {OutcomeOf(d.Text(1)), d.IsNull(2) ? 0 : d.Int(2),
                                            static_cast<uint8_t>(d.Int(3)), d.Int(4), d.Int(5),
                                            d.Int(6), d.Int(7) != 0});
              });
          !r) {
        return std::unexpected(r.error());
      }
      step(fmt::format("{} settlement ids looked up", settlements.size()));
      // Settlements of members outside the caller's scope (stored by a run of a wider scope)
      // stay duplicates, but are hidden from reversals: none of this file may touch them.
      std::sort(seen_members.begin(), seen_members.end());
      seen_members.erase(std::unique(seen_members.begin(), seen_members.end()), seen_members.end());
      auto outside = member::OutsideScope(c, scope, seen_members);
      if (!outside) return std::unexpected(outside.error());
      for (int64_t m : seen_members) {
        if (!std::binary_search(outside->begin(), outside->end(), m)) ids.push_back(m);
      }
      if (!outside->empty()) {
        static constexpr std::string_view kOfMembers =
            "SELECT settlement_id FROM aid_claim WHERE plan_code = ? AND member_id IN";
        if (auto r = QueryInSlabs(
                c, kOfMembers, plan_key, *outside, [](int64_t id) { return Value(id); },
                [&](const store::Row& d) {
                  const Decision* known = engine.DecisionOf(d.Text(0));
                  if (!known) return;  // not named by this file
                  Decision hidden = *known;
                  hidden.hidden = true;
                  engine.Remember(d.Text(0), hidden);
                });
            !r) {
          return std::unexpected(r.error());
        }
        step(fmt::format("settlements of {} members outside the scope hidden", outside->size()));
      }
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());

    // 4. The running totals of the members concerned; none on the plan's first run.
    static constexpr std::string_view kAnyState =
        "SELECT COUNT(*) FROM (SELECT 1 FROM aid_member_state WHERE plan_code = ? LIMIT 1) AS x";
    auto any_state = Any(c, kAnyState, plan_key);
    if (!any_state) return std::unexpected(any_state.error());
    if (*any_state) {
      static constexpr std::string_view kStates =
          "SELECT member_id, cumulative_0, cumulative_1, cumulative_2, paid_0, paid_1, paid_2, "
          "overall, lump_sum FROM aid_member_state WHERE plan_code = ? AND member_id IN";
      if (auto r = QueryInSlabs(
              c, kStates, plan_key, ids, [](int64_t id) { return Value(id); },
              [&](const store::Row& s) {
                MemberState st;
                for (size_t v = 0; v < kVisitTypeCount; ++v) {
                  st.cumulative[v] = s.Int(1 + v);
                  st.paid[v] = s.Int(4 + v);
                }
                st.overall = s.Int(7);
                st.lump_sum = s.Int(8) != 0;
                engine.Restore(s.Int(0), st);
                had_state.push_back(s.Int(0));
              });
          !r) {
        return std::unexpected(r.error());
      }
      std::sort(had_state.begin(), had_state.end());
      step(fmt::format("running totals of {} members read", had_state.size()));
    }
  }

  // 5. The rules.
  const Rulings rulings = engine.Adjudicate(records);
  step("adjudicated");
  IngestSummary out;
  out.records = static_cast<int64_t>(records.size());
  auto invalid_id = lines.invalid_ids.begin();
  for (size_t i = 0; i < rulings.size(); ++i) {
    const Ruling& v = rulings[i];
    ++out.by_outcome[static_cast<int>(v.outcome)];
    if (v.outcome == Outcome::kPaid) out.paid_fen += v.amount_fen;
    if (v.outcome == Outcome::kReversal) out.reversed_fen -= v.amount_fen;
    if (report) {
      const bool refused = v.outcome != Outcome::kPaid && v.outcome != Outcome::kZero &&
                           v.outcome != Outcome::kReversal;
      std::string id;
      if (records[i]) {
        id = records[i]->settlement_id;
      } else if (invalid_id != lines.invalid_ids.end() && invalid_id->first == i) {
        id = (invalid_id++)->second;
      }
      report->push_back({lines.line[i], std::move(id), v.outcome, v.amount_fen,
                         refused ? engine.VerdictOf(records[i], v).reason_zh : ""});
    }
  }
  // The audit of the job: who (the entry's actor), the plan (its owner's path scopes who reads
  // it), the file and the counts — never a record.
  const auto audit = [&](store::Conn& c) {
    Fields f;
    f.Add("file", file_name.empty() ? file.filename().string() : std::string(file_name))
        .Add("dry_run", static_cast<int64_t>(dry_run))
        .Add("records", out.records);
    for (int o = 0; o <= static_cast<int>(Outcome::kReversal); ++o) {
      f.Add(OutcomeName(static_cast<Outcome>(o)), out.by_outcome[o]);
    }
    f.Add("paid_fen", out.paid_fen)
        .Add("reversed_fen", out.reversed_fen)
        .Add("payout_items", out.payout_items)
        .Add("withdrawn", out.withdrawn);
    return auth::AppendAudit(
        c, who,
        {"ingest", "aid_plan", code, current->owner_path.empty() ? "/" : current->owner_path, "",
         f.Json(), ""});
  };
  if (dry_run) {
    auto audited = db_.TransactionVoid(audit);
    if (!audited) return std::unexpected(audited.error());
    return out;
  }

  // 6. Claims, payout items, reversals and running totals, in one transaction, each written
  // in batches: claims first, then the items of paid ones, then what reversals take back (an
  // original may be in this very file), then the totals.
  // The connection's usual page cache: with the bulk one (ForBulkWork) a million claims ran
  // slower (a larger cache to fill, the whole transaction left to write at commit) and took
  // 0.4 GB more.
  auto stored = db_.TransactionVoid([&](store::Conn& c) -> Result<void> {
    constexpr size_t kBatch = 10'000;
    const int64_t now = NowUnix();
    static const std::vector<std::string> kClaimColumns{
        "plan_code",      "settlement_id", "member_id", "outcome",     "visit",
        "eligible_fen",   "benefit_fen",   "lump_fen",  "original_id", "discharge_date",
        "diagnosis_code", "hospital",      "created_at"};
    std::vector<std::vector<Value>> claims;
    std::vector<size_t> paid, reversals;
    std::vector<int64_t> touched;
    int64_t stored_claims = 0;
    for (size_t i = 0; i < rulings.size(); ++i) {
      const Ruling& v = rulings[i];
      // Not stored: a line failing clause 1, a duplicate, and a line of no member in the caller's
      // scope (nothing of it is kept; sent again it is out_of_scope again, for a non-member and
      // a member elsewhere alike).
      if (v.outcome == Outcome::kInvalid || v.outcome == Outcome::kDuplicate ||
          v.outcome == Outcome::kOutOfScope) {
        continue;
      }
      const Record& r = *records[i];
      int64_t member = r.member_id;
      if (v.outcome == Outcome::kReversal) {
        reversals.push_back(i);
        if (const Decision* d = engine.DecisionOf(r.settlement_id)) member = d->member_id;
      }
      if (v.outcome == Outcome::kPaid) paid.push_back(i);
      const bool decided = v.outcome == Outcome::kPaid || v.outcome == Outcome::kZero;
      claims.push_back({code, r.settlement_id, member ? Value(member) : Value(),
                        std::string(OutcomeName(v.outcome)), int64_t{r.visit},
                        decided ? r.eligible_fen : int64_t{0}, v.BenefitFen(), v.lump_fen,
                        r.original_id, FormatDate(DateOfDay(r.discharge)), r.diagnosis,
                        lines.hospitals[lines.hospital[i]], now});
      if (member) touched.push_back(member);
      ++stored_claims;
      if (claims.size() == kBatch) {
        if (auto b = c.BulkInsert("aid_claim", kClaimColumns, claims); !b) return b;
        claims.clear();
      }
    }
    if (auto b = c.BulkInsert("aid_claim", kClaimColumns, claims); !b) return b;
    step(fmt::format("{} claims stored", stored_claims));

    // The items by member: the payout module reads each member's union once, and the
    // registry's pages in order.
    std::stable_sort(paid.begin(), paid.end(), [&](size_t x, size_t y) {
      return records[x]->member_id < records[y]->member_id;
    });
    std::vector<payout::ItemRequest> requests;
    for (size_t k = 0; k < paid.size(); ++k) {
      const Record& r = *records[paid[k]];
      requests.push_back(
          {std::string(kSourceModule), code + ":" + r.settlement_id, r.member_id,
           rulings[paid[k]].amount_fen,
           plan.name + " 医疗互助金（出院 " + FormatDate(DateOfDay(r.discharge)) + "）",
           "mutual_aid"});
      // Large batches: the payout module posts the balances once per batch and organisation.
      if (requests.size() < 10 * kBatch && k + 1 < paid.size()) continue;
      auto sent = payouts_.RequestManyOn(c, requests);
      if (!sent) {
        Error e = sent.error();
        if (e.row > 0) {  // the request at fault: its line
          const size_t at = paid[k + 1 - requests.size() + static_cast<size_t>(e.row - 1)];
          e.detail_zh = "第 " + std::to_string(lines.line[at]) + " 行：" + e.detail_zh;
          e.detail_en = "line " + std::to_string(lines.line[at]) + ": " + e.detail_en;
          e.row = lines.line[at];
        }
        return std::unexpected(e);
      }
      out.payout_items += static_cast<int64_t>(requests.size());
      requests.clear();
    }
    step(fmt::format("{} payout items requested", out.payout_items));

    for (size_t i : reversals) {
      const Record& r = *records[i];
      static constexpr std::string_view kReversed =
          "UPDATE aid_claim SET reversed = 1 WHERE plan_code = ? AND settlement_id = ?";
      const Value rp[] = {code, r.original_id};
      if (auto u = c.Exec(kReversed, rp); !u) return std::unexpected(u.error());
      // What was sent to the card comes back: cancelled if still pending, else a recovery.
      if (rulings[i].amount_fen < 0) {
        auto taken = payouts_.WithdrawOn(c, kSourceModule, code + ":" + r.original_id);
        if (!taken) {
          Error e = taken.error();
          e.detail_zh = "第 " + std::to_string(lines.line[i]) + " 行（冲正 " + r.original_id +
                        "）：" + e.detail_zh;
          e.detail_en = "line " + std::to_string(lines.line[i]) + " (reversal of " + r.original_id +
                        "): " + e.detail_en;
          e.row = lines.line[i];
          return std::unexpected(e);
        }
        ++out.withdrawn;
      }
    }

    // Running totals: new rows in bulk, stored ones updated.
    static const std::vector<std::string> kStateColumns{
        "plan_code", "member_id", "cumulative_0", "cumulative_1", "cumulative_2",
        "paid_0",    "paid_1",    "paid_2",       "overall",      "lump_sum"};
    static constexpr std::string_view kUpdateState =
        "UPDATE aid_member_state SET cumulative_0 = ?, cumulative_1 = ?, cumulative_2 = ?, "
        "paid_0 = ?, paid_1 = ?, paid_2 = ?, overall = ?, lump_sum = ? "
        "WHERE plan_code = ? AND member_id = ?";
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    std::vector<std::vector<Value>> states;
    for (size_t k = 0; k < touched.size(); ++k) {
      const int64_t m = touched[k];
      if (const MemberState* s = engine.StateOf(m)) {
        const int64_t lump = s->lump_sum ? 1 : 0;
        if (std::binary_search(had_state.begin(), had_state.end(), m)) {
          const Value sp[] = {s->cumulative[0],
                              s->cumulative[1],
                              s->cumulative[2],
                              s->paid[0],
                              s->paid[1],
                              s->paid[2],
                              s->overall,
                              lump,
                              code,
                              m};
          if (auto r = c.Exec(kUpdateState, sp); !r) return std::unexpected(r.error());
        } else {
          states.push_back({code, m, s->cumulative[0], s->cumulative[1], s->cumulative[2],
                            s->paid[0], s->paid[1], s->paid[2], s->overall, lump});
        }
      }
      if (states.size() == kBatch || k + 1 == touched.size()) {
        if (auto b = c.BulkInsert("aid_member_state", kStateColumns, states); !b) return b;
        states.clear();
      }
    }
    step(fmt::format("running totals of {} members stored", touched.size()));
    return audit(c);
  });
  if (!stored) return std::unexpected(stored.error());
  step("committed");
  return out;
}

}  // namespace nj::mutual_aid
