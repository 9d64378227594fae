// The adjudication rules of mutual medical aid (二次报销): for each settlement record of the
// medical-insurance feed, exactly one outcome and the amount the plan pays. Pure: records in,
// decisions out; members, enrolments and earlier runs are handed in as plain data.
//
// The rules, in the order they are checked (the clauses, each unit-tested):
//  1. invalid   — unless the record is well formed (ParseRecord checks it);
//  2. duplicate — the settlement id was seen before (this run or an earlier one);
//     out_of_scope — no member has the ID number within the caller's scope (no member at all,
//                    or one outside it: the caller cannot tell which);
//     out_of_period — the discharge date is outside the plan;
//     not_enrolled — no enrolment of the member covers the discharge date;
//     waiting_period — the discharge date is before the end of the member's waiting period;
//  3. the amount — the record covers the cumulative eligible range [E, E + a) of its visit
//     type; below the deductible nothing is paid; above it, each tier pays its percent of the
//     part of the range in it, rounded half up to the fen; E grows by a whatever is paid;
//  4. limited by what remains of the visit type's cap, then of the overall cap;
//  5. plus the critical-illness lump sum, once per member and plan, outside the caps;
//     paid when the total is above zero, else zero;
//  6. normal records in (discharge date, settlement id) order, then reversals in file order;
//  7. a reversal undoes its original's whole payout exactly (outcome reversal, a negative
//     amount); an unknown, unpaid or already reversed original makes it invalid, and an original
//     hidden from the caller (of a member outside their scope) is unknown to it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "mutual_aid/plan.h"

namespace nj::mutual_aid {

enum class Outcome : uint8_t {
  kInvalid,
  kDuplicate,
  kOutOfScope,
  kOutOfPeriod,
  kNotEnrolled,
  kWaitingPeriod,
  kPaid,
  kZero,
  kReversal
};
std::string_view OutcomeName(Outcome o);  // "invalid", "duplicate", …
Outcome OutcomeNamed(std::string_view name);  // its inverse; kInvalid for no such name
std::string_view OutcomeLabel(Outcome o, bool english);  // in words: "赔付" / "Paid"

// A settlement record as the file has it (amounts in yuan, dates as text).
struct RawRecord {
  std::string settlement_id, id_number, name, hospital, admission_date, discharge_date, visit_type,
      diagnosis_code, total, fund_paid, self_paid_in_scope, self_paid_out_of_scope, record_type,
      original_settlement_id;
};

// A record that passed clause 1, in the engine's terms.
struct Record {
  std::string settlement_id;
  std::string id_number;     // normalised: 18 characters, check character upper-case
  int32_t discharge = 0;     // days since 1970-01-01
  uint8_t visit = 0;         // index in kVisitTypes
  int64_t eligible_fen = 0;  // self_paid_in_scope
  std::string diagnosis;
  bool reversal = false;
  std::string original_id;  // of a reversal
  // Filled by the caller from the registry, within the caller's scope; 0 = no member there.
  int64_t member_id = 0;
};

// Clause 1: the record well formed, or the reason it is not (Chinese and English, with the
// field). Amounts are parsed exactly from yuan ("1234.50"), never through floating point.
Result<Record> ParseRecord(const RawRecord& raw, Date today);

// A member's enrolment in the plan: covered from `start` (its date) to the plan's end; paid from
// `waiting_end` on (start + waiting_days for a first-time enrolee, start for one enrolled in the
// plan before it).
struct Enrolment {
  int32_t start = 0, waiting_end = 0;  // days since 1970-01-01
};

// What a member has had from the plan so far: carried from run to run.
struct MemberState {
  int64_t cumulative[kVisitTypeCount] = {};  // E: eligible amounts, per visit type
  int64_t paid[kVisitTypeCount] = {};        // benefit paid, per visit type (its cap)
  int64_t overall = 0;                       // benefit paid, all types (the overall cap)
  bool lump_sum = false;                     // the critical-illness lump sum was granted
};

// What became of a settlement: kept, so that a later duplicate or reversal finds it.
// In 40 bytes (the small fields first): the engine keeps one per settlement, a million a run.
struct Decision {
  Outcome outcome = Outcome::kInvalid;
  uint8_t visit = 0;
  bool reversed = false;
  // Of a member outside the scope of whoever runs the file: a record of the same id is still a
  // duplicate (it cannot be stored twice), but a reversal finds no such original (clause 7).
  bool hidden = false;
  int64_t member_id = 0;
  int64_t eligible_fen = 0;  // what it added to E (paid and zero outcomes)
  int64_t benefit_fen = 0;   // within the caps
  int64_t lump_fen = 0;      // outside them
  int64_t Total() const { return benefit_fen + lump_fen; }
};
static_assert(sizeof(Decision) == 40);

// The outcome of one record of a run, in file order, with its reason.
struct Verdict {
  Outcome outcome = Outcome::kInvalid;
  int64_t amount_fen = 0;  // paid: benefit + lump sum; reversal: minus the original's
  int64_t lump_fen = 0;
  std::string reason_zh, reason_en;  // for invalid and the other refusals
};

// Why a reversal was invalid (clause 7), kept so that its reason can be spelled out later.
enum class ReversalFault : uint8_t {
  kNone,
  kUnknownOriginal,  // no settlement of that id was decided (this run's later reversals neither)
  kNotPayable,       // the original's outcome was neither paid nor zero
  kReversedAlready,
};

// The outcome of one record of a run, compactly: what the bulk path answers. The reason of a
// refusal follows from the outcome, the record and the fault; Adjudicator::VerdictOf spells it
// out when it is wanted (a report, a claim by hand), not a million times.
struct Ruling {
  Outcome outcome = Outcome::kInvalid;
  ReversalFault fault = ReversalFault::kNone;
  int64_t amount_fen = 0;  // paid and zero: benefit + lump sum; reversal: minus the original's
  int64_t lump_fen = 0;    // of it, the lump sum (negative for a reversal)
  int64_t BenefitFen() const { return amount_fen - lump_fen; }
};

// Storage for the engine's large arrays (a million records make tables of tens of megabytes):
// blocks of 2 MiB or more are aligned to and advised as transparent huge pages (madvise), so
// that filling a table takes a few dozen page faults instead of tens of thousands, and its
// random look-ups miss the TLB less. Smaller blocks come from operator new.
void* AllocateBulk(size_t bytes, size_t align);
void FreeBulk(void* p, size_t bytes, size_t align);
template <class T>
struct BulkAllocator {
  using value_type = T;
  BulkAllocator() = default;
  template <class U>
  BulkAllocator(const BulkAllocator<U>&) {}  // NOLINT(google-explicit-constructor): rebinding
  T* allocate(size_t n) { return static_cast<T*>(AllocateBulk(n * sizeof(T), alignof(T))); }
  void deallocate(T* p, size_t n) { FreeBulk(p, n * sizeof(T), alignof(T)); }
  // Elements a vector adds without a value (resize, the size constructor) are default-
  // initialized, as `new T` does, not zeroed: a table about to be filled is written once.
  template <class U>
  void construct(U* p) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  bool operator==(const BulkAllocator&) const = default;
};
template <class T>
using BulkVector = std::vector<T, BulkAllocator<T>>;
using Rulings = BulkVector<Ruling>;

// The state the rules work on: the plan, members' enrolments, their running totals and every
// settlement decided so far. A run changes it; the caller stores the changes. Not thread-safe;
// one run at a time.
//
// Inside (rules.cpp): members are numbered densely on first sight (a plain array from member id
// to number for the registry's ids, a hash table for any other; enrolments and running totals in
// vectors by number); settlements live in one open-addressing table of their ids (text in one
// arena, any characters: numeric ids and others alike, "007" and "7" two ids) with their
// decisions in a vector. A run makes no allocation per record.
class Adjudicator {
 public:
  explicit Adjudicator(const Plan& plan);
  ~Adjudicator();
  Adjudicator(Adjudicator&&) noexcept;
  Adjudicator& operator=(Adjudicator&&) = delete;

  // Earlier runs and the registry, handed in before a run. Enrol and Restore replace what was
  // known of the member; Remember replaces the decision of the settlement.
  void Enrol(int64_t member_id, Enrolment e);
  void Restore(int64_t member_id, const MemberState& s);
  void Remember(std::string_view settlement_id, const Decision& d);

  // Adjudicates a run: `records[i]` is the record of line i, or the clause-1 error it failed
  // with. Answers one ruling per record, in the same order. The bulk path (a settlement file).
  Rulings Adjudicate(std::span<const Result<Record>> records);
  // The ruling of `record` (of the last run) with its reason in Chinese and English.
  Verdict VerdictOf(const Result<Record>& record, const Ruling& ruling) const;
  // Adjudicate, each ruling spelled out by VerdictOf: for a few records (a claim by hand).
  std::vector<Verdict> Run(const std::vector<Result<Record>>& records);

  // What is known of a member or a settlement, or null. The pointers stay valid until the next
  // Enrol, Restore, Remember or run.
  const MemberState* StateOf(int64_t member_id) const;
  const Decision* DecisionOf(std::string_view settlement_id) const;

 private:
  struct Tables;  // rules.cpp
  struct Passes;  // one run of Adjudicate (rules.cpp)

  const Plan& plan_;
  int32_t start_ = 0, end_ = 0;
  std::unique_ptr<Tables> t_;
};

// Clause 3 alone: what the range [cumulative, cumulative + eligible) of a visit type pays under
// `benefit`, before the caps.
int64_t TierAmount(const Benefit& benefit, int64_t cumulative, int64_t eligible);

// Days since 1970-01-01 of a date, and back.
int32_t DayNumber(Date d);
Date DateOfDay(int32_t day);

}  // namespace nj::mutual_aid
