#include "stats/applications.h"

#include <algorithm>
#include <tuple>

#include "auth/principal.h"
#include "core/parse.h"
#include "hardship/rules.h"
#include "member/rules.h"

namespace nj::stats {

std::string_view MemberState(std::string_view kind, std::string_view state,
                             std::string_view source) {
  if (kind == "join") {
    if (state == "submitted") return "submitted";
    if (state == "approved") return "approved";
    if (state == "returned") return "returned";
    return "";
  }
  if (kind == "transfer") {
    if (state == "requested") return "submitted";
    if (state == "accepted") return "approved";
    if (state == "refused") return "refused";
    if (state == "cancelled") return "withdrawn";
    return "";
  }
  if (kind == "hardship") {
    // hardship::MemberStateOf: a draft the member sent is with their union (sent, not a draft);
    // one the union opened for them is the union's work in hand.
    const auto read = hardship::MemberStateOf(state, source);
    if (read == "sent") return "submitted";
    if (read == "filing") return "preparing";
    if (state == "submitted" || state == "county_reviewed") return "in_review";
    if (state == "returned") return "returned";
    if (state == "notice") return "on_notice";
    if (state == "active") return "approved";
    if (state == "exited") return "closed";
  }
  return "";
}

namespace {

// The cursor is the last row's sort key, "filed_at:kind:id": a page starts after it even when
// that row has gone since.
std::string CursorOf(const MemberApplication& a) {
  return std::to_string(a.filed_at) + ":" + a.kind + ":" + std::to_string(a.id);
}

Result<MemberApplication> ParseCursor(std::string_view cursor) {
  const auto bad =
      Fail(ErrorCode::kInvalidInput, "分页游标无效", "the cursor is not valid", "cursor");
  const size_t first = cursor.find(':');
  const size_t second = first == std::string_view::npos ? first : cursor.find(':', first + 1);
  if (second == std::string_view::npos) return bad;
  auto at = ParseInteger("cursor", cursor.substr(0, first));
  const auto kind = cursor.substr(first + 1, second - first - 1);
  auto id = ParseId("cursor", cursor.substr(second + 1));
  if (!at || !id || std::ranges::find(kMemberKinds, kind) == std::end(kMemberKinds)) return bad;
  MemberApplication key;
  key.filed_at = *at;
  key.kind = std::string(kind);
  key.id = *id;
  return key;
}

// Newest first; rows filed in the same second by kind, then the newer id first.
bool Before(const MemberApplication& a, const MemberApplication& b) {
  return std::tuple(-a.filed_at, a.kind, -a.id) < std::tuple(-b.filed_at, b.kind, -b.id);
}

}  // namespace

Result<Page<MemberApplication>> MemberApplications::Of(int64_t member_id, const PageRequest& page) {
  if (auto ok = CheckPageLimit(page.limit); !ok) return std::unexpected(ok.error());
  std::vector<MemberApplication> all;
  // The portal reads for the member, the whole tree narrowed to the session's own member.
  const auto self = auth::System("portal", {std::string(auth::kMemberRead)});
  auto joined = approvals_.ProducedBy(self, "join", member::CardNumber(member_id));
  if (!joined) return std::unexpected(joined.error());
  if (*joined) {
    const auto& app = **joined;
    all.push_back({"join", app.id, app.created_at, std::string(MemberState("join", app.state, "")),
                   app.org_name, ""});
  }
  auto moves = transfers_.List(self, false, "", {.limit = kOwnListMax}, member_id);
  if (!moves) return std::unexpected(moves.error());
  for (const auto& t : moves->items) {
    all.push_back({"transfer", t.id, t.created_at,
                   std::string(MemberState("transfer", t.state, "")), t.to_org_name,
                   t.state == "refused" ? t.decision : ""});
  }
  auto archives = archives_.OfMember(member_id);
  if (!archives) return std::unexpected(archives.error());
  for (const auto& a : *archives) {
    all.push_back({"hardship", a.id, a.created_at,
                   std::string(MemberState("hardship", a.state, a.source)), a.org_name, ""});
  }
  std::erase_if(all, [](const MemberApplication& a) { return a.state.empty(); });
  std::sort(all.begin(), all.end(), Before);

  auto from = all.begin();
  if (!page.cursor.empty()) {
    auto after = ParseCursor(page.cursor);
    if (!after) return std::unexpected(after.error());
    from = std::upper_bound(all.begin(), all.end(), *after, Before);
  }
  const auto left = static_cast<size_t>(all.end() - from);
  std::vector<MemberApplication> rows(from, from + static_cast<std::ptrdiff_t>(std::min(
                                                       left, static_cast<size_t>(page.limit) + 1)));
  return PageOf(std::move(rows), page.limit, CursorOf);
}

}  // namespace nj::stats
