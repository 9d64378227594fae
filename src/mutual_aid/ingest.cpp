// The settlement feed (AidService::Ingest), in named steps: read the file → match its people
// to members in scope → load what earlier runs left (enrolments, settlements seen, running
// totals) → adjudicate → one transaction of claims, payout items, reversals, totals and audit.
#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <unordered_map>

#include "auth/audit.h"
#include "core/date.h"
#include "core/fields.h"
#include "file/columns.h"
#include "file/table.h"
#include "member/member.h"
#include "mutual_aid/aid.h"

namespace nj::mutual_aid {

namespace {

using store::Value;

// FeedSpec's columns, in the order of RawRecord's fields below.
constexpr size_t kColumnCount = 14;
constexpr size_t kVisitColumn = 6, kRecordTypeColumn = 12;
// Rows a bulk insert writes at a time.
constexpr size_t kBatch = 10'000;

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

// The file read: each line's record (or the clause-1 error it failed), and its line. The
// records live in the engine's bulk storage (huge pages): a million of them take ~200 MB.
struct Feed {
  BulkVector<Result<Record>> records;
  FeedLines lines;
};

// A member's ID number as the registry finds it (the 16-byte blind index), and a record of it.
struct Person {
  member::IdIndex index;
  uint32_t record;
};

void SortUnique(std::vector<int64_t>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

// Each step's time, at debug level: where a run of a million records spends it.
class Stopwatch {
 public:
  void Step(std::string_view what) {
    const auto now = std::chrono::steady_clock::now();
    spdlog::debug("aid ingest: {} in {:.3f} s", what,
                  std::chrono::duration<double>(now - last_).count());
    last_ = now;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// 1. Reads and checks every record of `file` (clause 1) into `feed`, keeping what storing needs.
Result<void> ReadFeed(const std::filesystem::path& file, job::Progress& progress, Feed& feed) {
  auto reader = file::OpenTable(file);
  if (!reader) return std::unexpected(reader.error());
  file::TableRow row;
  auto first = (*reader)->Next(row);
  if (!first) return std::unexpected(first.error());
  if (!*first) return Fail(ErrorCode::kInvalidInput, "文件是空的", "the file is empty", "file");
  const file::ImportSpec& spec = FeedSpec();
  auto column = file::MapHeader(spec, row);
  if (!column) return std::unexpected(column.error());
  const Date today = Today();
  RawRecord raw;
  std::string* const fields[kColumnCount] = {&raw.settlement_id,
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
  auto& records = feed.records;
  for (;;) {
    auto more = (*reader)->Next(row);
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    for (size_t f = 0; f < kColumnCount; ++f) {
      const int c = (*column)[f];
      if (c >= 0 && static_cast<size_t>(c) < row.cells.size()) {
        fields[f]->swap(row.cells[c]);
      } else {
        fields[f]->clear();
      }
    }
    // 「住院」, 「冲正」: a label as its code (ParseRecord refuses anything else, naming it).
    raw.visit_type = file::CodeOf(spec.columns[kVisitColumn], raw.visit_type);
    raw.record_type = file::CodeOf(spec.columns[kRecordTypeColumn], raw.record_type);
    records.push_back(ParseRecord(raw, today));
    if (!records.back()) feed.lines.invalid_ids.emplace_back(records.size() - 1, raw.settlement_id);
    feed.lines.Add(row.line, std::move(raw.hospital));
    if (records.size() % 100'000 == 0) progress.Advance(100'000);
  }
  progress.Advance(static_cast<int64_t>(records.size() % 100'000));
  return {};
}

// `e` told of line `line` of the file: "第 n 行…" / "line n…" before its detail.
Error AtLine(Error e, int64_t line, std::string_view zh_note = {}, std::string_view en_note = {}) {
  e.detail_zh = "第 " + std::to_string(line) + " 行" + std::string(zh_note) + "：" + e.detail_zh;
  e.detail_en = "line " + std::to_string(line) + std::string(en_note) + ": " + e.detail_en;
  e.row = line;
  return e;
}

// One run of the feed after the file is read: what it loads, the rulings, and what it writes.
// Load and Adjudicate start afresh each time (a transaction tried again runs them again).
class Ingestion {
 public:
  Ingestion(const Vault& vault, payout::PayoutService& payouts, const auth::Principal& who,
            const PlanVersion& plan, Feed& feed, Stopwatch& clock)
      : vault_(vault),
        payouts_(payouts),
        who_(who),
        plan_(plan),
        code_(plan.plan.code),
        scope_(who.Scope()),
        feed_(feed),
        records_(feed.records),
        clock_(clock) {}

  // 2–5: reads what earlier runs left on `c` and adjudicates the file; counts the outcomes.
  Result<void> Adjudicate(store::Conn& c);
  // 6: the claims, payout items, reversals and running totals (one transaction: `c`'s).
  Result<void> Store(store::Conn& c);
  // The audit of the job: who (the entry's actor), the plan (its owner's path scopes who reads
  // it), the file and the counts — never a record.
  Result<void> Audit(store::Conn& c, std::string_view file_name, bool dry_run) const;
  // One report line per record, in file order (after Adjudicate).
  void Report(std::vector<ReportLine>& report) const;
  const IngestSummary& Summary() const { return out_; }

 private:
  Result<bool> PlanHas(store::Conn& c, std::string_view sql) const;
  Result<std::vector<int64_t>> MatchInScope(store::Conn& c);
  Result<void> LoadEnrolments(store::Conn& c, const std::vector<int64_t>& ids);
  Result<void> LoadSeen(store::Conn& c, std::vector<int64_t>& ids);
  Result<void> HideOutside(store::Conn& c, const std::vector<int64_t>& outside);
  Result<void> LoadTotals(store::Conn& c, const std::vector<int64_t>& ids);
  void Count();
  Result<void> StoreClaims(store::Conn& c, std::vector<size_t>& paid,
                           std::vector<size_t>& reversals, std::vector<int64_t>& touched);
  Result<void> Pay(store::Conn& c, std::vector<size_t>& paid);
  Result<void> Reverse(store::Conn& c, const std::vector<size_t>& reversals);
  Result<void> SaveTotals(store::Conn& c, std::vector<int64_t>& touched);

  const Vault& vault_;
  payout::PayoutService& payouts_;
  const auth::Principal& who_;
  const PlanVersion& plan_;
  const std::string code_;
  // Every member is found, and every original of a reversal checked, within this scope.
  const auth::PathRange scope_;
  Feed& feed_;
  BulkVector<Result<Record>>& records_;
  Stopwatch& clock_;

  std::optional<Adjudicator> engine_;
  std::vector<int64_t> had_state_;  // members with running totals stored before, sorted
  Rulings rulings_;
  IngestSummary out_;
};

// Whether `sql` (a COUNT(*) over at most one row of the plan's) finds anything.
Result<bool> Ingestion::PlanHas(store::Conn& c, std::string_view sql) const {
  const Value plan_key[] = {code_};
  auto n = c.QueryInt(sql, plan_key);
  if (!n) return std::unexpected(n.error());
  return *n > 0;
}

Result<void> Ingestion::Adjudicate(store::Conn& c) {
  engine_.reset();
  engine_.emplace(plan_.plan);
  had_state_.clear();
  auto ids = MatchInScope(c);
  if (!ids) return std::unexpected(ids.error());
  if (auto r = LoadEnrolments(c, *ids); !r) return r;
  if (auto r = LoadSeen(c, *ids); !r) return r;
  if (auto r = LoadTotals(c, *ids); !r) return r;
  rulings_ = engine_->Adjudicate(records_);
  clock_.Step("adjudicated");
  Count();
  return {};
}

// 2. Members by the blind index of their ID number, found by the member module within the
// caller's scope only: anyone else is 0, as no member is, and comes out out_of_scope. The keys
// are sorted, so that the look-ups walk the index in order (two look-ups in order, here and in
// LoadEnrolments, cost less than one join that reads the enrolments in the order of the blind
// index). Answers the members concerned, sorted.
Result<std::vector<int64_t>> Ingestion::MatchInScope(store::Conn& c) {
  std::vector<Person> people;
  for (size_t i = 0; i < records_.size(); ++i) {
    const auto& r = records_[i];
    if (!r || r->reversal) continue;
    people.push_back({member::IdIndexOf(vault_, r->id_number), static_cast<uint32_t>(i)});
  }
  std::sort(people.begin(), people.end(),
            [](const Person& x, const Person& y) { return x.index < y.index; });
  std::vector<member::IdIndex> indexes;  // distinct
  for (const Person& p : people) {
    if (indexes.empty() || indexes.back() != p.index) indexes.push_back(p.index);
  }
  auto found = member::FindByIdIndex(c, scope_, indexes);
  if (!found) return std::unexpected(found.error());
  const std::vector<int64_t>& member_of = *found;
  for (size_t k = 0, p = 0; p < people.size(); ++p) {
    while (indexes[k] != people[p].index) ++k;
    records_[people[p].record]->member_id = member_of[k];
  }
  std::vector<int64_t> ids;
  for (int64_t id : member_of) {
    if (id) ids.push_back(id);
  }
  SortUnique(ids);
  clock_.Step(fmt::format("{} people matched to {} members", indexes.size(), ids.size()));
  return ids;
}

Result<void> Ingestion::LoadEnrolments(store::Conn& c, const std::vector<int64_t>& ids) {
  static constexpr std::string_view kEnrolments =
      "SELECT member_id, start_date, waiting_end FROM aid_enrolment WHERE plan_code = ? AND "
      "member_id IN";
  const Value plan_key[] = {code_};
  auto r = store::QueryInSlabs(
      c, kEnrolments, plan_key, ids, [](int64_t id) { return Value(id); },
      [&](const store::Row& e) {
        engine_->Enrol(e.Int(0),
                       {DayNumber(*ParseDate(e.Text(1))), DayNumber(*ParseDate(e.Text(2)))});
      });
  clock_.Step("their enrolments read");
  return r;
}

// 3. Every settlement of this file seen before (duplicates, and the originals of reversals);
// none when the plan has no claims yet, as on its first run. The members of those seen in
// scope join `ids` (a reversal changes their totals).
Result<void> Ingestion::LoadSeen(store::Conn& c, std::vector<int64_t>& ids) {
  static constexpr std::string_view kAnyClaim =
      "SELECT COUNT(*) FROM (SELECT 1 FROM aid_claim WHERE plan_code = ? LIMIT 1) AS x";
  static constexpr std::string_view kSeen =
      "SELECT settlement_id, outcome, member_id, visit, eligible_fen, benefit_fen, lump_fen, "
      "reversed FROM aid_claim WHERE plan_code = ? AND settlement_id IN";
  const Value plan_key[] = {code_};
  auto any_claim = PlanHas(c, kAnyClaim);
  if (!any_claim) return std::unexpected(any_claim.error());
  if (!*any_claim) return {};
  std::vector<std::string_view> settlements;
  for (const auto& r : records_) {
    if (!r) continue;
    settlements.push_back(r->settlement_id);
    if (r->reversal) settlements.push_back(r->original_id);
  }
  std::sort(settlements.begin(), settlements.end());
  settlements.erase(std::unique(settlements.begin(), settlements.end()), settlements.end());
  std::vector<int64_t> seen_members;
  if (auto r = store::QueryInSlabs(
          c, kSeen, plan_key, settlements,
          [](std::string_view id) { return Value(std::string(id)); },
          [&](const store::Row& d) {
            if (!d.IsNull(2)) seen_members.push_back(d.Int(2));
            engine_->Remember(d.Text(0), {.outcome = OutcomeNamed(d.Text(1)),
                                          .visit = static_cast<uint8_t>(d.Int(3)),
                                          .reversed = d.Int(7) != 0,
                                          .member_id = d.IsNull(2) ? 0 : d.Int(2),
                                          .eligible_fen = d.Int(4),
                                          .benefit_fen = d.Int(5),
                                          .lump_fen = d.Int(6)});
          });
      !r) {
    return r;
  }
  clock_.Step(fmt::format("{} settlement ids looked up", settlements.size()));
  SortUnique(seen_members);
  auto outside = member::OutsideScope(c, scope_, seen_members);
  if (!outside) return std::unexpected(outside.error());
  for (int64_t m : seen_members) {
    if (!std::binary_search(outside->begin(), outside->end(), m)) ids.push_back(m);
  }
  SortUnique(ids);
  return HideOutside(c, *outside);
}

// Settlements of members outside the caller's scope (stored by a run of a wider scope) stay
// duplicates, but are hidden from reversals: none of this file may touch them.
Result<void> Ingestion::HideOutside(store::Conn& c, const std::vector<int64_t>& outside) {
  if (outside.empty()) return {};
  static constexpr std::string_view kOfMembers =
      "SELECT settlement_id FROM aid_claim WHERE plan_code = ? AND member_id IN";
  const Value plan_key[] = {code_};
  auto r = store::QueryInSlabs(
      c, kOfMembers, plan_key, outside, [](int64_t id) { return Value(id); },
      [&](const store::Row& d) {
        const Decision* known = engine_->DecisionOf(d.Text(0));
        if (!known) return;  // not named by this file
        Decision hidden = *known;
        hidden.hidden = true;
        engine_->Remember(d.Text(0), hidden);
      });
  clock_.Step(fmt::format("settlements of {} members outside the scope hidden", outside.size()));
  return r;
}

// 4. The running totals of the members concerned (the caps used so far); none on the plan's
// first run. Read in the transaction that writes them back (Store), never before it: a claim
// by hand approved in between would be overwritten and its member paid past a cap.
Result<void> Ingestion::LoadTotals(store::Conn& c, const std::vector<int64_t>& ids) {
  static constexpr std::string_view kAnyState =
      "SELECT COUNT(*) FROM (SELECT 1 FROM aid_member_state WHERE plan_code = ? LIMIT 1) AS x";
  static constexpr std::string_view kStates =
      "SELECT member_id, cumulative_0, cumulative_1, cumulative_2, paid_0, paid_1, paid_2, "
      "overall, lump_sum FROM aid_member_state WHERE plan_code = ? AND member_id IN";
  const Value plan_key[] = {code_};
  auto any_state = PlanHas(c, kAnyState);
  if (!any_state) return std::unexpected(any_state.error());
  if (!*any_state) return {};
  if (auto r = store::QueryInSlabs(
          c, kStates, plan_key, ids, [](int64_t id) { return Value(id); },
          [&](const store::Row& s) {
            MemberState st;
            for (size_t v = 0; v < kVisitTypeCount; ++v) {
              st.cumulative[v] = s.Int(1 + v);
              st.paid[v] = s.Int(4 + v);
            }
            st.overall = s.Int(7);
            st.lump_sum = s.Int(8) != 0;
            engine_->Restore(s.Int(0), st);
            had_state_.push_back(s.Int(0));
          });
      !r) {
    return r;
  }
  std::sort(had_state_.begin(), had_state_.end());
  clock_.Step(fmt::format("running totals of {} members read", had_state_.size()));
  return {};
}

void Ingestion::Count() {
  out_ = {};
  out_.records = static_cast<int64_t>(records_.size());
  for (const Ruling& v : rulings_) {
    ++out_.by_outcome[static_cast<int>(v.outcome)];
    if (v.outcome == Outcome::kPaid) out_.paid_fen += v.amount_fen;
    if (v.outcome == Outcome::kReversal) out_.reversed_fen -= v.amount_fen;
  }
}

void Ingestion::Report(std::vector<ReportLine>& report) const {
  auto invalid_id = feed_.lines.invalid_ids.begin();
  for (size_t i = 0; i < rulings_.size(); ++i) {
    const Ruling& v = rulings_[i];
    const bool refused = v.outcome != Outcome::kPaid && v.outcome != Outcome::kZero &&
                         v.outcome != Outcome::kReversal;
    std::string id;
    if (records_[i]) {
      id = records_[i]->settlement_id;
    } else if (invalid_id != feed_.lines.invalid_ids.end() && invalid_id->first == i) {
      id = (invalid_id++)->second;
    }
    ReportLine line{feed_.lines.line[i], std::move(id), v.outcome, v.amount_fen};
    if (refused) {
      if (!records_[i]) {
        // The column at fault by its Chinese header, as the template names it.
        for (const auto& c : FeedSpec().columns) {
          if (c.key == records_[i].error().field) line.field = c.zh;
        }
      }
      auto verdict = engine_->VerdictOf(records_[i], v);
      line.reason_zh = std::move(verdict.reason_zh);
      line.reason_en = std::move(verdict.reason_en);
    }
    report.push_back(std::move(line));
  }
}

Result<void> Ingestion::Audit(store::Conn& c, std::string_view file_name, bool dry_run) const {
  Fields f;
  f.Add("file", std::string(file_name))
      .Add("dry_run", static_cast<int64_t>(dry_run))
      .Add("records", out_.records);
  for (int o = 0; o <= static_cast<int>(Outcome::kReversal); ++o) {
    f.Add(OutcomeName(static_cast<Outcome>(o)), out_.by_outcome[o]);
  }
  f.Add("paid_fen", out_.paid_fen)
      .Add("reversed_fen", out_.reversed_fen)
      .Add("payout_items", out_.payout_items)
      .Add("withdrawn", out_.withdrawn);
  // BulkPlan let no plan without an owner through: its path is a real one.
  return auth::AppendAudit(c, who_,
                           {"ingest", "aid_plan", code_, plan_.owner_path, "", f.Json(), ""});
}

// 6. Claims first, then the items of paid ones, then what reversals take back (an original
// may be in this very file), then the totals; each written in batches.
Result<void> Ingestion::Store(store::Conn& c) {
  std::vector<size_t> paid, reversals;
  std::vector<int64_t> touched;
  if (auto r = StoreClaims(c, paid, reversals, touched); !r) return r;
  if (auto r = Pay(c, paid); !r) return r;
  if (auto r = Reverse(c, reversals); !r) return r;
  return SaveTotals(c, touched);
}

// Not stored: a line failing clause 1, a duplicate, and a line of no member in the caller's
// scope (nothing of it is kept; sent again it is out_of_scope again, for a non-member and a
// member elsewhere alike). Collects the paid lines, the reversals and the members touched.
Result<void> Ingestion::StoreClaims(store::Conn& c, std::vector<size_t>& paid,
                                    std::vector<size_t>& reversals, std::vector<int64_t>& touched) {
  static const std::vector<std::string> kClaimColumns{
      "plan_code",      "settlement_id", "member_id", "outcome",     "visit",
      "eligible_fen",   "benefit_fen",   "lump_fen",  "original_id", "discharge_date",
      "diagnosis_code", "hospital",      "created_at"};
  const int64_t now = NowUnix();
  std::vector<std::vector<Value>> claims;
  int64_t stored = 0;
  for (size_t i = 0; i < rulings_.size(); ++i) {
    const Ruling& v = rulings_[i];
    if (v.outcome == Outcome::kInvalid || v.outcome == Outcome::kDuplicate ||
        v.outcome == Outcome::kOutOfScope) {
      continue;
    }
    const Record& r = *records_[i];
    int64_t member = r.member_id;
    if (v.outcome == Outcome::kReversal) {
      reversals.push_back(i);
      if (const Decision* d = engine_->DecisionOf(r.settlement_id)) member = d->member_id;
    }
    if (v.outcome == Outcome::kPaid) paid.push_back(i);
    const bool decided = v.outcome == Outcome::kPaid || v.outcome == Outcome::kZero;
    claims.push_back({code_, r.settlement_id, member ? Value(member) : Value(),
                      std::string(OutcomeName(v.outcome)), int64_t{r.visit},
                      decided ? r.eligible_fen : int64_t{0}, v.BenefitFen(), v.lump_fen,
                      r.original_id, FormatDate(DateOfDay(r.discharge)), r.diagnosis,
                      feed_.lines.hospitals[feed_.lines.hospital[i]], now});
    if (member) touched.push_back(member);
    ++stored;
    if (claims.size() == kBatch) {
      if (auto b = c.BulkInsert("aid_claim", kClaimColumns, claims); !b) return b;
      claims.clear();
    }
  }
  if (auto b = c.BulkInsert("aid_claim", kClaimColumns, claims); !b) return b;
  clock_.Step(fmt::format("{} claims stored", stored));
  return {};
}

// The items by member: the payout module reads each member's union once, and the registry's
// pages in order. Large batches: it posts the balances once per batch and organisation.
Result<void> Ingestion::Pay(store::Conn& c, std::vector<size_t>& paid) {
  std::stable_sort(paid.begin(), paid.end(), [&](size_t x, size_t y) {
    return records_[x]->member_id < records_[y]->member_id;
  });
  std::vector<payout::ItemRequest> requests;
  for (size_t k = 0; k < paid.size(); ++k) {
    const Record& r = *records_[paid[k]];
    requests.push_back(
        {std::string(kSourceModule), code_ + ":" + r.settlement_id, r.member_id,
         rulings_[paid[k]].amount_fen,
         plan_.plan.name + " 医疗互助金（出院 " + FormatDate(DateOfDay(r.discharge)) + "）",
         "mutual_aid"});
    if (requests.size() < 10 * kBatch && k + 1 < paid.size()) continue;
    auto sent = payouts_.RequestManyOn(c, who_, requests);
    if (!sent) {
      const Error& e = sent.error();
      if (e.row <= 0) return std::unexpected(e);
      // The request at fault: its line.
      const size_t at = paid[k + 1 - requests.size() + static_cast<size_t>(e.row - 1)];
      return std::unexpected(AtLine(e, feed_.lines.line[at]));
    }
    out_.payout_items += static_cast<int64_t>(requests.size());
    requests.clear();
  }
  clock_.Step(fmt::format("{} payout items requested", out_.payout_items));
  return {};
}

// What was sent to the card comes back: cancelled if still pending, else a recovery.
Result<void> Ingestion::Reverse(store::Conn& c, const std::vector<size_t>& reversals) {
  static constexpr std::string_view kReversed =
      "UPDATE aid_claim SET reversed = 1 WHERE plan_code = ? AND settlement_id = ?";
  for (size_t i : reversals) {
    const Record& r = *records_[i];
    const Value rp[] = {code_, r.original_id};
    if (auto u = c.Exec(kReversed, rp); !u) return std::unexpected(u.error());
    if (rulings_[i].amount_fen >= 0) continue;
    auto taken = payouts_.WithdrawOn(c, kSourceModule, code_ + ":" + r.original_id);
    if (!taken) {
      return std::unexpected(AtLine(taken.error(), feed_.lines.line[i],
                                    "（冲正 " + r.original_id + "）",
                                    " (reversal of " + r.original_id + ")"));
    }
    ++out_.withdrawn;
  }
  return {};
}

// Running totals: new rows in bulk, stored ones updated.
Result<void> Ingestion::SaveTotals(store::Conn& c, std::vector<int64_t>& touched) {
  static const std::vector<std::string> kStateColumns{
      "plan_code", "member_id", "cumulative_0", "cumulative_1", "cumulative_2",
      "paid_0",    "paid_1",    "paid_2",       "overall",      "lump_sum"};
  static constexpr std::string_view kUpdateState =
      "UPDATE aid_member_state SET cumulative_0 = ?, cumulative_1 = ?, cumulative_2 = ?, "
      "paid_0 = ?, paid_1 = ?, paid_2 = ?, overall = ?, lump_sum = ? "
      "WHERE plan_code = ? AND member_id = ?";
  SortUnique(touched);
  std::vector<std::vector<Value>> states;
  for (size_t k = 0; k < touched.size(); ++k) {
    const int64_t m = touched[k];
    if (const MemberState* s = engine_->StateOf(m)) {
      const int64_t lump = s->lump_sum ? 1 : 0;
      if (std::binary_search(had_state_.begin(), had_state_.end(), m)) {
        const Value sp[] = {s->cumulative[0],
                            s->cumulative[1],
                            s->cumulative[2],
                            s->paid[0],
                            s->paid[1],
                            s->paid[2],
                            s->overall,
                            lump,
                            code_,
                            m};
        if (auto r = c.Exec(kUpdateState, sp); !r) return std::unexpected(r.error());
      } else {
        states.push_back(RunningTotalsRow(code_, m, *s));
      }
    }
    if (states.size() == kBatch || k + 1 == touched.size()) {
      if (auto b = c.BulkInsert("aid_member_state", kStateColumns, states); !b) return b;
      states.clear();
    }
  }
  clock_.Step(fmt::format("running totals of {} members stored", touched.size()));
  return {};
}

}  // namespace

std::vector<Value> RunningTotalsRow(std::string_view plan_code, int64_t member_id,
                                    const MemberState& s) {
  return {std::string(plan_code),
          member_id,
          s.cumulative[0],
          s.cumulative[1],
          s.cumulative[2],
          s.paid[0],
          s.paid[1],
          s.paid[2],
          s.overall,
          int64_t{s.lump_sum ? 1 : 0}};
}

Result<void> LockRunningTotals(store::Conn& c, std::string_view plan_code) {
  // SQLite: BEGIN IMMEDIATE has taken the database's write lock already.
  if (c.dialect() != store::Dialect::kPostgres) return {};
  static constexpr std::string_view kLock =
      "SELECT version FROM aid_plan WHERE code = ? FOR UPDATE";
  const Value p[] = {std::string(plan_code)};
  auto r = c.Query(kLock, p);
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<IngestSummary> AidService::Ingest(const auth::Principal& who, std::string_view plan_code,
                                         const std::filesystem::path& file, bool dry_run,
                                         job::Progress& progress, std::vector<ReportLine>* report,
                                         std::string_view file_name) {
  auto current = BulkPlan(who, plan_code);
  if (!current) return std::unexpected(current.error());
  Stopwatch clock;
  Feed feed;
  if (auto r = ReadFeed(file, progress, feed); !r) return std::unexpected(r.error());
  clock.Step(fmt::format("{} records read", feed.records.size()));
  if (before_writes_) before_writes_();
  Ingestion run(vault_, payouts_, who, *current, feed, clock);
  const std::string name = file_name.empty() ? file.filename().string() : std::string(file_name);
  if (dry_run) {
    // Read on a lease (no write lock held while a million records are judged); only the audit
    // is written.
    {
      auto lease = db_.Acquire();
      if (!lease) return std::unexpected(lease.error());
      if (auto r = run.Adjudicate(**lease); !r) return std::unexpected(r.error());
    }
    auto audited = db_.TransactionVoid([&](store::Conn& c) { return run.Audit(c, name, dry_run); });
    if (!audited) return std::unexpected(audited.error());
  } else {
    // Everything Adjudicate reads — the running totals above all — is read in the transaction
    // that writes the results, so a claim by hand approved meanwhile either counts or waits.
    // The connection's usual page cache: with the bulk one (ForBulkWork) a million claims ran
    // slower (a larger cache to fill, the whole transaction left to write at commit) and took
    // 0.4 GB more.
    auto stored = db_.TransactionVoid([&](store::Conn& c) -> Result<void> {
      if (auto r = LockRunningTotals(c, plan_code); !r) return r;
      if (auto r = run.Adjudicate(c); !r) return r;
      if (auto r = run.Store(c); !r) return r;
      return run.Audit(c, name, dry_run);
    });
    if (!stored) return std::unexpected(stored.error());
    clock.Step("committed");
  }
  if (report) run.Report(*report);
  return run.Summary();
}

}  // namespace nj::mutual_aid
