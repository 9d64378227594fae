// The organisation tree: reading within scope, creating, renaming, moving subtrees, and the
// member counts kept for every organisation's subtree.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/principal.h"
#include "core/error.h"
#include "core/page.h"
#include "store/db.h"

namespace nj::org {

struct Org {
  int64_t id = 0;
  int64_t parent_id = 0;  // 0 for a root
  std::string kind, name, division_code, path;
  std::string contact_name, contact_phone, address;  // whom members call, shown on the portal
  std::string registration_no;  // issued when an establishment is approved ("" before this system)
  int64_t depth = 0;
  int64_t members = 0;  // active members in the whole subtree
  bool has_children = false;
  // When its employer closed and its members went to the union above (0 while open).
  int64_t closed_at = 0;
  std::string closed_reason;
  // Its place in the tree (OrgService::Get only): the ancestors in the caller's scope, from the
  // top of that scope down to the parent.
  struct Crumb {
    int64_t id = 0;
    std::string kind, name;
  };
  std::vector<Crumb> ancestors;
};

// Grassroots unions of a subtree, the list behind the dashboard's union figures.
struct UnionQuery {
  int64_t org_id = 0;         // subtree; 0 = the caller's scope
  std::string kind;           // one grassroots kind; "" = every grassroots kind
  bool no_committee = false;  // only those with no sitting committee on record
  PageRequest page;           // by id
};

// How many rows a list's `total` counts exactly; past it the answer says capped.
inline constexpr int64_t kUnionCountCap = 10000;

struct OrgInput {
  int64_t parent_id = 0;
  std::string kind, name, division_code;
  std::string contact_name, contact_phone, address;  // optional
};

struct CategoryCount {
  std::string category;
  int64_t own = 0;      // in the organisation itself
  int64_t subtree = 0;  // in it and everything below
};

struct Rollup {
  Org org;
  int64_t members = 0;  // active members of the subtree
  std::vector<CategoryCount> by_category;
};

// Changes the active-member count of `category` by `delta` for the organisation at `org_path`
// (own and subtree) and every ancestor (subtree). Call on the connection of the transaction that
// changes the member. One upsert per level: a county member touches five rows at most.
Result<void> AdjustMemberCount(store::Conn& conn, std::string_view org_path,
                               std::string_view category, int64_t delta);

// The active-member counts of organisation `org_id` by category, own and subtree: one indexed
// read. The counts (org_member_count) are this module's: others read and change them only
// through these functions and AdjustMemberCount.
Result<std::vector<CategoryCount>> MemberCounts(store::Conn& conn, int64_t org_id);
// Active members in the subtree of `org_id`, and in the whole tree (every root).
Result<int64_t> ActiveMembers(store::Conn& conn, int64_t org_id);
Result<int64_t> ActiveMembersOfTree(store::Conn& conn);
// How many open organisations of each kind lie in `range` (kinds with none absent; a closed
// union is no longer counted).
Result<std::vector<std::pair<std::string, int64_t>>> CountByKind(store::Conn& conn,
                                                                 const auth::PathRange& range);

// A step of closing a union done by a module that keeps records in it (the member module holds
// its members in the union above), on the closing transaction's `conn`: `closed` is the union as
// it was before closing, `parent` the union above. Answers how many members it moved.
using ClosingStep =
    std::function<Result<int64_t>(store::Conn& conn, const auth::Principal& who, const Org& closed,
                                  const Org& parent, std::string_view reason)>;

// All reads and changes are within the caller's scope: an organisation outside it answers
// kNotFound, exactly as one that does not exist. Every change is audited in its transaction.
class OrgService {
 public:
  explicit OrgService(store::Database& db) : db_(db) {}

  Result<Org> Get(const auth::Principal& who, int64_t id);
  // Children of `parent_id`, by pinyin of name; parent_id 0 = the caller's own organisation
  // (answered as a one-element list), so a tree view starts there and loads lazily.
  Result<std::vector<Org>> Children(const auth::Principal& who, int64_t parent_id);
  // Organisations whose name contains `text` (simplified or traditional), at most `limit`.
  Result<std::vector<Org>> Search(const auth::Principal& who, std::string_view text, int limit);
  // The federation in the caller's scope a new union of `division_code` would sit under: the
  // township (street) federation of that exact division when just one has it, else the county
  // federation of its first six digits; none (an empty list) when neither is in scope.
  Result<std::vector<Org>> ProposedParent(const auth::Principal& who,
                                          std::string_view division_code);
  Result<Org> Create(const auth::Principal& who, const OrgInput& in);
  // Changes name, kind, division code and contacts (parent_id is ignored: see Move).
  Result<Org> Update(const auth::Principal& who, int64_t id, const OrgInput& in);
  // Re-parents the subtree of `id` under `new_parent_id`, in one transaction: paths, depths and
  // member counts of both ancestries. Refused for the caller's own organisation, and when the
  // new parent lies inside the moved subtree.
  Result<Org> Move(const auth::Principal& who, int64_t id, int64_t new_parent_id);
  // Deletes an organisation with no children, members or users.
  Result<void> Delete(const auth::Principal& who, int64_t id);
  // Open grassroots unions of the subtree as `q` filters them, by id a page at a time (what
  // the dashboard's union counts count: CountByKind leaves closed unions out too).
  Result<Page<Org>> Unions(const auth::Principal& who, const UnionQuery& q);
  // How many Unions lists over all its pages, counted up to kUnionCountCap + 1.
  Result<int64_t> CountUnions(const auth::Principal& who, const UnionQuery& q);
  // Member counts of a subtree by category: one indexed read.
  Result<Rollup> GetRollup(const auth::Principal& who, int64_t id);
  // The employer of a grassroots union has closed: the union closes with `reason`, its member
  // counts go to the union one level up, and each step registered with OnClose runs in the same
  // transaction (the member module's holds the members there until transfers move them on).
  // Done by the level above (org:write, the parent in scope). Returns the members held.
  Result<int64_t> CloseUnion(const auth::Principal& who, int64_t org_id, std::string_view reason);
  // Registers a step of CloseUnion (at start-up, before serving).
  void OnClose(ClosingStep step) { closing_steps_.push_back(std::move(step)); }

 private:
  store::Database& db_;
  std::vector<ClosingStep> closing_steps_;
};

// Creates an organisation on `conn` (inside the caller's transaction), checked and audited as
// OrgService::Create does, which calls it.
Result<Org> CreateOrg(store::Conn& conn, const auth::Principal& who, const OrgInput& in);

// Reads one organisation by id on `conn` if it lies within `scope`; kNotFound otherwise.
Result<Org> FindOrg(store::Conn& conn, const auth::PathRange& scope, int64_t id);
// Reads one organisation by id wherever it lies, for the checks that must see past the caller's
// scope: a parent's kind, a transfer's destination, the union a worker joins, where a person
// already registered elsewhere is, a portal member's own union. Never to show a caller what
// their scope does not hold.
Result<Org> FindOrgAnywhere(store::Conn& conn, int64_t id);
// kConflict, naming the union, when `org` is closed: it takes no new members.
Result<void> RequireOpen(const Org& org);

}  // namespace nj::org
