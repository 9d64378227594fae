#include "member/transfer.h"

#include "auth/audit.h"
#include "core/date.h"
#include "core/fields.h"
#include "message/message.h"
#include "org/org.h"
#include "org/rules.h"

namespace nj::member {

namespace {

using store::Value;

#define NJ_TRANSFER_SELECT                                                                  \
  "SELECT t.id, t.member_id, m.name, t.from_org_id, t.to_org_id, f.name, d.name, t.state, " \
  "t.reason, t.decision, t.created_at, t.decided_at, f.path, d.path, m.category, m.status " \
  "FROM transfer t JOIN member m ON m.id = t.member_id JOIN org f ON f.id = t.from_org_id " \
  "JOIN org d ON d.id = t.to_org_id "

constexpr std::string_view kGet = NJ_TRANSFER_SELECT "WHERE t.id = ?";
constexpr std::string_view kList = NJ_TRANSFER_SELECT
    "WHERE (CASE WHEN ? = 1 THEN d.path ELSE f.path END) >= ? "
    "AND (CASE WHEN ? = 1 THEN d.path ELSE f.path END) < ? AND (? = '' OR t.state = ?) "
    "AND (? = 0 OR t.member_id = ?) AND (? = 0 OR t.id < ?) ORDER BY t.id DESC LIMIT ?";
constexpr std::string_view kMember =
    "SELECT m.id, m.org_id, o.path, m.status FROM member m JOIN org o ON o.id = m.org_id "
    "WHERE m.id = ?";
constexpr std::string_view kInsert =
    "INSERT INTO transfer (member_id, from_org_id, to_org_id, state, reason, started_by, "
    "created_at) VALUES (?, ?, ?, 'requested', ?, ?, ?) RETURNING id";
constexpr std::string_view kOpen =
    "SELECT id FROM transfer WHERE member_id = ? AND state = 'requested'";
// Both updates are conditional on what was read: a second decision, or a move by another path,
// changes nothing and is refused.
constexpr std::string_view kSetState =
    "UPDATE transfer SET state = ?, decision = ?, decided_at = ? WHERE id = ? AND state = "
    "'requested'";
// A move ends any holding: the member has a union of their own again.
constexpr std::string_view kMove =
    "UPDATE member SET org_id = ?, held_from = NULL, updated_at = ? WHERE id = ? AND org_id = ?";

// Closing a union: the member module's step (the org module closes the union itself).
constexpr std::string_view kMembersOf = "SELECT id FROM member WHERE org_id = ? ORDER BY id";
constexpr std::string_view kHold =
    "UPDATE member SET org_id = ?, held_from = ?, updated_at = ? WHERE org_id = ?";
constexpr std::string_view kLeaveFromAbove =
    "UPDATE transfer SET from_org_id = ? WHERE from_org_id = ? AND state = 'requested'";
constexpr std::string_view kRefuseInto =
    "UPDATE transfer SET state = 'refused', decision = ?, decided_at = ? "
    "WHERE to_org_id = ? AND state = 'requested'";

struct Row {
  Transfer t;
  std::string from_path, to_path, category, status;
};

Row FromRow(const store::Row& r) {
  return {{r.Int(0), r.Int(1), r.Text(2), r.Int(3), r.Int(4), r.Text(5), r.Text(6), r.Text(7),
           r.Text(8), r.Text(9), r.Int(10), r.Int(11)},
          r.Text(12),
          r.Text(13),
          r.Text(14),
          r.Text(15)};
}

std::unexpected<Error> NoSuch(int64_t id) {
  return Fail(ErrorCode::kNotFound, "转接不存在：" + std::to_string(id),
              "no such transfer: " + std::to_string(id));
}

Result<Row> Load(store::Conn& c, int64_t id) {
  const Value p[] = {id};
  auto rows = c.Query(kGet, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return NoSuch(id);
  return FromRow((*rows)[0]);
}

Result<void> AuditBoth(store::Conn& c, const auth::Principal& who, const Row& row,
                       std::string_view action, std::string_view reason) {
  const std::string after = Fields()
                                .Add("transfer", row.t.id)
                                .Add("from", row.t.from_org_name)
                                .Add("to", row.t.to_org_name)
                                .Add("state", row.t.state)
                                .Json();
  for (const auto& path : {row.from_path, row.to_path}) {
    if (auto a = auth::AppendAudit(
            c, who,
            {"transfer." + std::string(action), "member", std::to_string(row.t.member_id), path, "",
             after, std::string(reason)});
        !a) {
      return a;
    }
  }
  return {};
}

}  // namespace

Result<Transfer> TransferService::Request(const auth::Principal& who, int64_t member_id,
                                          int64_t to_org_id, std::string_view reason) {
  if (auto r = who.Require(auth::kMemberWrite); !r) return std::unexpected(r.error());
  return db_.Transaction<Transfer>([&](store::Conn& c) -> Result<Transfer> {
    const Value mp[] = {member_id};
    auto m = c.Query(kMember, mp);
    if (!m) return std::unexpected(m.error());
    if (m->empty() || !who.Scope().Contains((*m)[0].Text(2))) {
      return Fail(ErrorCode::kNotFound, "会员不存在：" + std::to_string(member_id),
                  "no such member: " + std::to_string(member_id));
    }
    const int64_t from = (*m)[0].Int(1);
    if ((*m)[0].Text(3) != "active") {
      return Fail(ErrorCode::kConflict, "只有正常状态的会员可以转接",
                  "only an active member can be transferred");
    }
    auto to = org::FindOrgAnywhere(c, to_org_id);  // any union of the tree
    if (!to || !org::IsGrassroots(to->kind)) {
      return Fail(ErrorCode::kInvalidInput, "转入的应为基层工会",
                  "the destination must be a grassroots union", "to_org_id");
    }
    if (auto open = org::RequireOpen(*to); !open) return std::unexpected(open.error());
    if (to->id == from) {
      return Fail(ErrorCode::kInvalidInput, "会员已在该工会", "the member is in that union already",
                  "to_org_id");
    }
    if (reason.find_first_not_of(" \t") == std::string_view::npos) {
      return Fail(ErrorCode::kInvalidInput, "请说明转接原因", "give the reason", "reason");
    }
    auto open = c.Query(kOpen, mp);
    if (!open) return std::unexpected(open.error());
    if (!open->empty()) {
      return Fail(ErrorCode::kConflict, "该会员已有待处理的转接",
                  "a transfer of this member is open already");
    }
    const Value p[] = {
        member_id, from, to_org_id, std::string(reason), who.user_id ? Value(who.user_id) : Value(),
        NowUnix()};
    auto id = c.QueryInt(kInsert, p);
    if (!id) {
      // The unique index on open transfers: another request won the race.
      if (id.error().code == ErrorCode::kConflict) {
        return Fail(ErrorCode::kConflict, "该会员已有待处理的转接",
                    "a transfer of this member is open already");
      }
      return std::unexpected(id.error());
    }
    auto row = Load(c, *id);
    if (!row) return std::unexpected(row.error());
    if (auto a = AuditBoth(c, who, *row, "request", reason); !a) return std::unexpected(a.error());
    return row->t;
  });
}

namespace {

// The member hears of the union's answer (accepted or refused; a withdrawal is their union's).
Result<void> TellMember(store::Conn& c, const Transfer& t) {
  if (t.state != "accepted" && t.state != "refused") return {};
  Fields f;
  f.Add("transfer_id", t.id).Add("from_org", t.from_org_name).Add("to_org", t.to_org_name);
  if (!t.decision.empty()) f.Add("reason", t.decision);
  f.Add("link", "/transfer");
  auto posted = message::Post(c, {message::Recipient::Member(t.member_id), "transfer." + t.state,
                                  f.Json(), "transfer." + t.state + ":" + std::to_string(t.id)});
  if (!posted) return std::unexpected(posted.error());
  return {};
}

}  // namespace

Result<Transfer> TransferService::Decide(const auth::Principal& who, int64_t id,
                                         std::string_view to_state, std::string_view reason) {
  if (auto r = who.Require(auth::kMemberWrite); !r) return std::unexpected(r.error());
  return db_.Transaction<Transfer>([&](store::Conn& c) -> Result<Transfer> {
    auto row = Load(c, id);
    if (!row) return std::unexpected(row.error());
    const bool origin_side = to_state == "cancelled";
    const auto scope = who.Scope();
    if (!scope.Contains(origin_side ? row->from_path : row->to_path)) {
      if (!scope.Contains(row->from_path) && !scope.Contains(row->to_path)) return NoSuch(id);
      return Fail(
          ErrorCode::kForbidden,
          origin_side ? "只有转出工会可以撤回" : "由转入工会「" + row->t.to_org_name + "」决定",
          origin_side ? "only the union it leaves can withdraw it"
                      : "the union it goes to decides: " + row->t.to_org_name);
    }
    if (to_state == "refused" && reason.find_first_not_of(" \t") == std::string_view::npos) {
      return Fail(ErrorCode::kInvalidInput, "请说明不接收的理由", "give the reason", "reason");
    }
    const Value s[] = {std::string(to_state), std::string(reason), NowUnix(), id};
    auto changed = c.Exec(kSetState, s);
    if (!changed) return std::unexpected(changed.error());
    if (*changed != 1) {
      return Fail(ErrorCode::kConflict, "该转接已处理（" + row->t.state + "）",
                  "this transfer has been decided already (" + row->t.state + ")");
    }
    if (to_state == "accepted") {
      const Value mv[] = {row->t.to_org_id, NowUnix(), row->t.member_id, row->t.from_org_id};
      auto moved = c.Exec(kMove, mv);
      if (!moved) return std::unexpected(moved.error());
      if (*moved != 1) {
        return Fail(ErrorCode::kConflict, "会员已不在转出工会", "the member has left that union");
      }
      if (row->status == "active") {
        if (auto a = org::AdjustMemberCount(c, row->from_path, row->category, -1); !a) {
          return std::unexpected(a.error());
        }
        if (auto a = org::AdjustMemberCount(c, row->to_path, row->category, 1); !a) {
          return std::unexpected(a.error());
        }
      }
    }
    row->t.state = std::string(to_state);
    row->t.decision = std::string(reason);
    row->t.decided_at = std::get<int64_t>(s[2]);
    if (auto a = AuditBoth(c, who, *row, to_state, reason); !a) return std::unexpected(a.error());
    if (auto m = TellMember(c, row->t); !m) return std::unexpected(m.error());
    return row->t;
  });
}

Result<Transfer> TransferService::Accept(const auth::Principal& who, int64_t id) {
  return Decide(who, id, "accepted", "");
}
Result<Transfer> TransferService::Refuse(const auth::Principal& who, int64_t id,
                                         std::string_view reason) {
  return Decide(who, id, "refused", reason);
}
Result<Transfer> TransferService::Cancel(const auth::Principal& who, int64_t id) {
  return Decide(who, id, "cancelled", "");
}

Result<Page<Transfer>> TransferService::List(const auth::Principal& who, bool incoming,
                                             std::string_view state, const PageRequest& page,
                                             int64_t member_id) {
  if (auto r = who.Require(auth::kMemberRead); !r) return std::unexpected(r.error());
  if (auto ok = CheckPageLimit(page.limit); !ok) return std::unexpected(ok.error());
  auto after = page.AfterId();
  if (!after) return std::unexpected(after.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const auto s = who.Scope();
  const int64_t in = incoming ? 1 : 0;
  const Value p[] = {
      in,        s.low,     in,     s.high, std::string(state),     std::string(state),
      member_id, member_id, *after, *after, int64_t{page.limit + 1}};
  auto rows = (*lease)->Query(kList, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Transfer> out;
  for (const auto& r : *rows) out.push_back(FromRow(r).t);
  return PageById(std::move(out), page.limit);
}

Result<int64_t> HoldMembersOn(store::Conn& c, const auth::Principal& who, const org::Org& org,
                              const org::Org& parent, std::string_view reason) {
  const int64_t now = NowUnix();
  const Value op[] = {org.id};
  auto held = c.Query(kMembersOf, op);
  if (!held) return std::unexpected(held.error());
  const Value hp[] = {parent.id, org.id, now, org.id};
  if (auto r = c.Exec(kHold, hp); !r) return std::unexpected(r.error());
  const Value lp[] = {parent.id, org.id};
  if (auto r = c.Exec(kLeaveFromAbove, lp); !r) return std::unexpected(r.error());
  const Value rp[] = {"「" + org.name + "」已撤销：" + std::string(reason), now, org.id};
  if (auto r = c.Exec(kRefuseInto, rp); !r) return std::unexpected(r.error());
  // Each member's history says where the membership went, and why.
  const std::string after = Fields().Add("from", org.name).Add("held_by", parent.name).Json();
  for (const auto& m : *held) {
    if (auto a = auth::AppendAudit(c, who,
                                   {"held", "member", std::to_string(m.Int(0)), parent.path, "",
                                    after, std::string(reason)});
        !a) {
      return std::unexpected(a.error());
    }
  }
  return static_cast<int64_t>(held->size());
}

}  // namespace nj::member
