// The member registry: one person, one membership; personal data encrypted at rest, found by
// blind index, shown masked; every change and every reveal audited; every change of an active
// member's organisation, category or status kept in the organisation counts in the same
// transaction.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "auth/principal.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/page.h"
#include "job/job.h"
#include "member/rules.h"
#include "store/db.h"

namespace nj::member {

struct Member {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string org_name;
  std::string name;
  std::string id_number;  // masked: 330***********123X
  std::string sex;        // "M" / "F"
  std::string birth_date;
  std::string phone;  // masked: 138****5678, or ""
  std::string employer, category, join_date, status;
  std::string employment;  // employed, retired, unemployed
  // The closed union whose member this was, while the union above holds the membership.
  int64_t held_from_org_id = 0;
  std::string held_from_org_name;
  int64_t created_at = 0, updated_at = 0;
  bool division_warning = false;  // set on create when the ID's county code is not known
};

struct MemberQuery {
  int64_t org_id = 0;    // 0 = the caller's whole scope
  std::string name;      // prefix, simplified or traditional
  // One search box (see SearchOf): any part of the name (simplified or traditional, spaces
  // ignored), a full ID number or phone (exact, by the blind index), a card number.
  std::string q;
  std::string category;  // "" = any; kNewFormGroup = the four new-employment-form categories
  std::string status;    // "" = any
  // "" = any; "retired" or "unemployed"; "held" = held for a closed union (kSituations)
  std::string situation;
  std::string cursor;  // from the previous page
  int limit = 20;      // 1..200
  // Page numbers (1…) instead of a cursor: rows from (page − 1) × limit, within the first
  // kCountCap rows (what the total counts exactly); 0 = keyset by cursor.
  int64_t page = 0;
  // Give the page's total (Page::total): exact and free when the counts kept per organisation
  // hold it (see List), else counted up to kCountCap on the first page only.
  bool with_total = false;
};

// The total under a filter is counted up to kCountCap rows: past it the list says "10 000+"
// (counting a city's 1.5 M members on every page read would cost a scan of them all).
inline constexpr int64_t kCountCap = 10000;
// count: min(the true count, kCountCap); capped: more than kCountCap.
using MemberTotal = PageTotal;

using MemberPage = Page<Member>;  // next_cursor: the last row's sort key and id

// The blind-index and encryption purposes of the personal fields.
inline constexpr std::string_view kIdNumberPurpose = "id_number";
inline constexpr std::string_view kPhonePurpose = "phone";

// The stored columns of a valid member (name, sort and search keys, the ID number sealed,
// blind-indexed and masked, sex, birth date, the phone likewise, employer, category, join date),
// in the order of kPersonalColumnNames.
inline constexpr std::string_view kPersonalColumnNames[] = {
    "name",     "name_key",   "name_fold", "id_number_enc", "id_number_idx", "id_number_masked",
    "sex",      "birth_date", "phone_enc", "phone_idx",     "phone_masked",  "employer",
    "category", "join_date"};
std::vector<store::Value> PersonalColumns(const ValidMember& v, const Vault& vault);

// ---- Members in bulk, in scope ------------------------------------------------------------
// The one place where bulk paths (a settlement file, a roster, a list of chosen members, the
// originals of reversals) find members, with the same scope as the single-record routes (a
// member is in scope when their union's path lies in the range). A key of a member outside the
// scope and a key of no member are answered alike, so that no caller can tell the two apart; a
// module never reads member rows or ID numbers for this itself.

// The 16-byte blind index of a resident ID number (normalised: 18 characters, check character
// upper-case), as the registry finds it.
using IdIndex = std::array<char, 16>;
IdIndex IdIndexOf(const Vault& vault, std::string_view id_number);

// For each of `keys` (sorted and distinct: the look-up walks the registry's index in order, a
// slab of keys at a time, so that a settlement file of a million records stays fast), the id of
// the member it names inside `scope`, or 0 (no such member, or one outside the scope). A scope
// that holds every organisation is answered from the index alone; a narrower one reads the union
// of each member found.
Result<std::vector<int64_t>> FindByIdIndex(store::Conn& c, const auth::PathRange& scope,
                                           std::span<const IdIndex> keys);

// A member found in scope by id: where they are and whether active.
struct ScopedMember {
  int64_t id = 0, org_id = 0;
  std::string status;
};
// The members of `ids` (any order, repeats allowed) inside `scope`, by id; an id of no member
// and an id of a member outside the scope are both absent.
Result<std::unordered_map<int64_t, ScopedMember>> FindByIds(store::Conn& c,
                                                            const auth::PathRange& scope,
                                                            std::span<const int64_t> ids);

// Of `ids` (sorted and distinct), the members whose union lies outside `scope`, sorted: what a
// bulk path must not touch although a record of its own names them (a reversal's original). Ids
// of no member are not listed. Nothing is read when the scope holds every organisation.
Result<std::vector<int64_t>> OutsideScope(store::Conn& c, const auth::PathRange& scope,
                                          std::span<const int64_t> ids);

class MemberService {
 public:
  MemberService(store::Database& db, const Vault& vault) : db_(db), vault_(vault) {}

  // kNotFound when the member does not exist or lies outside the caller's scope.
  Result<Member> Get(const auth::Principal& who, int64_t id);
  // A member's own record, for the member signed in to the portal (no staff scope applies).
  Result<Member> Self(int64_t id);
  // By pinyin of the name, then id; filters as MemberQuery says. Two round trips: what the
  // filter's organisation is and holds (its counts choose the plan and may give the total), then
  // the page; a third, the bounded count, only for a total the counts cannot give
  // (q.with_total on the first page of a filter by name, search, situation or a status other
  // than active; or a subtree of at most kCountCap active members).
  Result<MemberPage> List(const auth::Principal& who, const MemberQuery& q);
  // How many members List would show for `q` over all its pages (cursor and limit ignored).
  Result<int64_t> Count(const auth::Principal& who, const MemberQuery& q);
  // Count, stopping at kCountCap: the `total` of a list page.
  Result<MemberTotal> Total(const auth::Principal& who, const MemberQuery& q);
  // Writes every member List shows for `q`, all pages, masked as on screen, in the order of the
  // list; headers and names of codes in English or Chinese.
  Result<void> Export(const auth::Principal& who, MemberQuery q, bool english, job::Sheet& sheet,
                      job::Progress& progress);
  // Every member of the subtree of `org_id` (0: the caller's own), union by union in tree order
  // and by name within each, masked: the streaming export of a whole county or city.
  Result<void> ExportSubtree(const auth::Principal& who, int64_t org_id, bool english,
                             job::Sheet& sheet, job::Progress& progress);
  // kConflict when the person is a member already (naming the union; masked if out of scope).
  Result<Member> Create(const auth::Principal& who, const MemberInput& in);
  // Create on the caller's transaction (an approved joining application); `reason` is audited.
  Result<Member> CreateOn(store::Conn& c, const auth::Principal& who, const MemberInput& in,
                          std::string_view reason);
  // Checks a would-be member: every field, and that the person is not a member anywhere (the
  // union of a conflict is named masked).
  Result<void> CheckNew(store::Conn& c, const MemberInput& in);
  // Changes the member's own fields. The organisation does not change here (that is a transfer).
  Result<Member> Update(const auth::Principal& who, int64_t id, const MemberInput& in);
  // active / suspended / exited / deceased, with a reason.
  // Records retirement, unemployment or a return to work, with a reason: the member stays with
  // the same union and stays active.
  Result<Member> SetEmployment(const auth::Principal& who, int64_t id, std::string_view employment,
                               std::string_view reason);
  Result<Member> SetStatus(const auth::Principal& who, int64_t id, std::string_view status,
                           std::string_view reason);
  // Removes a record entered in error.
  Result<void> Delete(const auth::Principal& who, int64_t id, std::string_view reason);
  // The clear value of "id_number" or "phone", for a user holding member:reveal, with a reason.
  Result<std::string> Reveal(const auth::Principal& who, int64_t id, std::string_view field,
                             std::string_view reason);

 private:
  store::Database& db_;
  const Vault& vault_;
};

}  // namespace nj::member
