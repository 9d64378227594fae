#include "stats/todo.h"

namespace nj::stats {

namespace {

// One page of kPageMax rows: its size is the count, a next page says there are more. A list the
// caller may not read (kForbidden) gives no item.
template <class T>
Result<void> AddPage(std::vector<TodoItem>& out, std::string key, std::string list,
                     Result<Page<T>> page) {
  if (!page) {
    if (page.error().code == ErrorCode::kForbidden) return {};
    return std::unexpected(page.error());
  }
  out.push_back({std::move(key), static_cast<int64_t>(page->items.size()),
                 page->next_cursor.has_value(), std::move(list)});
  return {};
}

}  // namespace

Result<std::vector<TodoItem>> TodoService::Of(const auth::Principal& who) {
  std::vector<TodoItem> out;
  const PageRequest page{kPageMax, ""};
  approval::ListQuery decide;
  decide.can_decide = true;
  decide.page = page;
  if (auto r =
          AddPage(out, "decide", "/api/v1/applications?can_decide=1", approvals_.List(who, decide));
      !r) {
    return std::unexpected(r.error());
  }
  if (who.Can(payout::kApprove)) {
    if (auto r = AddPage(out, "batches", "/api/v1/payout/batches?to_approve=1",
                         payouts_.Batches(who, "", page, true));
        !r) {
      return std::unexpected(r.error());
    }
  }
  if (who.Can(mutual_aid::kWrite)) {
    mutual_aid::HandClaimQuery q;
    q.state = "submitted";
    q.limit = kPageMax;
    if (auto r =
            AddPage(out, "claims", "/api/v1/aid/hand-claims?state=submitted", claims_.List(who, q));
        !r) {
      return std::unexpected(r.error());
    }
  }
  hardship::ArchiveQuery archives;
  archives.review_overdue = true;
  archives.limit = kPageMax;
  if (auto r = AddPage(out, "archives", "/api/v1/hardship/archives?review_overdue=1",
                       archives_.List(who, archives));
      !r) {
    return std::unexpected(r.error());
  }
  mutual_aid::HandClaimQuery overdue;
  overdue.overdue = true;
  overdue.limit = kPageMax;
  if (auto r =
          AddPage(out, "overdue", "/api/v1/aid/hand-claims?overdue=1", claims_.List(who, overdue));
      !r) {
    return std::unexpected(r.error());
  }
  if (auto r = AddPage(out, "terms",
                       "/api/v1/committees/expiring?days=" + std::to_string(kTermEndingDays),
                       committees_.Expiring(who, 0, kTermEndingDays, page));
      !r) {
    return std::unexpected(r.error());
  }
  // Unions without a committee can be thousands (a city before its records are entered):
  // counted, up to kUnionCountCap, rather than a page.
  org::UnionQuery none;
  none.no_committee = true;
  auto unions = orgs_.CountUnions(who, none);
  if (!unions && unions.error().code != ErrorCode::kForbidden) {
    return std::unexpected(unions.error());
  }
  if (unions) {
    out.push_back({"no_committee", std::min(*unions, org::kUnionCountCap),
                   *unions > org::kUnionCountCap, "/api/v1/unions?no_committee=1"});
  }
  return out;
}

}  // namespace nj::stats
