#include "mutual_aid/rules.h"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>
#include <type_traits>

#include "core/id_number.h"
#include "core/money.h"
#include "core/parse.h"

namespace nj::mutual_aid {

namespace {

std::unexpected<Error> Invalid(std::string zh, std::string en, std::string field) {
  return Fail(ErrorCode::kInvalidInput, std::move(zh), std::move(en), std::move(field));
}

Verdict Refused(Outcome o, std::string zh, std::string en) {
  return {o, 0, 0, std::move(zh), std::move(en)};
}

// An amount of the file: yuan with at most two decimals, 0 … 10¹² fen (core ParseYuanAmount).
Result<int64_t> Amount(std::string_view text, const char* field) {
  return ParseYuanAmount(field, text);
}

}  // namespace

std::string_view OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kInvalid:
      return "invalid";
    case Outcome::kDuplicate:
      return "duplicate";
    case Outcome::kOutOfScope:
      return "out_of_scope";
    case Outcome::kOutOfPeriod:
      return "out_of_period";
    case Outcome::kNotEnrolled:
      return "not_enrolled";
    case Outcome::kWaitingPeriod:
      return "waiting_period";
    case Outcome::kPaid:
      return "paid";
    case Outcome::kZero:
      return "zero";
    case Outcome::kReversal:
      return "reversal";
  }
  return "invalid";
}

std::string_view OutcomeLabel(Outcome o, bool english) {
  // As the web app's mutual_aid.outcome words say them.
  static constexpr std::string_view kZh[] = {"数据有误",   "重复结算", "非会员或不在管辖范围",
                                             "不在保障期", "未参保",   "等待期内",
                                             "赔付",       "零赔付",   "冲正"};
  static constexpr std::string_view kEn[] = {
      "Invalid",       "Duplicate",    "Not a member in your scope",
      "Out of period", "Not enrolled", "Waiting period",
      "Paid",          "Nothing due",  "Reversal"};
  static_assert(std::size(kZh) == static_cast<size_t>(Outcome::kReversal) + 1);
  static_assert(std::size(kEn) == std::size(kZh));
  const auto i = static_cast<size_t>(o);
  return english ? kEn[i] : kZh[i];
}

Outcome OutcomeNamed(std::string_view name) {
  for (int o = 0; o <= static_cast<int>(Outcome::kReversal); ++o) {
    if (OutcomeName(static_cast<Outcome>(o)) == name) return static_cast<Outcome>(o);
  }
  return Outcome::kInvalid;
}

Date DateOfDay(int32_t day) { return Date(std::chrono::sys_days(std::chrono::days(day))); }

int32_t DayNumber(Date d) {
  return static_cast<int32_t>(std::chrono::sys_days(d).time_since_epoch().count());
}

Result<Record> ParseRecord(const RawRecord& raw, Date today) {
  Record r;
  if (raw.settlement_id.empty()) {
    return Invalid("缺少结算单号", "settlement_id is missing", "settlement_id");
  }
  auto settlement = ParseText("settlement_id", raw.settlement_id, 64);
  if (!settlement) return std::unexpected(settlement.error());
  r.settlement_id = std::move(*settlement);
  auto id = ParseResidentId(raw.id_number, today);
  if (!id) return Invalid(id.error().detail_zh, id.error().detail_en, "id_number");
  r.id_number = id->number;
  // Years 1900–2100, as every date from outside.
  const auto admission = ParseDateIn("admission_date", raw.admission_date);
  if (!admission) return std::unexpected(admission.error());
  const auto discharge = ParseDateIn("discharge_date", raw.discharge_date);
  if (!discharge) return std::unexpected(discharge.error());
  if (*admission > *discharge) {
    return Invalid("入院日期晚于出院日期", "admission_date is after discharge_date",
                   "admission_date");
  }
  r.discharge = DayNumber(*discharge);
  int64_t amounts[4];
  const std::pair<const std::string*, const char*> fields[] = {
      {&raw.total, "total"},
      {&raw.fund_paid, "fund_paid"},
      {&raw.self_paid_in_scope, "self_paid_in_scope"},
      {&raw.self_paid_out_of_scope, "self_paid_out_of_scope"}};
  for (size_t i = 0; i < 4; ++i) {
    auto a = Amount(*fields[i].first, fields[i].second);
    if (!a) return std::unexpected(a.error());
    amounts[i] = *a;
  }
  if (amounts[2] > amounts[0]) {
    return Invalid("政策范围内自付金额大于医疗总费用", "self_paid_in_scope is more than total",
                   "self_paid_in_scope");
  }
  r.eligible_fen = amounts[2];
  const auto visit = VisitTypeIndex(raw.visit_type);
  if (!visit) {
    return Invalid(
        "未知的就诊类型（应为住院、门诊特殊病或普通门诊）：" + EchoPrefix(raw.visit_type),
        "unknown visit_type (inpatient, special_outpatient or outpatient): " +
            EchoPrefix(raw.visit_type),
        "visit_type");
  }
  r.visit = static_cast<uint8_t>(*visit);
  if (raw.record_type == "reversal") {
    if (raw.original_settlement_id.empty()) {
      return Invalid("冲正记录须填写原结算单号", "a reversal names its original settlement",
                     "original_settlement_id");
    }
    auto original = ParseText("original_settlement_id", raw.original_settlement_id, 64);
    if (!original) return std::unexpected(original.error());
    r.reversal = true;
    r.original_id = std::move(*original);
  } else if (raw.record_type != "normal") {
    return Invalid("未知的记录类型（应为结算或冲正）：" + EchoPrefix(raw.record_type),
                   "record_type must be normal or reversal: " + EchoPrefix(raw.record_type),
                   "record_type");
  }
  auto diagnosis = ParseText("diagnosis_code", raw.diagnosis_code, 20);
  if (!diagnosis) return std::unexpected(diagnosis.error());
  r.diagnosis = std::move(*diagnosis);
  for (char& c : r.diagnosis) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return r;
}

int64_t TierAmount(const Benefit& benefit, int64_t cumulative, int64_t eligible) {
  // The record's part of the amount above the deductible: [from, to) on that amount.
  const int64_t from = std::max<int64_t>(0, cumulative - benefit.deductible_fen);
  const int64_t to = std::max<int64_t>(0, cumulative + eligible - benefit.deductible_fen);
  int64_t total = 0, low = 0;
  for (const Tier& t : benefit.tiers) {
    const int64_t high = t.up_to_fen.value_or(std::numeric_limits<int64_t>::max());
    const int64_t part = std::max<int64_t>(0, std::min(high, to) - std::max(low, from));
    total += (part * t.percent + 50) / 100;  // half up, to the fen
    if (high >= to) break;
    low = high;
  }
  return total;
}

// ---- Storage -------------------------------------------------------------------------------

namespace {

constexpr size_t kHugePage = size_t{2} << 20;

}  // namespace

void* AllocateBulk(size_t bytes, size_t align) {
  if (bytes < kHugePage) return ::operator new (bytes, std::align_val_t{align});
  const size_t size = (bytes + kHugePage - 1) & ~(kHugePage - 1);
  void* p = std::aligned_alloc(kHugePage, size);
  if (!p) throw std::bad_alloc();
  // A hint: where the kernel has no huge page to give (or THP is off), small pages serve.
  ::madvise(p, size, MADV_HUGEPAGE);
  return p;
}

void FreeBulk(void* p, size_t bytes, size_t align) {
  if (bytes < kHugePage) {
    ::operator delete (p, std::align_val_t{align});
  } else {
    std::free(p);
  }
}

namespace {

// ---- Hashing -------------------------------------------------------------------------------

// The 128-bit product of a and b folded to 64 bits: the mixing step of wyhash.
inline uint64_t Mix(uint64_t a, uint64_t b) {
  const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}
constexpr uint64_t kK0 = 0xa0761d6478bd642fULL, kK1 = 0xe7037ed1a0b428dbULL;

inline uint64_t Load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Settlement ids: any text, eight bytes at a time. Not for adversaries (the feed comes from the
// medical-insurance bureau), but every id of a run goes through it, so it is short.
uint64_t HashText(std::string_view s) {
  uint64_t h = Mix(s.size() ^ kK0, kK1);
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) h = Mix(h ^ Load64(s.data() + i), kK0);
  uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  return Mix(h ^ tail, kK1);
}

inline uint64_t HashMember(int64_t id) { return Mix(static_cast<uint64_t>(id) ^ kK0, kK1); }

inline void PrefetchLine(const void* p) { __builtin_prefetch(p); }

// The smallest power of two that holds `n` entries at most half full.
size_t CapacityFor(size_t n) { return std::bit_ceil(std::max<size_t>(16, 2 * n)); }

// ---- Members -------------------------------------------------------------------------------

// Member ids → dense numbers (0, 1, 2 … in order of first sight). The registry gives ids in
// sequence from 1, so nearly every id is found in a plain array indexed by id: 4 bytes per id,
// the 1.5 million of a city in 6 MB, which stays in cache where a hash table of them would not.
// The array covers ids up to 16 per member known (plus a million), however they come; any
// other id (negative, or far beyond) goes to a hash table (open addressing, linear probing, at
// most half full), and moves to the array when the array grows over it.
class MemberIndex {
 public:
  static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

  uint32_t Find(int64_t id) const {
    const auto at = static_cast<uint64_t>(id);  // a negative id is far beyond the array
    if (at < direct_.size()) return direct_[at];
    return hashed_ == 0 ? kNone : FindHashed(id);
  }
  // The number of `id`, `next` when it had none; second: whether it was added.
  std::pair<uint32_t, bool> Insert(int64_t id, uint32_t next) {
    if (const uint32_t m = Find(id); m != kNone) return {m, false};
    const auto at = static_cast<uint64_t>(id);
    const uint64_t limit = 16 * (uint64_t{next} + 1) + (uint64_t{1} << 20);
    if (at >= direct_.size() && at < limit) {
      GrowDirect(std::max(at + 1, std::min<uint64_t>(2 * direct_.size(), limit)));
    }
    if (at < direct_.size()) {
      direct_[at] = next;
    } else {
      InsertHashed(id, next);
    }
    return {next, true};
  }
  void Prefetch(int64_t id) const {
    const auto at = static_cast<uint64_t>(id);
    if (at < direct_.size()) {
      PrefetchLine(&direct_[at]);
    } else if (hashed_ != 0) {
      PrefetchLine(&slots_[HashMember(id) & mask_]);
    }
  }

 private:
  struct Slot {
    int64_t id = 0;
    uint32_t number = kNone;  // kNone: empty
  };
  uint32_t FindHashed(int64_t id) const {
    for (size_t i = HashMember(id) & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.number == kNone || s.id == id) return s.number;
    }
  }
  void InsertHashed(int64_t id, uint32_t number) {
    if (2 * (hashed_ + 1) > slots_.size()) {
      const BulkVector<Slot> old = std::move(slots_);
      slots_.assign(CapacityFor(hashed_ + 1), Slot{});
      mask_ = slots_.size() - 1;
      for (const Slot& s : old) {
        if (s.number != kNone) Place(s);
      }
    }
    Place({id, number});
    ++hashed_;
  }
  void Place(const Slot& s) {
    size_t i = HashMember(s.id) & mask_;
    while (slots_[i].number != kNone) i = (i + 1) & mask_;
    slots_[i] = s;
  }
  // The array grown to `size` ids; the hashed ids it now covers move into it.
  void GrowDirect(uint64_t size) {
    direct_.resize(size, kNone);
    if (hashed_ == 0) return;
    const BulkVector<Slot> old = std::move(slots_);
    slots_.clear();
    hashed_ = mask_ = 0;
    for (const Slot& s : old) {
      if (s.number == kNone) continue;
      if (static_cast<uint64_t>(s.id) < direct_.size()) {
        direct_[s.id] = s.number;
      } else {
        InsertHashed(s.id, s.number);
      }
    }
  }

  BulkVector<uint32_t> direct_;  // by id: its number, or kNone
  BulkVector<Slot> slots_;       // the other ids
  size_t hashed_ = 0, mask_ = 0;
};

// ---- Settlements ---------------------------------------------------------------------------

// Settlement ids → decisions. An id is text of any characters, kept as written in one arena (no
// allocation per id; "007" and "7" are two ids); a slot holds the top half of the id's hash,
// compared before the text, and the number of its entry. Entries are decided, pending (met in
// this run, not decided yet) or absent (an invalid reversal's: seen in its run, not kept).
class SettlementTable {
 public:
  static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  enum class State : uint8_t { kDecided, kPending, kAbsent };

  size_t size() const { return decisions_.size(); }
  // Room for `n` entries in all, without growing the table while a run fills it.
  void Reserve(size_t n) {
    if (slots_.empty() || 2 * n > slots_.size()) Rehash(CapacityFor(n));
    decisions_.reserve(n);
    keys_.reserve(n);
  }
  void ReserveText(size_t bytes) { text_.reserve(bytes); }
  void Prefetch(uint64_t hash) const { PrefetchLine(&slots_[hash & mask_]); }

  // The decided entry of `id`, or kNone.
  uint32_t Find(std::string_view id, uint64_t hash) const {
    if (slots_.empty()) return kNone;
    const uint64_t tag = hash >> 32;
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const uint64_t s = slots_[i];
      if (s == 0) return kNone;
      const uint32_t e = static_cast<uint32_t>(s) - 1;
      if ((s >> 32) == tag && KeyOf(e) == id) {
        return keys_[e].state() == State::kDecided ? e : kNone;
      }
    }
  }
  // The entry of `id`; second: whether it is new, i.e. was not there or was absent. A new entry
  // takes `state`: kDecided when its decision is written before anything looks it up.
  std::pair<uint32_t, bool> Insert(std::string_view id, uint64_t hash, State state) {
    if (2 * (decisions_.size() + 1) > slots_.size()) Rehash(CapacityFor(2 * decisions_.size() + 1));
    // The new entry's decision is left unwritten (see Line): whoever adds an entry decides it
    // (Remember, a refusal of pass 1, pass 3 or 4) before anything reads it.
    const uint64_t tag = hash >> 32;
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const uint64_t s = slots_[i];
      if (s == 0) {
        const auto e = static_cast<uint32_t>(decisions_.size());
        slots_[i] = (tag << 32) | (uint64_t{e} + 1);
        keys_.push_back(Key::Of(text_.size(), id.size(), state));
        text_.insert(text_.end(), id.begin(), id.end());
        decisions_.resize(decisions_.size() + 1);  // default-initialized: nothing written
        return {e, true};
      }
      const uint32_t e = static_cast<uint32_t>(s) - 1;
      if ((s >> 32) == tag && KeyOf(e) == id) {
        if (keys_[e].state() != State::kAbsent) return {e, false};
        keys_[e].SetState(state);
        return {e, true};
      }
    }
  }

  std::string_view KeyOf(uint32_t e) const {
    return {text_.data() + keys_[e].at, keys_[e].size_state >> 2};
  }
  Decision& decision(uint32_t e) { return decisions_[e].decision(); }
  const Decision& decision(uint32_t e) const { return decisions_[e].decision(); }
  void SetState(uint32_t e, State state) { keys_[e].SetState(state); }

 private:
  // An id's place in text_, in 8 bytes (a million a run): its size in the top 30 bits of the
  // second word and its state in the bottom 2. The table's text is under 4 GiB (entries are
  // numbered in 32 bits too): at 20 bytes an id, some 200 million settlements.
  struct Key {
    uint32_t at;
    uint32_t size_state;
    static Key Of(size_t at, size_t size, State state) {
      if (size >= (size_t{1} << 30) || at + size > std::numeric_limits<uint32_t>::max()) {
        throw std::length_error("settlement ids: over 4 GiB of text");
      }
      return {static_cast<uint32_t>(at),
              static_cast<uint32_t>(size) << 2 | static_cast<uint32_t>(state)};
    }
    State state() const { return static_cast<State>(size_state & 3); }
    void SetState(State state) { size_state = (size_state & ~3u) | static_cast<uint32_t>(state); }
  };
  static_assert(sizeof(Key) == 8);
  void Rehash(size_t capacity) {
    slots_.assign(capacity, 0);
    mask_ = capacity - 1;
    for (uint32_t e = 0; e < decisions_.size(); ++e) {
      const uint64_t hash = HashText(KeyOf(e));
      size_t i = hash & mask_;
      while (slots_[i] != 0) i = (i + 1) & mask_;
      slots_[i] = ((hash >> 32) << 32) | (uint64_t{e} + 1);
    }
  }

  BulkVector<uint64_t> slots_;  // tag << 32 | (entry + 1); 0: empty
  size_t mask_ = 0;
  // A decision in 40 bytes of raw bytes, packed (not a cache line each: 40 MB a million rather
  // than 64, fewer pages to fault in and fill; a run writes them in no order and fetches both
  // ends' lines ahead). The Decision is created implicitly in them (it is an implicit-lifetime
  // type): a new entry's bytes are not written when it is added (zeroing a million entries
  // that are about to be written costs a pass over 40 MB), only when it is decided.
  struct Line {
    alignas(Decision) std::byte bytes[sizeof(Decision)];
    Decision& decision() { return *std::launder(reinterpret_cast<Decision*>(bytes)); }
    const Decision& decision() const {
      return *std::launder(reinterpret_cast<const Decision*>(bytes));
    }
  };
  static_assert(std::is_trivially_copyable_v<Decision> && std::is_aggregate_v<Decision>);
  BulkVector<Line> decisions_;
  BulkVector<Key> keys_;
  BulkVector<char> text_;
};

// A normal record that passed the checks of the first pass (duplicate, member, period), in the
// few bytes the amount needs; sorted per member by (discharge, settlement id). In 16 bytes, four
// to a cache line: the run's one array of them is written once and read once.
struct Pending {  // trivial: a vector of them is not zeroed before it is filled
  // The eligible amount in bits 0–39 (ParseYuanAmount's 10¹² fen is below 2⁴⁰), the visit type
  // in bits 40–41, whether the diagnosis is one of the plan's critical illnesses in bit 42, and
  // the discharge date's day in the plan in bits 47–63 (a plan of 1900–2100 has under 2¹⁷ days):
  // comparing the words orders by discharge first.
  uint64_t packed;
  uint32_t line;   // in the run's records
  uint32_t entry;  // its decision

  static uint64_t Pack(int64_t eligible_fen, uint8_t visit, bool critical, int32_t day) {
    return (static_cast<uint64_t>(eligible_fen) & kAmountMask) | uint64_t{visit} << 40 |
           uint64_t{critical} << 42 | static_cast<uint64_t>(day) << 47;
  }
  int64_t eligible_fen() const { return static_cast<int64_t>(packed & kAmountMask); }
  uint8_t visit() const { return static_cast<uint8_t>(packed >> 40 & 3); }
  bool critical() const { return (packed >> 42 & 1) != 0; }
  int32_t day() const { return static_cast<int32_t>(packed >> 47); }
  static constexpr uint64_t kAmountMask = (uint64_t{1} << 40) - 1;
};
static_assert(sizeof(Pending) == 16 && kVisitTypeCount <= 4);

constexpr int32_t kNever = std::numeric_limits<int32_t>::max();

}  // namespace

// ---- The engine ----------------------------------------------------------------------------

struct Adjudicator::Tables {
  MemberIndex index;                 // member id → number
  BulkVector<int64_t> member_ids;    // by number
  BulkVector<Enrolment> enrolments;  // by number; start kNever: not enrolled
  BulkVector<MemberState> states;    // by number
  BulkVector<uint8_t> known;         // by number: the state was restored or changed by a run
  SettlementTable settlements;

  uint32_t Number(int64_t member_id) {
    auto [m, added] = index.Insert(member_id, static_cast<uint32_t>(member_ids.size()));
    if (added) {
      member_ids.push_back(member_id);
      enrolments.push_back({kNever, kNever});
      states.emplace_back();
      known.push_back(0);
    }
    return m;
  }
};

Adjudicator::Adjudicator(const Plan& plan)
    : plan_(plan),
      start_(DayNumber(plan.start)),
      end_(DayNumber(plan.end)),
      t_(std::make_unique<Tables>()) {}

Adjudicator::~Adjudicator() = default;
Adjudicator::Adjudicator(Adjudicator&&) noexcept = default;

void Adjudicator::Enrol(int64_t member_id, Enrolment e) {
  t_->enrolments[t_->Number(member_id)] = e;
}

void Adjudicator::Restore(int64_t member_id, const MemberState& s) {
  const uint32_t m = t_->Number(member_id);
  t_->states[m] = s;
  t_->known[m] = 1;
}

void Adjudicator::Remember(std::string_view settlement_id, const Decision& d) {
  SettlementTable& settlements = t_->settlements;
  const uint32_t e =
      settlements.Insert(settlement_id, HashText(settlement_id), SettlementTable::State::kDecided)
          .first;
  settlements.SetState(e, SettlementTable::State::kDecided);  // were it absent or pending
  settlements.decision(e) = d;
}

const MemberState* Adjudicator::StateOf(int64_t member_id) const {
  const uint32_t m = t_->index.Find(member_id);
  return m == MemberIndex::kNone || !t_->known[m] ? nullptr : &t_->states[m];
}

const Decision* Adjudicator::DecisionOf(std::string_view settlement_id) const {
  const uint32_t e = t_->settlements.Find(settlement_id, HashText(settlement_id));
  return e == SettlementTable::kNone ? nullptr : &t_->settlements.decision(e);
}

// A run in four passes, none of which allocates per record:
//  1. file order: clause 1's errors, duplicates (every settlement id of the run goes into the
//     table), reversals set aside, out_of_scope and out_of_period decided, each ruling written
//     once; the rest are left as compact Pending records, with their member's dense number, in
//     the rulings' own places (no array of their own: fewer bytes faulted in and written);
//  2. a counting sort of those by member number into one array: each member's records together;
//  3. each member's records sorted by (discharge date, settlement id) — clause 6 orders records
//     only where they share running totals, i.e. within a member — then not_enrolled,
//     waiting_period and the amounts, with the member's totals in cache;
//  4. the reversals, in file order.
// The table slots pass 1 looks up are fetched some records ahead, and the lines pass 3 writes
// some records ahead; the rest reads and writes memory in order.
struct Adjudicator::Passes {
  Passes(const Adjudicator& a, std::span<const Result<Record>> records)
      : plan(a.plan_), start(a.start_), end(a.end_), t(*a.t_), records(records) {
    out.reserve(records.size());
    for (size_t v = 0; v < kVisitTypeCount; ++v) benefits[v] = plan.BenefitOf(v);
  }

  void Screen();  // 1
  // Admit (record i of pass 1) and Critical are inlined into the loop over the records, as
  // they were when written there: a call per record costs what the look-ahead saves.
  [[gnu::always_inline]] inline Ruling Admit(size_t i, uint64_t hash, uint32_t number);
  BulkVector<Pending> Group();             // 2
  void Pay(BulkVector<Pending>& grouped);  // 3
  void PayMember(size_t m, Pending* first, Pending* last);
  void Reverse();  // 4
  [[gnu::always_inline]] inline bool Critical(std::string_view diagnosis) const;

  const Plan& plan;
  const int32_t start, end;
  Tables& t;
  std::span<const Result<Record>> records;
  Rulings out;
  const Benefit* benefits[kVisitTypeCount];
  BulkVector<uint32_t> count;                            // Pending records per member number
  std::vector<std::pair<uint32_t, uint32_t>> reversals;  // line, entry
};

Rulings Adjudicator::Adjudicate(std::span<const Result<Record>> records) {
  Passes run(*this, records);
  run.Screen();
  BulkVector<Pending> grouped = run.Group();
  run.Pay(grouped);
  grouped = {};
  run.Reverse();
  return std::move(run.out);
}

bool Adjudicator::Passes::Critical(std::string_view diagnosis) const {
  if (plan.lump_sum_fen <= 0) return false;
  for (const auto& prefix : plan.icd10_prefixes) {
    if (diagnosis.starts_with(prefix)) return true;
  }
  return false;
}

void Adjudicator::Passes::Screen() {
  const size_t n = records.size();
  t.settlements.Reserve(t.settlements.size() + n);
  t.settlements.ReserveText(n * 24);
  count.assign(t.member_ids.size() + 1, 0);
  // Two stages ahead of record i, the one being decided: the table slot of record i + kAhead's
  // settlement id and the line of its member in the member index are fetched; record i + kNear's
  // member number is read from that line (there by now) and the line of its count fetched. A
  // city's members make tables of megabytes, beyond the core's cache: each look-up would wait.
  // (The member index does not change while this pass runs.)
  constexpr size_t kAhead = 32, kNear = 12;
  uint64_t hashes[kAhead];
  uint32_t numbers[kAhead];
  auto look_ahead = [&](size_t i) {
    if (i >= n || !records[i]) return;
    hashes[i % kAhead] = HashText(records[i]->settlement_id);
    t.settlements.Prefetch(hashes[i % kAhead]);
    if (records[i]->member_id != 0) t.index.Prefetch(records[i]->member_id);
  };
  auto look_near = [&](size_t i) {
    if (i >= n || !records[i]) return;
    const int64_t member_id = records[i]->member_id;
    const uint32_t m = member_id == 0 ? MemberIndex::kNone : t.index.Find(member_id);
    numbers[i % kAhead] = m;
    if (m != MemberIndex::kNone) __builtin_prefetch(&count[m], 1);
  };
  for (size_t i = 0; i < kAhead; ++i) look_ahead(i);
  for (size_t i = 0; i < kNear; ++i) look_near(i);
  for (size_t i = 0; i < n; ++i) {
    const uint64_t hash = hashes[i % kAhead];
    const uint32_t m = numbers[i % kAhead];
    look_ahead(i + kAhead);
    look_near(i + kNear);
    // Each ruling written once, in order; clause 1's errors are the default, kInvalid.
    out.push_back(records[i] ? Admit(i, hash, m) : Ruling{});
  }
}

// `number`: the member's dense number (kNone for none), looked up ahead by Screen. Answers the
// record's ruling, or for a record pass 3 decides, the Pending record in its place: outcome
// kPaid (which this pass never decides), amount_fen the packed word, lump_fen the member's
// number and the entry (line is i). No array of its own: the rulings are written anyway.
Ruling Adjudicator::Passes::Admit(size_t i, uint64_t hash, uint32_t number) {
  const Record& r = *records[i];
  SettlementTable& settlements = t.settlements;
  // Duplicates in file order: a settlement id met before, in this file or an earlier run.
  // Invalid lines are not settlements: a corrected record sent again is adjudicated.
  // A normal record's entry is decided in this run before any look-up (pass 4) could find
  // it; a reversal's is pending until its turn comes: an earlier reversal does not find it.
  const auto [entry, added] = settlements.Insert(
      r.settlement_id, hash,
      r.reversal ? SettlementTable::State::kPending : SettlementTable::State::kDecided);
  if (!added) return {Outcome::kDuplicate};
  if (r.reversal) {
    reversals.emplace_back(static_cast<uint32_t>(i), entry);
    return {};  // decided by pass 4
  }
  uint32_t m = MemberIndex::kNone;
  Outcome refused = Outcome::kOutOfScope;
  if (r.member_id != 0) {
    refused = Outcome::kOutOfPeriod;
    if (r.discharge >= start && r.discharge <= end) {
      m = number;
      refused = Outcome::kNotEnrolled;  // unless known: never enrolled, never restored
    }
  }
  if (m == MemberIndex::kNone) {
    // A refused settlement is kept too: sent again, it is a duplicate.
    settlements.decision(entry) = {.outcome = refused, .visit = r.visit, .member_id = r.member_id};
    return {refused};
  }
  ++count[m];
  const uint64_t packed =
      Pending::Pack(r.eligible_fen, r.visit, Critical(r.diagnosis), r.discharge - start);
  return {Outcome::kPaid, ReversalFault::kNone, static_cast<int64_t>(packed),
          static_cast<int64_t>(uint64_t{m} << 32 | entry)};
}

// The Pending records pass 1 left in the rulings, grouped by member: count[m] becomes the end of
// member m's records in what it answers.
BulkVector<Pending> Adjudicator::Passes::Group() {
  uint32_t at = 0;
  for (size_t m = 0; m < t.member_ids.size(); ++m) {
    at += count[m];
    count[m] = at - count[m];  // start, for now
  }
  BulkVector<Pending> grouped(at);
  for (size_t i = 0; i < out.size(); ++i) {
    const Ruling& r = out[i];
    if (r.outcome != Outcome::kPaid) continue;
    const auto member_entry = static_cast<uint64_t>(r.lump_fen);
    grouped[count[member_entry >> 32]++] = {static_cast<uint64_t>(r.amount_fen),
                                            static_cast<uint32_t>(i),
                                            static_cast<uint32_t>(member_entry)};
  }
  return grouped;
}

void Adjudicator::Passes::Pay(BulkVector<Pending>& grouped) {
  const SettlementTable& settlements = t.settlements;
  auto before = [&settlements](const Pending& x, const Pending& y) {
    if (x.day() != y.day()) return x.day() < y.day();
    return settlements.KeyOf(x.entry) < settlements.KeyOf(y.entry);  // rare: the same day
  };
  size_t from = 0, ahead = 0;
  for (size_t m = 0; m < t.member_ids.size(); ++m) {
    const size_t to = count[m];
    if (to == from) continue;
    Pending* const first = grouped.data() + from;
    Pending* const last = grouped.data() + to;
    from = to;
    // The ruling and the decision each record writes lie anywhere: their lines are fetched for
    // writing some records ahead.
    for (const size_t until = std::min(grouped.size(), to + 16); ahead < until; ++ahead) {
      __builtin_prefetch(&out[grouped[ahead].line], 1);
      const auto* decision =
          reinterpret_cast<const char*>(&t.settlements.decision(grouped[ahead].entry));
      __builtin_prefetch(decision, 1);
      __builtin_prefetch(decision + sizeof(Decision) - 1, 1);
    }
    if (last - first > 16) {
      std::sort(first, last, before);
    } else {
      for (Pending* i = first + 1; i < last; ++i) {  // insertion sort: most members have 1–5
        const Pending p = *i;
        Pending* j = i;
        for (; j > first && before(p, j[-1]); --j) *j = j[-1];
        *j = p;
      }
    }
    PayMember(m, first, last);
  }
}

// Member m's records, in order: not_enrolled, waiting_period, or the amounts under the caps.
void Adjudicator::Passes::PayMember(size_t m, Pending* first, Pending* last) {
  const Enrolment e = t.enrolments[m];
  const int64_t member_id = t.member_ids[m];
  MemberState& s = t.states[m];
  for (const Pending* p = first; p < last; ++p) {
    Ruling& ruling = out[p->line];  // pass 1's Pending record there: overwritten whole
    const int32_t discharge = start + p->day();
    if (e.start > discharge || discharge < e.waiting_end) {
      ruling = {e.start > discharge ? Outcome::kNotEnrolled : Outcome::kWaitingPeriod};
      t.settlements.decision(p->entry) = {
          .outcome = ruling.outcome, .visit = p->visit(), .member_id = member_id};
      continue;
    }
    t.known[m] = 1;
    const uint8_t v = p->visit();
    const int64_t eligible_fen = p->eligible_fen();
    int64_t amount = 0;
    if (const Benefit* benefit = benefits[v]) {
      amount = TierAmount(*benefit, s.cumulative[v], eligible_fen);
      amount = std::min(amount, std::max<int64_t>(0, benefit->cap_fen - s.paid[v]));
      amount = std::min(amount, std::max<int64_t>(0, plan.overall_cap_fen - s.overall));
    }
    int64_t lump = 0;
    if (p->critical() && !s.lump_sum) {
      lump = plan.lump_sum_fen;
      s.lump_sum = true;
    }
    s.cumulative[v] += eligible_fen;
    s.paid[v] += amount;
    s.overall += amount;
    const Outcome o = amount + lump > 0 ? Outcome::kPaid : Outcome::kZero;
    t.settlements.decision(p->entry) = {.outcome = o,
                                        .visit = v,
                                        .member_id = member_id,
                                        .eligible_fen = eligible_fen,
                                        .benefit_fen = amount,
                                        .lump_fen = lump};
    ruling = {o, ReversalFault::kNone, amount + lump, lump};
  }
}

void Adjudicator::Passes::Reverse() {
  SettlementTable& settlements = t.settlements;
  for (const auto& [line, entry] : reversals) {
    const Record& r = *records[line];
    Ruling& ruling = out[line];
    const uint32_t e = settlements.Find(r.original_id, HashText(r.original_id));
    if (e == SettlementTable::kNone || settlements.decision(e).hidden) {
      ruling.fault = ReversalFault::kUnknownOriginal;
    } else if (const Decision& o = settlements.decision(e);
               o.outcome != Outcome::kPaid && o.outcome != Outcome::kZero) {
      ruling.fault = ReversalFault::kNotPayable;
    } else if (o.reversed) {
      ruling.fault = ReversalFault::kReversedAlready;
    }
    if (ruling.fault != ReversalFault::kNone) {
      ruling.outcome = Outcome::kInvalid;
      // Not a settlement: the id may come again, corrected.
      settlements.SetState(entry, SettlementTable::State::kAbsent);
      continue;
    }
    Decision& o = settlements.decision(e);
    o.reversed = true;
    const uint32_t m = t.Number(o.member_id);
    MemberState& s = t.states[m];
    t.known[m] = 1;
    s.cumulative[o.visit] -= o.eligible_fen;
    s.paid[o.visit] -= o.benefit_fen;
    s.overall -= o.benefit_fen;
    if (o.lump_fen > 0) s.lump_sum = false;  // it may be granted again later
    ruling = {Outcome::kReversal, ReversalFault::kNone, -o.Total(), -o.lump_fen};
    settlements.decision(entry) = {.outcome = Outcome::kReversal,
                                   .visit = o.visit,
                                   .member_id = o.member_id,
                                   .benefit_fen = -o.benefit_fen,
                                   .lump_fen = -o.lump_fen};
    settlements.SetState(entry, SettlementTable::State::kDecided);
  }
}

Verdict Adjudicator::VerdictOf(const Result<Record>& record, const Ruling& ruling) const {
  Verdict v{ruling.outcome, ruling.amount_fen, ruling.lump_fen, "", ""};
  if (!record) {
    v.reason_zh = record.error().detail_zh;
    v.reason_en = record.error().detail_en;
    return v;
  }
  const Record& r = *record;
  switch (ruling.outcome) {
    case Outcome::kInvalid:
      switch (ruling.fault) {
        case ReversalFault::kNotPayable: {
          const Decision* o = DecisionOf(r.original_id);
          const std::string was(OutcomeName(o ? o->outcome : Outcome::kInvalid));
          return Refused(Outcome::kInvalid, "原结算单的结果为 " + was + "，不能冲正",
                         "the original's outcome is " + was + ": nothing to reverse");
        }
        case ReversalFault::kReversedAlready:
          return Refused(Outcome::kInvalid, "原结算单已冲正过",
                         "the original was reversed already");
        case ReversalFault::kUnknownOriginal:
        case ReversalFault::kNone:
          return Refused(Outcome::kInvalid, "冲正的原结算单不存在：" + r.original_id,
                         "the original settlement is unknown: " + r.original_id);
      }
      break;
    case Outcome::kDuplicate:
      return Refused(Outcome::kDuplicate, "结算单号已处理过：" + r.settlement_id,
                     "this settlement was seen before: " + r.settlement_id);
    case Outcome::kOutOfScope:
      return Refused(Outcome::kOutOfScope, "非会员或不在管辖范围", "not a member in your scope");
    case Outcome::kOutOfPeriod:
      return Refused(Outcome::kOutOfPeriod,
                     "出院日期不在方案期间（" + FormatDate(plan_.start) + " 至 " +
                         FormatDate(plan_.end) + "）",
                     "the discharge date is outside the plan (" + FormatDate(plan_.start) + " to " +
                         FormatDate(plan_.end) + ")");
    case Outcome::kNotEnrolled:
      return Refused(Outcome::kNotEnrolled, "出院时会员未参加本方案",
                     "the member was not enrolled in the plan at discharge");
    case Outcome::kWaitingPeriod: {
      const uint32_t m = t_->index.Find(r.member_id);
      const std::string until =
          FormatDate(DateOfDay(m == MemberIndex::kNone ? 0 : t_->enrolments[m].waiting_end));
      return Refused(Outcome::kWaitingPeriod, "出院日期在等待期内（等待期至 " + until + "）",
                     "the discharge date is within the waiting period (until " + until + ")");
    }
    case Outcome::kPaid:
    case Outcome::kZero:
    case Outcome::kReversal:
      break;
  }
  return v;
}

std::vector<Verdict> Adjudicator::Run(const std::vector<Result<Record>>& records) {
  const Rulings rulings = Adjudicate(records);
  std::vector<Verdict> out;
  out.reserve(records.size());
  for (size_t i = 0; i < records.size(); ++i) out.push_back(VerdictOf(records[i], rulings[i]));
  return out;
}

}  // namespace nj::mutual_aid
