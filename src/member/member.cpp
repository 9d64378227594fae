#include "member/member.h"

#include <functional>

#include "auth/audit.h"
#include "auth/scope.h"
#include "core/crypto.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/mask.h"
#include "core/name_search.h"
#include "core/parse.h"
#include "core/text.h"
#include "org/org.h"
#include "store/references.h"

namespace nj::member {

namespace {

using store::Value;

// The columns FromRow reads, with the organisation's name and path taken from ORG_NAME and
// ORG_PATH (a joined table's columns, or correlated look-ups).
#define NJ_MEMBER_COLUMNS_OF(ORG_NAME, ORG_PATH)                                  \
  "m.id, m.org_id, " ORG_NAME                                                     \
  ", m.name, m.id_number_masked, m.sex, m.birth_date, "                           \
  "m.phone_masked, m.employer, m.category, m.join_date, m.status, m.created_at, " \
  "m.updated_at, m.name_key, " ORG_PATH                                           \
  ", m.employment, m.held_from, "                                                 \
  "(SELECT name FROM org WHERE id = m.held_from) "
#define NJ_MEMBER_COLUMNS NJ_MEMBER_COLUMNS_OF("o.name", "o.path")
#define NJ_ORG_PATH_OF_M "(SELECT path FROM org WHERE id = m.org_id)"

constexpr std::string_view kGet =
    "SELECT " NJ_MEMBER_COLUMNS
    "FROM member m JOIN org o ON o.id = m.org_id WHERE m.id = ? AND o.path >= ? AND o.path < ?";
// Two plans for one page, chosen by the size of the subtree (see List): walk the members in name
// order and keep those in scope (a large subtree: a page is found after a few rows), or take
// the subtree's members and sort them (a small one). The walk looks the organisation up per row
// rather than joining it, which keeps SQLite from building a filter over the whole org table
// for every page.
#define NJ_MEMBER_MATCH_NAMED(PATH, NAME)                                              \
  PATH " >= ? AND " PATH                                                               \
       " < ? AND (? = '' OR m.category = ? OR (? = 'new_form' AND m.category IN "      \
       "('courier', 'delivery_rider', 'ride_hailing_driver', 'truck_driver'))) "       \
       "AND (? = '' OR m.status = ?) "                                                 \
       "AND (? = '' OR m.employment = ? OR (? = 'held' AND m.held_from IS NOT NULL)) " \
       "AND " NAME
// The name prefix: any name (its test written so that it never steers the plan), or a prefix
// given (a range of the index member_search within each organisation: the `? = '' OR` form
// would make the planner scan every member of the subtree for it).
#define NJ_ANY_NAME "(? = '' OR (m.name_fold >= ? AND m.name_fold < ?)) "
#define NJ_NAME_PREFIX "(? <> '' AND m.name_fold >= ? AND m.name_fold < ?) "
#define NJ_MEMBER_MATCH(PATH) NJ_MEMBER_MATCH_NAMED(PATH, NJ_ANY_NAME)
// The one search key (MemberQuery::q) as a predicate after NJ_MEMBER_MATCH, by its kind: a part
// of the name (a scan of the rows the plan visits: see List), or an exact blind index or id
// (an index look-up; nothing personal is decrypted or scanned).
constexpr std::string_view kSearchPredicate[] = {
    "",                                          // kNone
    "AND " NJ_NAME_CONTAINS("m.name_fold") " ",  // kName
    "AND m.id_number_idx = ? ",                  // kIdNumber
    "AND m.phone_idx = ? ",                      // kPhone
    "AND m.id = ? "};                            // kNumber
constexpr std::string_view kListByNameHead = "SELECT " NJ_MEMBER_COLUMNS_OF(
    "(SELECT name FROM org WHERE id = m.org_id)",
    NJ_ORG_PATH_OF_M) "FROM member m WHERE " NJ_MEMBER_MATCH(NJ_ORG_PATH_OF_M);
// The subtree's matching ids are found and sorted first (from the index member_search alone,
// without reading a member's row), then the page's rows are read: a scan of a county for a part
// of a name reads index entries, not 200 000 rows. Closed by kSubtreeTail.
#define NJ_LIST_BY_SUBTREE(NAME)                                                       \
  "SELECT " NJ_MEMBER_COLUMNS                                                          \
  "FROM member m JOIN org o ON o.id = m.org_id WHERE m.id IN (SELECT m.id FROM org o " \
  "JOIN member m ON m.org_id = o.id WHERE " NJ_MEMBER_MATCH_NAMED("o.path", NAME)
// [0]: any name; [1]: a name prefix given (also for the counts below).
constexpr std::string_view kListBySubtreeHead[] = {NJ_LIST_BY_SUBTREE(NJ_ANY_NAME),
                                                   NJ_LIST_BY_SUBTREE(NJ_NAME_PREFIX)};
constexpr std::string_view kSubtreeTail = ") ORDER BY m.name_key, m.id";
constexpr std::string_view kListTail =
    "AND (m.name_key, m.id) > (?, ?) ORDER BY m.name_key, m.id LIMIT ? OFFSET ?";
#define NJ_COUNT(NAME)                                                                        \
  "SELECT COUNT(*) FROM org o JOIN member m ON m.org_id = o.id WHERE " NJ_MEMBER_MATCH_NAMED( \
      "o.path", NAME)
constexpr std::string_view kCountHead[] = {NJ_COUNT(NJ_ANY_NAME), NJ_COUNT(NJ_NAME_PREFIX)};
#define NJ_CAPPED_COUNT(NAME)                                                   \
  "SELECT COUNT(*) FROM (SELECT 1 FROM org o JOIN member m ON m.org_id = o.id " \
  "WHERE " NJ_MEMBER_MATCH_NAMED("o.path", NAME)
constexpr std::string_view kCappedCountHead[] = {NJ_CAPPED_COUNT(NJ_ANY_NAME),
                                                 NJ_CAPPED_COUNT(NJ_NAME_PREFIX)};
// What a list needs to know of the organisation whose subtree it shows (q.org_id, or the
// caller's own), in one round trip: its id and path (checked against the caller's scope), the
// active members kept per organisation and category (org_member_count) in its subtree and in
// itself — all of them, and those of the query's category — and the active members of the whole
// tree. The counts choose the page's plan and may give its total (see List).
#define NJ_COUNTED(COLUMN, CATEGORY)                                                              \
  "(SELECT COALESCE(SUM(c." COLUMN "), 0) FROM org_member_count c WHERE c.org_id = o.id" CATEGORY \
  ")"
#define NJ_OF_CATEGORY                                                               \
  " AND (? = '' OR c.category = ? OR (? = 'new_form' AND c.category IN ('courier', " \
  "'delivery_rider', 'ride_hailing_driver', 'truck_driver')))"
constexpr std::string_view kFacts =
    "SELECT o.id, o.path, " NJ_COUNTED("subtree", "") ", " NJ_COUNTED("own", "") ", " NJ_COUNTED(
        "subtree", NJ_OF_CATEGORY) ", " NJ_COUNTED("own", NJ_OF_CATEGORY) ", "
                                   "(SELECT COALESCE(SUM(c.subtree), 0) FROM org_member_count c "
                                   "WHERE c.org_id IN (SELECT id FROM org WHERE parent_id IS "
                                   "NULL)) FROM org o WHERE o.id = ?";
constexpr std::string_view kSubtreeOrgs =
    "SELECT id FROM org WHERE path >= ? AND path < ? ORDER BY path";
constexpr std::string_view kOfOrg =
    "SELECT " NJ_MEMBER_COLUMNS
    "FROM member m JOIN org o ON o.id = m.org_id WHERE m.org_id = ? ORDER BY m.name_key, m.id";
constexpr std::string_view kFindByIdNumber =
    "SELECT m.id, o.path, o.name FROM member m JOIN org o ON o.id = m.org_id "
    "WHERE m.id_number_idx = ?";
constexpr std::string_view kInsert =
    "INSERT INTO member (org_id, name, name_key, name_fold, id_number_enc, id_number_idx, "
    "id_number_masked, sex, birth_date, phone_enc, phone_idx, phone_masked, employer, category, "
    "join_date, status, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?) RETURNING id";
constexpr std::string_view kUpdate =
    "UPDATE member SET name = ?, name_key = ?, name_fold = ?, id_number_enc = ?, "
    "id_number_idx = ?, id_number_masked = ?, sex = ?, birth_date = ?, phone_enc = ?, "
    "phone_idx = ?, phone_masked = ?, employer = ?, category = ?, join_date = ?, updated_at = ? "
    "WHERE id = ?";
constexpr std::string_view kSetEmployment =
    "UPDATE member SET employment = ?, updated_at = ? WHERE id = ?";
constexpr std::string_view kSetStatus =
    "UPDATE member SET status = ?, status_date = ?, updated_at = ? WHERE id = ?";
constexpr std::string_view kDelete = "DELETE FROM member WHERE id = ?";
constexpr std::string_view kSecret = "SELECT id_number_enc, phone_enc FROM member WHERE id = ?";

Member FromRow(const store::Row& r) {
  Member m;
  r.Into(0, m.id, m.org_id, m.org_name, m.name, m.id_number, m.sex, m.birth_date, m.phone,
         m.employer, m.category, m.join_date, m.status, m.created_at, m.updated_at);
  m.employment = r.Text(16);
  m.held_from_org_id = r.IsNull(17) ? 0 : r.Int(17);
  m.held_from_org_name = r.IsNull(18) ? "" : r.Text(18);
  return m;
}

// The audit image of a member: personal data masked.
std::string Image(const Member& m) {
  return Fields()
      .Add("org_id", m.org_id)
      .Add("name", m.name)
      .Add("id_number", m.id_number)
      .Add("phone", m.phone)
      .Add("employer", m.employer)
      .Add("category", m.category)
      .Add("join_date", m.join_date)
      .Add("status", m.status)
      .Add("employment", m.employment)
      .Json();
}

// A cursor is the hex of the last row's sort key, '.', and its id.
std::string MakeCursor(const store::Row& r) {
  return ToHex(r.Bytes(14)) + "." + std::to_string(r.Int(0));
}

Result<std::pair<std::string, int64_t>> ParseCursor(std::string_view c) {
  auto bad = [] {
    return Fail(ErrorCode::kInvalidInput, "分页游标无效", "the cursor is not valid", "cursor");
  };
  const auto dot = c.find('.');
  if (dot == std::string_view::npos) return bad();
  auto key = FromHex(c.substr(0, dot));
  auto id = ParseInteger("cursor", c.substr(dot + 1));
  if (!key || !id) return bad();
  return std::pair{std::move(*key), *id};
}

Result<Member> Find(store::Conn& c, const auth::Principal& who, int64_t id,
                    std::string* path = nullptr) {
  const auto scope = who.Scope();
  const Value p[] = {id, scope.low, scope.high};
  auto rows = c.Query(kGet, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) {
    return Fail(ErrorCode::kNotFound, "会员不存在：" + std::to_string(id),
                "no such member: " + std::to_string(id));
  }
  if (path) *path = (*rows)[0].Text(15);
  return FromRow((*rows)[0]);
}

// An organisation name shown to someone outside its scope: its first two characters.
std::string MaskOrgName(std::string_view name) {
  size_t cut = 0;
  for (int chars = 0; cut < name.size() && chars < 2; ++chars) {
    do ++cut;
    while (cut < name.size() && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80);
  }
  return std::string(name.substr(0, cut)) + "***";
}

// Refuses a resident ID that already belongs to a member other than `self`.
Result<void> CheckUnique(store::Conn& c, const auth::Principal& who, const std::string& index,
                         int64_t self) {
  const Value p[] = {store::Blob{index}};
  auto rows = c.Query(kFindByIdNumber, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty() || (*rows)[0].Int(0) == self) return {};
  const auto& r = (*rows)[0];
  if (who.Scope().Contains(r.Text(1))) {
    return Fail(ErrorCode::kConflict,
                "此人已是「" + r.Text(2) + "」的会员（会员编号 " + std::to_string(r.Int(0)) + "）",
                "this person is already a member of " + r.Text(2) + " (member " +
                    std::to_string(r.Int(0)) + ")",
                "id_number");
  }
  const std::string masked = MaskOrgName(r.Text(2));
  return Fail(ErrorCode::kConflict, "此人已是其他工会（" + masked + "）的会员",
              "this person is already a member of another union (" + masked + ")", "id_number");
}

}  // namespace

std::vector<store::Value> PersonalColumns(const ValidMember& v, const Vault& vault) {
  const bool phone = !v.phone.empty();
  return {v.name,
          store::Blob{PinyinSortKey(v.name)},
          FoldText(v.name),
          store::Blob{vault.Seal(v.id.number)},
          store::Blob{vault.BlindIndex(kIdNumberPurpose, v.id.number)},
          MaskIdNumber(v.id.number),
          std::string(1, v.id.sex),
          FormatDate(v.id.birth_date),
          phone ? Value(store::Blob{vault.Seal(v.phone)}) : Value(),
          phone ? Value(store::Blob{vault.BlindIndex(kPhonePurpose, v.phone)}) : Value(),
          phone ? MaskPhone(v.phone) : std::string(),
          v.employer,
          v.category,
          FormatDate(v.join_date)};
}

Result<Member> MemberService::Get(const auth::Principal& who, int64_t id) {
  if (auto n = who.Require(auth::kMemberRead); !n) return std::unexpected(n.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  return Find(**lease, who, id);
}

namespace {

// The checked filters of a query: the path range it covers, the name-prefix range and the one
// search key.
struct Filter {
  auth::PathRange range;
  int64_t root = 0;  // the organisation the range is the subtree of
  // Active members (kept counts): in the range, in the range of the query's category, in the
  // whole tree.
  int64_t in_range = 0, of_category = 0, all = 0;
  bool counted = true;  // the three above were read
  std::string prefix, prefix_end;
  Search search;
  Value key;  // the search's parameter: a LIKE pattern, a blind index or a member id

  // The parameters of NJ_MEMBER_MATCH and the search predicate, for `q`.
  std::vector<Value> Params(const MemberQuery& q) const {
    std::vector<Value> p = {range.low, range.high, q.category,  q.category,  q.category,
                            q.status,  q.status,   q.situation, q.situation, q.situation,
                            prefix,    prefix,     prefix_end};
    if (search.kind != Search::kNone) p.push_back(key);
    return p;
  }
  std::string_view Predicate() const { return kSearchPredicate[search.kind]; }
};

Result<Filter> CheckFilter(store::Conn& c, const auth::Principal& who, const MemberQuery& q,
                           const Vault& vault) {
  if (auto n = who.Require(auth::kMemberRead); !n) return std::unexpected(n.error());
  if (!q.category.empty() && q.category != kNewFormGroup && !IsKnownCategory(q.category)) {
    return Fail(ErrorCode::kInvalidInput, "未知的职工类别", "unknown category", "category");
  }
  if (!q.status.empty() && !IsKnownStatus(q.status)) {
    return Fail(ErrorCode::kInvalidInput, "未知的会籍状态", "unknown status", "status");
  }
  if (!q.situation.empty() && q.situation != "held" &&
      (!IsKnownEmployment(q.situation) || q.situation == "employed")) {
    return Fail(ErrorCode::kInvalidInput, "未知的情形（应为 retired、unemployed 或 held）",
                "unknown situation (retired, unemployed or held)", "situation");
  }
  Filter f;
  f.prefix = FoldText(q.name);
  f.search = SearchOf(q.q);
  // The largest code point closes the prefix range: every name starting with it sorts below.
  f.prefix_end = f.prefix + "\xF4\x8F\xBF\xBF";
  switch (f.search.kind) {
    case Search::kNone:
      break;
    case Search::kName:
      f.key = NameContainsPattern(f.search.text);
      break;
    case Search::kIdNumber:
      f.key = store::Blob{vault.BlindIndex(kIdNumberPurpose, f.search.text)};
      break;
    case Search::kPhone:
      f.key = store::Blob{vault.BlindIndex(kPhonePurpose, f.search.text)};
      break;
    case Search::kNumber:
      f.key = f.search.member_id;
      break;
  }
  // The organisation as auth::OrgInScope finds it (the caller's own when q.org_id is 0; out of
  // scope reads as missing), with its counts.
  const int64_t wanted = q.org_id ? q.org_id : who.org_id;
  if (wanted == 0) {
    // Work no user does (auth::System) over its whole scope: no organisation of its own, no
    // counts read; the page walks the names (see List) and any total is counted.
    f.range = who.Scope();
    f.counted = false;
    return f;
  }
  const Value p[] = {q.category, q.category, q.category, q.category,
                     q.category, q.category, wanted};
  auto rows = c.Query(kFacts, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty() || !who.Scope().Contains((*rows)[0].Text(1))) {
    return Fail(ErrorCode::kNotFound, "组织不存在：" + std::to_string(wanted),
                "no such organisation: " + std::to_string(wanted), "org_id");
  }
  const store::Row& r = (*rows)[0];
  f.root = r.Int(0);
  f.range = who.own_org_only ? auth::OnlyOrg(r.Text(1)) : auth::SubtreeOf(r.Text(1));
  f.in_range = r.Int(who.own_org_only ? 3 : 2);
  f.of_category = r.Int(who.own_org_only ? 5 : 4);
  f.all = r.Int(6);
  return f;
}

// The total of a page of `q` when the kept counts give it without reading a member: every
// active member of the range (and category) matches when nothing narrows by name, search or
// situation; with status active they are exactly the matches, with any status a lower bound
// (past kCountCap, the total is capped for free).
std::optional<MemberTotal> KeptTotal(const Filter& f, const MemberQuery& q) {
  if (!f.counted) return {};
  if (!q.name.empty() || f.search.kind != Search::kNone || !q.situation.empty()) return {};
  if (q.status == "active") {
    return MemberTotal{.count = std::min(f.of_category, kCountCap),
                       .capped = f.of_category > kCountCap};
  }
  if (q.status.empty() && f.of_category > kCountCap) {
    return MemberTotal{.count = kCountCap, .capped = true};
  }
  return {};
}

// The total of `q` counted, up to kCountCap + 1 rows.
Result<MemberTotal> CountedTotal(store::Conn& c, const Filter& f, const MemberQuery& q) {
  auto p = f.Params(q);
  p.push_back(int64_t{kCountCap + 1});
  auto n = c.QueryInt(
      std::string(kCappedCountHead[!q.name.empty()]) + std::string(f.Predicate()) + "LIMIT ?) t",
      p);
  if (!n) return std::unexpected(n.error());
  return MemberTotal{.count = std::min(*n, kCountCap), .capped = *n > kCountCap};
}

}  // namespace

Result<Member> MemberService::Self(int64_t id) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  // The member's own record, by the id of their portal session: the portal reads it for them.
  return Find(**lease, auth::System("portal", {}), id);
}

Result<MemberPage> MemberService::List(const auth::Principal& who, const MemberQuery& q) {
  if (auto ok = CheckPageLimit(q.limit); !ok) return std::unexpected(ok.error());
  // Page numbers reach as far as the total counts exactly (kCountCap rows); past them the
  // cursor goes on. An offset costs the rows it skips, so it is bounded like the count.
  if (q.page < 0 || (q.page > 0 && (q.page - 1) * q.limit >= kCountCap)) {
    return Fail(ErrorCode::kInvalidInput, "页码超出范围（仅前 10000 条可按页码跳转）",
                "page out of range (page numbers cover the first 10000 rows)", "page");
  }
  if (q.page > 0 && !q.cursor.empty()) {
    return Fail(ErrorCode::kInvalidInput, "页码与分页游标不能同时使用",
                "page and cursor cannot be used together", "page");
  }
  std::pair<std::string, int64_t> after{"", 0};
  if (!q.cursor.empty()) {
    auto c = ParseCursor(q.cursor);
    if (!c) return std::unexpected(c.error());
    after = *c;
  }
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto f = CheckFilter(**lease, who, q, vault_);
  if (!f) return std::unexpected(f.error());
  // Walking in name order visits about limit × all ÷ matches rows; sorting the subtree's
  // matches costs about their number. Take the cheaper (the counts kept per organisation and
  // category, read with the filter, estimate the matches: the active members of the range and
  // category). A part of a name matches rows anywhere in the order, so the walk could visit the
  // whole registry: it reads the subtree only (O(subtree), bounded by the caller's scope). An
  // exact key is one index look-up from the member table, so it takes the walk's form.
  const double rows_wanted =
      static_cast<double>(q.limit + 1 + std::max<int64_t>(q.page - 1, 0) * q.limit);
  const bool exact = f->search.kind >= Search::kIdNumber;
  const auto matches = static_cast<double>(f->of_category);
  const bool by_name =
      exact || (q.name.empty() && f->search.kind == Search::kNone &&
                (!f->counted || WalkInOrder(matches, static_cast<double>(f->all), rows_wanted)));
  auto p = f->Params(q);
  p.insert(p.end(), {store::Blob{after.first}, after.second, int64_t{q.limit + 1},
                     int64_t{q.page > 0 ? (q.page - 1) * q.limit : 0}});
  const std::string sql =
      std::string(by_name ? kListByNameHead : kListBySubtreeHead[!q.name.empty()]) +
      std::string(f->Predicate()) + std::string(kListTail) +
      std::string(by_name ? "" : kSubtreeTail);
  auto rows = (*lease)->Query(sql, p);
  if (!rows) return std::unexpected(rows.error());
  auto found = PageOf(std::move(*rows), q.limit, MakeCursor);
  MemberPage page{.items = {}, .next_cursor = std::move(found.next_cursor), .total = {}};
  for (const auto& r : found.items) page.items.push_back(FromRow(r));
  if (q.with_total) {
    page.total = KeptTotal(*f, q);
    if (!page.total && q.cursor.empty() && q.page <= 1) {
      auto counted = CountedTotal(**lease, *f, q);
      if (!counted) return std::unexpected(counted.error());
      page.total = *counted;
    }
  }
  return page;
}

Result<int64_t> MemberService::Count(const auth::Principal& who, const MemberQuery& q) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto f = CheckFilter(**lease, who, q, vault_);
  if (!f) return std::unexpected(f.error());
  return (*lease)->QueryInt(std::string(kCountHead[!q.name.empty()]) + std::string(f->Predicate()),
                            f->Params(q));
}

Result<MemberTotal> MemberService::Total(const auth::Principal& who, const MemberQuery& q) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto f = CheckFilter(**lease, who, q, vault_);
  if (!f) return std::unexpected(f.error());
  if (auto kept = KeptTotal(*f, q)) return *kept;
  return CountedTotal(**lease, *f, q);
}

namespace {

Result<void> ExportHeader(job::Sheet& sheet, bool english) {
  const std::string header[] = {english ? "Member no." : "会员编号",
                                english ? "Name" : "姓名",
                                english ? "Sex" : "性别",
                                english ? "ID number" : "身份证号",
                                english ? "Phone" : "手机号",
                                english ? "Union" : "所属工会",
                                english ? "Employer" : "工作单位",
                                english ? "Category" : "职工类别",
                                english ? "Joined" : "入会日期",
                                english ? "Status" : "会籍状态"};
  return sheet.Header(header);
}

Result<void> ExportRow(job::Sheet& sheet, const Member& m, bool english) {
  const job::Cell row[] = {CardNumber(m.id),
                           m.name,
                           std::string(SexName(m.sex, english)),
                           m.id_number,
                           m.phone,
                           m.org_name,
                           m.employer,
                           std::string(CategoryName(m.category, english)),
                           m.join_date,
                           std::string(StatusName(m.status, english))};
  return sheet.Row(row);
}

}  // namespace

Result<void> MemberService::Export(const auth::Principal& who, MemberQuery q, bool english,
                                   job::Sheet& sheet, job::Progress& progress) {
  auto total = Count(who, q);
  if (!total) return std::unexpected(total.error());
  progress.SetTotal(*total);
  if (auto r = ExportHeader(sheet, english); !r) return r;
  q.limit = 200;
  q.cursor.clear();
  q.page = 0;
  for (;;) {
    auto page = List(who, q);
    if (!page) return std::unexpected(page.error());
    for (const auto& m : page->items) {
      if (auto r = ExportRow(sheet, m, english); !r) return r;
    }
    progress.Advance(static_cast<int64_t>(page->items.size()));
    if (!page->next_cursor) return {};
    q.cursor = *page->next_cursor;
  }
}

Result<void> MemberService::ExportSubtree(const auth::Principal& who, int64_t org_id, bool english,
                                          job::Sheet& sheet, job::Progress& progress) {
  if (auto n = who.Require(auth::kMemberRead); !n) return std::unexpected(n.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto org = auth::OrgInScope(**lease, who, org_id);
  if (!org) return std::unexpected(org.error());
  const auto range = org->range;
  const Value r[] = {range.low, range.high};
  auto orgs = (*lease)->Query(kSubtreeOrgs, r);
  if (!orgs) return std::unexpected(orgs.error());
  if (auto w = ExportHeader(sheet, english); !w) return w;
  // Union by union, each read in name order from its index and streamed row by row: no sort of
  // the whole subtree, one member in memory at a time.
  for (const auto& o : *orgs) {
    const Value p[] = {o.Int(0)};
    Result<void> written;
    int64_t n = 0;
    auto read = (*lease)->Each(kOfOrg, p, [&](const store::Row& row) {
      if (written) written = ExportRow(sheet, FromRow(row), english);
      if (++n % 10'000 == 0) progress.Advance(10'000);
    });
    if (!read) return read;
    if (!written) return written;
    progress.Advance(n % 10'000);
  }
  return {};
}

Result<Member> MemberService::Create(const auth::Principal& who, const MemberInput& in) {
  if (auto n = who.Require(auth::kMemberWrite); !n) return std::unexpected(n.error());
  return db_.Transaction<Member>(
      [&](store::Conn& c) -> Result<Member> { return CreateOn(c, who, in, ""); });
}

Result<Member> MemberService::CreateOn(store::Conn& c, const auth::Principal& who,
                                       const MemberInput& in, std::string_view reason) {
  auto v = ValidateMember(in, Today());
  if (!v) return std::unexpected(v.error());
  auto org = org::FindOrg(c, who.Scope(), in.org_id);
  if (!org) {
    return Fail(ErrorCode::kInvalidInput, "所属工会不存在", "no such union", "org_id");
  }
  if (auto open = org::RequireOpen(*org); !open) return std::unexpected(open.error());
  const std::string index = vault_.BlindIndex(kIdNumberPurpose, v->id.number);
  if (auto u = CheckUnique(c, who, index, 0); !u) return std::unexpected(u.error());
  const int64_t now = NowUnix();
  std::vector<Value> p = PersonalColumns(*v, vault_);
  p.insert(p.begin(), Value(in.org_id));
  p.emplace_back(now);
  p.emplace_back(now);
  auto id = c.QueryInt(kInsert, p);
  if (!id) return std::unexpected(id.error());
  if (auto a = org::AdjustMemberCount(c, org->path, v->category, 1); !a) {
    return std::unexpected(a.error());
  }
  auto m = Find(c, who, *id);
  if (!m) return std::unexpected(m.error());
  m->division_warning = v->id.division_warning;
  if (auto a = auth::AppendAudit(
          c, who,
          {"create", "member", std::to_string(*id), org->path, "", Image(*m), std::string(reason)});
      !a) {
    return std::unexpected(a.error());
  }
  return m;
}

Result<void> MemberService::CheckNew(store::Conn& c, const MemberInput& in) {
  auto v = ValidateMember(in, Today());
  if (!v) return std::unexpected(v.error());
  auth::Principal nobody;  // sees no union: a conflict names it masked
  nobody.org_path = "~";
  return CheckUnique(c, nobody, vault_.BlindIndex(kIdNumberPurpose, v->id.number), 0);
}

Result<Member> MemberService::Update(const auth::Principal& who, int64_t id,
                                     const MemberInput& in) {
  if (auto n = who.Require(auth::kMemberWrite); !n) return std::unexpected(n.error());
  return db_.Transaction<Member>([&](store::Conn& c) -> Result<Member> {
    std::string path;
    auto before = Find(c, who, id, &path);
    if (!before) return std::unexpected(before.error());
    MemberInput full = in;
    if (in.keep_id_number || in.keep_phone) {
      const Value sp[] = {id};
      auto secret = c.Query(kSecret, sp);
      if (!secret) return std::unexpected(secret.error());
      const auto& row = (*secret)[0];
      if (in.keep_id_number) {
        auto clear = vault_.Open(row.Bytes(0));
        if (!clear) return std::unexpected(clear.error());
        full.id_number = *clear;
      }
      if (in.keep_phone && !row.IsNull(1)) {
        auto clear = vault_.Open(row.Bytes(1));
        if (!clear) return std::unexpected(clear.error());
        full.phone = *clear;
      }
    }
    auto v = ValidateMember(full, Today());
    if (!v) return std::unexpected(v.error());
    if (in.org_id != 0 && in.org_id != before->org_id) {
      return Fail(ErrorCode::kInvalidInput, "更换所属工会请办理会籍转接",
                  "a change of union is a transfer, not an edit", "org_id");
    }
    const std::string index = vault_.BlindIndex(kIdNumberPurpose, v->id.number);
    if (auto u = CheckUnique(c, who, index, id); !u) return std::unexpected(u.error());
    std::vector<Value> p = PersonalColumns(*v, vault_);
    p.push_back(NowUnix());
    p.push_back(id);
    if (auto r = c.Exec(kUpdate, p); !r) return std::unexpected(r.error());
    if (before->status == "active" && before->category != v->category) {
      if (auto a = org::AdjustMemberCount(c, path, before->category, -1); !a)
        return std::unexpected(a.error());
      if (auto a = org::AdjustMemberCount(c, path, v->category, 1); !a)
        return std::unexpected(a.error());
    }
    auto after = Find(c, who, id);
    if (!after) return std::unexpected(after.error());
    after->division_warning = v->id.division_warning;
    if (auto a = auth::AppendAudit(
            c, who,
            {"update", "member", std::to_string(id), path, Image(*before), Image(*after), ""});
        !a) {
      return std::unexpected(a.error());
    }
    return after;
  });
}

namespace {

// A change that needs a reason (status, employment): in one transaction, the member read in
// scope, `apply` writing it (false: nothing to change), the member read again, and the change
// audited as `action` with the reason.
Result<Member> ChangeWithReason(
    store::Database& db, const auth::Principal& who, int64_t id, std::string_view action,
    std::string_view reason,
    const std::function<Result<bool>(store::Conn&, const Member&, const std::string&)>& apply) {
  if (reason.find_first_not_of(" \t") == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "请填写原因", "a reason is required", "reason");
  }
  return db.Transaction<Member>([&](store::Conn& c) -> Result<Member> {
    std::string path;
    auto before = Find(c, who, id, &path);
    if (!before) return std::unexpected(before.error());
    auto changed = apply(c, *before, path);
    if (!changed) return std::unexpected(changed.error());
    if (!*changed) return before;
    auto after = Find(c, who, id);
    if (!after) return std::unexpected(after.error());
    if (auto a = auth::AppendAudit(c, who,
                                   {std::string(action), "member", std::to_string(id), path,
                                    Image(*before), Image(*after), std::string(reason)});
        !a) {
      return std::unexpected(a.error());
    }
    return after;
  });
}

}  // namespace

Result<Member> MemberService::SetEmployment(const auth::Principal& who, int64_t id,
                                            std::string_view employment, std::string_view reason) {
  if (auto n = who.Require(auth::kMemberWrite); !n) return std::unexpected(n.error());
  if (!IsKnownEmployment(employment)) {
    return Fail(ErrorCode::kInvalidInput, "未知的就业状态：" + std::string(employment),
                "unknown employment: " + std::string(employment), "employment");
  }
  return ChangeWithReason(
      db_, who, id, "employment", reason,
      [&](store::Conn& c, const Member& before, const std::string&) -> Result<bool> {
        if (before.employment == employment) return false;
        const Value p[] = {std::string(employment), NowUnix(), id};
        if (auto r = c.Exec(kSetEmployment, p); !r) return std::unexpected(r.error());
        return true;
      });
}

Result<Member> MemberService::SetStatus(const auth::Principal& who, int64_t id,
                                        std::string_view status, std::string_view reason) {
  if (auto n = who.Require(auth::kMemberWrite); !n) return std::unexpected(n.error());
  if (!IsKnownStatus(status)) {
    return Fail(ErrorCode::kInvalidInput, "未知的会籍状态：" + std::string(status),
                "unknown status: " + std::string(status), "status");
  }
  return ChangeWithReason(
      db_, who, id, "status", reason,
      [&](store::Conn& c, const Member& before, const std::string& path) -> Result<bool> {
        if (before.status == status) return false;
        const Value p[] = {std::string(status), FormatDate(Today()), NowUnix(), id};
        if (auto r = c.Exec(kSetStatus, p); !r) return std::unexpected(r.error());
        // Only active members are counted.
        const int64_t delta = status == "active" ? 1 : before.status == "active" ? -1 : 0;
        if (delta != 0) {
          if (auto a = org::AdjustMemberCount(c, path, before.category, delta); !a) {
            return std::unexpected(a.error());
          }
        }
        return true;
      });
}

Result<void> MemberService::Delete(const auth::Principal& who, int64_t id,
                                   std::string_view reason) {
  if (auto n = who.Require(auth::kMemberWrite); !n) return std::unexpected(n.error());
  return db_.TransactionVoid([&](store::Conn& c) -> Result<void> {
    std::string path;
    auto before = Find(c, who, id, &path);
    if (!before) return std::unexpected(before.error());
    // A record entered in error has nothing yet; one with payouts, aid or archives is named.
    auto refs = store::FindReferences(c, "member", id);
    if (!refs) return std::unexpected(refs.error());
    if (!refs->empty()) return std::unexpected(store::StillReferred("该会员", "the member", *refs));
    const Value p[] = {id};
    if (auto r = c.Exec(kDelete, p); !r) return std::unexpected(r.error());
    if (before->status == "active") {
      if (auto a = org::AdjustMemberCount(c, path, before->category, -1); !a) {
        return std::unexpected(a.error());
      }
    }
    return auth::AppendAudit(
        c, who,
        {"delete", "member", std::to_string(id), path, Image(*before), "", std::string(reason)});
  });
}

Result<std::string> MemberService::Reveal(const auth::Principal& who, int64_t id,
                                          std::string_view field, std::string_view reason) {
  if (auto n = who.Require(auth::kMemberReveal); !n) return std::unexpected(n.error());
  if (field != "id_number" && field != "phone") {
    return Fail(ErrorCode::kInvalidInput, "只能查看身份证号或手机号的明文",
                "field must be id_number or phone", "field");
  }
  if (reason.find_first_not_of(" \t") == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "查看明文须填写原因", "a reason is required to reveal",
                "reason");
  }
  return db_.Transaction<std::string>([&](store::Conn& c) -> Result<std::string> {
    std::string path;
    auto m = Find(c, who, id, &path);
    if (!m) return std::unexpected(m.error());
    const Value p[] = {id};
    auto rows = c.Query(kSecret, p);
    if (!rows) return std::unexpected(rows.error());
    const size_t col = field == "id_number" ? 0 : 1;
    if (rows->empty() || (*rows)[0].IsNull(col)) {
      return Fail(ErrorCode::kNotFound, "该会员没有此项信息", "the member has no such value");
    }
    auto clear = vault_.Open((*rows)[0].Bytes(col));
    if (!clear) return std::unexpected(clear.error());
    if (auto a = auth::AppendAudit(c, who,
                                   {"reveal", "member", std::to_string(id), path, "",
                                    Fields().Add("field", field).Json(), std::string(reason)});
        !a) {
      return std::unexpected(a.error());
    }
    return clear;
  });
}

}  // namespace nj::member
