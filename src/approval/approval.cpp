#include "approval/approval.h"

#include <algorithm>
#include <chrono>

#include "auth/audit.h"
#include "auth/roles_holding.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/money.h"
#include "core/parse.h"
#include "message/message.h"

namespace nj::approval {

namespace {

using store::Value;

#define NJ_APP_COLUMNS                                                                    \
  "a.id, a.kind, a.state, a.title, a.org_id, a.reviewer_org_id, o.name, r.name, o.path, " \
  "a.payload, a.result, COALESCE(a.created_by, 0), a.created_at, a.updated_at, r.path, "  \
  "a.chain, a.stage "
#define NJ_APP_FROM \
  "FROM application a JOIN org o ON o.id = a.org_id JOIN org r ON r.id = a.reviewer_org_id "

constexpr std::string_view kGet = "SELECT " NJ_APP_COLUMNS NJ_APP_FROM "WHERE a.id = ?";
constexpr std::string_view kList =
    "SELECT " NJ_APP_COLUMNS NJ_APP_FROM
    "WHERE ((o.path >= ? AND o.path < ?) OR (r.path >= ? AND r.path < ?)) "
    "AND (? = '' OR a.kind = ?) AND (? = '' OR a.state = ?) AND ? LIKE '%,' || a.kind || ',%' "
    "AND (? = 0 OR (a.state = 'submitted' AND r.path >= ? AND r.path < ?)) "
    "AND (? = '' OR (CASE WHEN r.kind IN ('national_federation', 'province_federation', "
    "'city_federation') THEN 'city' WHEN r.kind = 'county_federation' THEN 'county' "
    "WHEN r.kind = 'township_federation' THEN 'township' ELSE 'grassroots' END) = ?) "
    "AND a.created_at >= ? AND a.created_at < ? "
    // can_decide: what MayDecide and the four eyes allow, in SQL so that pages stay full.
    "AND (? = 0 OR (a.state = 'submitted' AND COALESCE(a.created_by, 0) <> ? "
    "AND ? LIKE '%,' || a.kind || ',%' AND (COALESCE(a.chain, '') NOT LIKE '%,%' "
    "OR a.reviewer_org_id = ?))) "
    "AND (? = 0 OR a.id < ?) ORDER BY a.id DESC LIMIT ?";
constexpr std::string_view kProducedBy = "SELECT " NJ_APP_COLUMNS NJ_APP_FROM
                                         "WHERE a.kind = ? AND a.result = ? AND a.state = "
                                         "'approved' ORDER BY a.id DESC LIMIT 1";
constexpr std::string_view kOrg = "SELECT id, path, COALESCE(parent_id, 0) FROM org WHERE id = ?";
constexpr std::string_view kInsert =
    "INSERT INTO application (kind, org_id, reviewer_org_id, state, title, payload, created_by, "
    "created_at, updated_at, chain, stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING id";
// Passing a submitted application on to the next level, or back to the first on resubmission.
constexpr std::string_view kSetStage =
    "UPDATE application SET stage = ?, reviewer_org_id = ? WHERE id = ?";
// Who decided at a level of the current submission (since it was last created or submitted).
constexpr std::string_view kReviewedBy =
    "SELECT COUNT(*) FROM application_event WHERE application_id = ? AND action = 'review' "
    "AND user_id = ? AND id > (SELECT MAX(id) FROM application_event WHERE application_id = ? "
    "AND action IN ('create', 'submit'))";
constexpr std::string_view kSetPayload =
    "UPDATE application SET payload = ?, title = ?, updated_at = ? WHERE id = ?";
// The state changes only from the state that was read: of two users deciding at once, one wins.
constexpr std::string_view kSetState =
    "UPDATE application SET state = ?, result = ?, updated_at = ? WHERE id = ? AND state = ?";
constexpr std::string_view kEvent =
    "INSERT INTO application_event (application_id, at, user_id, username, action, from_state, "
    "to_state, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kStepCount =
    "SELECT COUNT(*) FROM application_event WHERE application_id = ?";
constexpr std::string_view kEvents =
    "SELECT at, username, action, from_state, to_state, reason FROM application_event "
    "WHERE application_id = ? ORDER BY id";

struct Row {
  Application app;
  std::string reviewer_path;
};

Row FromRow(const store::Row& r) {
  Row out;
  auto& a = out.app;
  r.Into(0, a.id, a.kind, a.state, a.title, a.org_id, a.reviewer_org_id, a.org_name,
         a.reviewer_org_name, a.org_path, a.payload, a.result, a.created_by, a.created_at,
         a.updated_at);
  out.reviewer_path = r.Text(14);
  std::string_view chain = r.Text(15);
  while (!chain.empty()) {
    const size_t comma = chain.find(',');
    // Written by ChainText; an id that does not read is left out rather than thrown on.
    if (auto id = ParseId("chain", chain.substr(0, comma))) a.chain.push_back(*id);
    chain = comma == std::string_view::npos ? std::string_view() : chain.substr(comma + 1);
  }
  if (a.chain.empty()) a.chain.push_back(a.reviewer_org_id);
  a.stage = static_cast<int>(r.Int(16));
  return out;
}

std::string ChainText(const std::vector<int64_t>& chain) {
  std::string out;
  for (int64_t id : chain) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

std::unexpected<Error> NoSuch(int64_t id) {
  return Fail(ErrorCode::kNotFound, "申请不存在：" + std::to_string(id),
              "no such application: " + std::to_string(id));
}

// The application if the caller may see it: filed in their scope, or to be decided in it.
Result<Row> Load(store::Conn& c, const auth::Principal& who, int64_t id) {
  const Value p[] = {id};
  auto rows = c.Query(kGet, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return NoSuch(id);
  Row row = FromRow((*rows)[0]);
  const auto scope = who.Scope();
  if (!scope.Contains(row.app.org_path) && !scope.Contains(row.reviewer_path)) return NoSuch(id);
  return row;
}

Result<void> Record(store::Conn& c, const auth::Principal& who, const Application& app,
                    std::string_view action, std::string_view from, std::string_view to,
                    std::string_view reason) {
  const Value e[] = {app.id,
                     NowUnix(),
                     auth::IsSystem(who) ? Value() : Value(who.user_id),
                     auth::IsSystem(who) ? std::string() : who.username,
                     std::string(action),
                     std::string(from),
                     std::string(to),
                     std::string(reason)};
  if (auto r = c.Exec(kEvent, e); !r) return std::unexpected(r.error());
  return auth::AppendAudit(
      c, who,
      {"application." + std::string(action), "application", std::to_string(app.id), app.org_path,
       Fields().Add("state", from).Json(),
       Fields().Add("kind", app.kind).Add("state", to).Add("title", app.title).Json(),
       std::string(reason)});
}

// The member whose application was approved or returned hears of it, once per step: the key
// counts the application's steps so far, so a second return after a resubmission is news again.
Result<void> TellMember(store::Conn& c, const Kind& k, const Application& app,
                        std::string_view action, std::string_view reason) {
  if (!k.member || (action != "approve" && action != "return")) return {};
  auto member = k.member(c, app);
  if (!member) return std::unexpected(member.error());
  if (*member <= 0) return {};
  const Value p[] = {app.id};
  auto steps = c.QueryInt(kStepCount, p);
  if (!steps) return std::unexpected(steps.error());
  const std::string code = action == "approve" ? "application.approved" : "application.returned";
  Fields f;
  f.Add("application_id", app.id).Add("kind", app.kind).Add("title", app.title);
  if (action == "return") f.Add("reason", reason);
  if (!k.portal_link.empty()) f.Add("link", k.portal_link);
  auto posted =
      message::Post(c, {message::Recipient::Member(*member), code, f.Json(),
                        code + ":" + std::to_string(app.id) + ":" + std::to_string(*steps)});
  if (!posted) return std::unexpected(posted.error());
  return {};
}

// The kind's checks of a payload filed at `org`: its subject is the organisation's, then the
// payload itself; the title shown in lists.
Result<std::string> Checked(store::Conn& c, const Kind& k, const auth::Principal& who, int64_t org,
                            const std::string& payload) {
  if (k.subject) {
    auto subject = k.subject(payload);
    if (!subject) return std::unexpected(subject.error());
    if (auto r = k.owns(c, who, org, *subject); !r) return std::unexpected(r.error());
  }
  return k.check(c, who, org, payload);
}

bool OneOf(std::string_view v, std::span<const std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}

std::unexpected<Error> NotOneOf(const std::string& field, std::string_view value,
                                std::span<const std::string_view> allowed) {
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : "、") + std::string(a);
  return Fail(ErrorCode::kInvalidInput,
              field + " 应为 " + list + " 之一：" + std::string(value.substr(0, 64)),
              field + " must be one of " + list + ": " + std::string(value.substr(0, 64)), field);
}

}  // namespace

std::string YuanZh(int64_t fen) { return FormatYuan(fen) + " 元"; }
std::string YuanEn(int64_t fen) { return FormatYuan(fen) + " yuan"; }

Result<std::unordered_map<int64_t, Standing>> StandingOf(store::Conn& c,
                                                         std::span<const int64_t> application_ids) {
  static constexpr std::string_view kStanding =
      "SELECT a.id, a.reviewer_org_id, COALESCE(o.name, ''), COALESCE((SELECT e.reason FROM "
      "application_event e WHERE e.application_id = a.id ORDER BY e.id DESC LIMIT 1), '') "
      "FROM application a LEFT JOIN org o ON o.id = a.reviewer_org_id WHERE a.id IN";
  std::unordered_map<int64_t, Standing> out;
  if (application_ids.empty()) return out;
  std::vector<Value> keys(application_ids.begin(), application_ids.end());
  auto r = c.QueryByKeys(kStanding, {}, keys, [&](const store::Row& row) {
    Standing& s = out[row.Int(0)];
    row.Into(1, s.reviewer_org_id, s.reviewer_org_name, s.last_reason);
  });
  if (!r) return std::unexpected(r.error());
  return out;
}

Result<void> OwnedBy(store::Conn& c, std::string_view org_of, int64_t subject_id, int64_t org_id,
                     const std::string& field) {
  const Value p[] = {subject_id};
  auto rows = c.Query(org_of, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty() || (*rows)[0].Int(0) != org_id) {
    return Fail(ErrorCode::kInvalidInput, "申请的对象不存在或不属于该组织：" + field,
                "no such " + field + " at this organisation", field);
  }
  return {};
}

Result<std::string> NextState(std::string_view state, std::string_view action) {
  if (action == "submit" && (state == "draft" || state == "returned")) return "submitted";
  if (action == "approve" && state == "submitted") return "approved";
  if (action == "return" && state == "submitted") return "returned";
  return Fail(
      ErrorCode::kConflict,
      "申请当前为「" + std::string(state) + "」状态，不能执行「" + std::string(action) + "」",
      "an application in state " + std::string(state) + " cannot be " + std::string(action) +
          (action.ends_with('e') ? "d" : "ed"));
}

Result<const Kind*> ApprovalService::KindOf(const std::string& kind) const {
  auto it = kinds_.find(kind);
  if (it == kinds_.end()) {
    return Fail(ErrorCode::kInvalidInput, "未知的申请类型：" + kind, "unknown kind: " + kind,
                "kind");
  }
  return &it->second;
}

Result<Application> ApprovalService::Create(const auth::Principal& who, const std::string& kind,
                                            int64_t org_id, const std::string& payload,
                                            bool submit) {
  auto k = KindOf(kind);
  if (!k) return std::unexpected(k.error());
  if (!auth::IsSystem(who)) {
    if (auto r = who.Require((*k)->permission); !r) return std::unexpected(r.error());
  }
  return db_.Transaction<Application>(
      [&](store::Conn& c) { return CreateOn(c, who, kind, org_id, payload, submit); });
}

Result<Application> ApprovalService::CreateOn(store::Conn& c, const auth::Principal& who,
                                              const std::string& kind, int64_t org_id,
                                              const std::string& payload, bool submit) {
  auto k = KindOf(kind);
  if (!k) return std::unexpected(k.error());
  if (!auth::IsSystem(who)) {
    if (auto r = who.Require((*k)->permission); !r) return std::unexpected(r.error());
  }
  {
    const Value p[] = {org_id};
    auto org = c.Query(kOrg, p);
    if (!org) return std::unexpected(org.error());
    if (org->empty() || !who.Scope().Contains((*org)[0].Text(1))) {
      return Fail(ErrorCode::kNotFound, "组织不存在：" + std::to_string(org_id),
                  "no such organisation: " + std::to_string(org_id), "org_id");
    }
    const int64_t parent = (*org)[0].Int(2);
    auto title = Checked(c, **k, who, org_id, payload);
    if (!title) return std::unexpected(title.error());
    std::vector<int64_t> chain{(*k)->reviewed_by_self || parent == 0 ? org_id : parent};
    if ((*k)->chain) {
      auto named = (*k)->chain(c, org_id, payload);
      if (!named) return std::unexpected(named.error());
      if (named->empty()) {
        return Fail(ErrorCode::kInternal, "审批层级为空", "the kind named no reviewer");
      }
      chain = std::move(*named);
    }
    const int64_t reviewer = chain.front();
    const bool submitted = submit || auth::IsSystem(who);
    const int64_t now = NowUnix();
    const Value ins[] = {kind,
                         org_id,
                         reviewer,
                         std::string(submitted ? "submitted" : "draft"),
                         *title,
                         payload,
                         auth::IsSystem(who) ? Value() : Value(who.user_id),
                         now,
                         now,
                         ChainText(chain)};
    auto id = c.QueryInt(kInsert, ins);
    if (!id) return std::unexpected(id.error());
    const Value g[] = {*id};
    auto rows = c.Query(kGet, g);
    if (!rows) return std::unexpected(rows.error());
    Application app = FromRow((*rows)[0]).app;
    if (auto r = Record(c, who, app, "create", "", app.state, ""); !r) {
      return std::unexpected(r.error());
    }
    if ((*k)->stepped) {
      if (auto r = (*k)->stepped(c, who, app, "create"); !r) return std::unexpected(r.error());
    }
    return app;
  }
}

Result<Application> ApprovalService::Update(const auth::Principal& who, int64_t id,
                                            const std::string& payload) {
  return db_.Transaction<Application>([&](store::Conn& c) -> Result<Application> {
    auto row = Load(c, who, id);
    if (!row) return std::unexpected(row.error());
    auto k = KindOf(row->app.kind);
    if (!k) return std::unexpected(k.error());
    if (auto r = who.Require((*k)->permission); !r) return std::unexpected(r.error());
    if (!who.Scope().Contains(row->app.org_path)) return NoSuch(id);
    if (row->app.state != "draft" && row->app.state != "returned") {
      return Fail(ErrorCode::kConflict, "只有草稿或退回的申请可以修改",
                  "only a draft or a returned application can be changed");
    }
    auto title = Checked(c, **k, who, row->app.org_id, payload);
    if (!title) return std::unexpected(title.error());
    const Value p[] = {payload, *title, NowUnix(), id};
    if (auto r = c.Exec(kSetPayload, p); !r) return std::unexpected(r.error());
    row->app.payload = payload;
    row->app.title = *title;
    if (auto r = Record(c, who, row->app, "update", row->app.state, row->app.state, ""); !r) {
      return std::unexpected(r.error());
    }
    return row->app;
  });
}

Result<Application> ApprovalService::Step(const auth::Principal& who, int64_t id,
                                          std::string_view action, std::string_view reason) {
  return db_.Transaction<Application>([&](store::Conn& c) -> Result<Application> {
    auto row = Load(c, who, id);
    if (!row) return std::unexpected(row.error());
    Application& app = row->app;
    auto k = KindOf(app.kind);
    if (!k) return std::unexpected(k.error());
    const std::string& needed = action == "submit" ? (*k)->permission : (*k)->decide_permission;
    if (auto r = who.Require(needed); !r) return std::unexpected(r.error());
    auto next = NextState(app.state, action);
    if (!next) return std::unexpected(next.error());
    if (action == "submit") {
      if (!who.Scope().Contains(app.org_path)) return NoSuch(id);
    } else {
      if (!MayDecide(who, app, row->reviewer_path)) {
        return Fail(ErrorCode::kForbidden, "此申请由「" + app.reviewer_org_name + "」审核",
                    "this application is decided by " + app.reviewer_org_name);
      }
      if (app.created_by == who.user_id) {
        return Fail(ErrorCode::kForbidden, "不能审核自己提交的申请",
                    "you cannot decide an application you filed yourself");
      }
      if (action == "return" && reason.find_first_not_of(" \t") == std::string_view::npos) {
        return Fail(ErrorCode::kInvalidInput, "退回须说明理由", "a return needs a reason",
                    "reason");
      }
    }
    // Approving at a level before the last passes the application on: a review.
    const bool passes_on =
        action == "approve" && app.stage + 1 < static_cast<int>(app.chain.size());
    if (action == "approve" && app.chain.size() > 1) {
      const Value rp[] = {id, who.user_id, id};
      auto twice = c.QueryInt(kReviewedBy, rp);
      if (!twice) return std::unexpected(twice.error());
      if (*twice > 0) {
        return Fail(ErrorCode::kForbidden, "同一人不能在两级审核同一申请",
                    "one person cannot decide at two levels of one application");
      }
    }
    if (passes_on) {
      const int64_t next_reviewer = app.chain[app.stage + 1];
      const Value sp[] = {int64_t{app.stage + 1}, next_reviewer, id};
      if (auto r = c.Exec(kSetStage, sp); !r) return std::unexpected(r.error());
      const Value tp[] = {app.state, app.result, NowUnix(), id, app.state};
      auto changed = c.Exec(kSetState, tp);
      if (!changed) return std::unexpected(changed.error());
      if (*changed != 1) {
        return Fail(ErrorCode::kConflict, "申请已被他人处理，请刷新",
                    "someone else has just decided this application; reload it");
      }
      const Value g[] = {id};
      auto rows = c.Query(kGet, g);
      if (!rows) return std::unexpected(rows.error());
      Application moved = FromRow((*rows)[0]).app;
      if (auto r = Record(c, who, moved, "review", app.state, moved.state, reason); !r) {
        return std::unexpected(r.error());
      }
      if ((*k)->stepped) {
        if (auto r = (*k)->stepped(c, who, moved, "review"); !r) return std::unexpected(r.error());
      }
      return moved;
    }
    if (action == "submit" && app.stage != 0) {
      const Value sp[] = {int64_t{0}, app.chain.front(), id};
      if (auto r = c.Exec(kSetStage, sp); !r) return std::unexpected(r.error());
      app.stage = 0;
      app.reviewer_org_id = app.chain.front();
    }
    std::string result;
    if (action == "approve") {
      auto done = (*k)->approve(c, who, app);
      if (!done) return std::unexpected(done.error());
      result = *done;
    }
    const Value p[] = {*next, action == "approve" ? result : app.result, NowUnix(), id, app.state};
    auto changed = c.Exec(kSetState, p);
    if (!changed) return std::unexpected(changed.error());
    if (*changed != 1) {
      return Fail(ErrorCode::kConflict, "申请已被他人处理，请刷新",
                  "someone else has just decided this application; reload it");
    }
    const std::string from = app.state;
    app.state = *next;
    if (action == "approve") app.result = result;
    if (auto r = Record(c, who, app, action, from, app.state, reason); !r) {
      return std::unexpected(r.error());
    }
    if ((*k)->stepped) {
      if (auto r = (*k)->stepped(c, who, app, action); !r) return std::unexpected(r.error());
    }
    if (auto r = TellMember(c, **k, app, action, reason); !r) return std::unexpected(r.error());
    return app;
  });
}

Result<Application> ApprovalService::Submit(const auth::Principal& who, int64_t id) {
  return Step(who, id, "submit", "");
}
Result<Application> ApprovalService::Approve(const auth::Principal& who, int64_t id,
                                             std::string_view reason) {
  return Step(who, id, "approve", reason);
}
Result<Application> ApprovalService::Return(const auth::Principal& who, int64_t id,
                                            std::string_view reason) {
  return Step(who, id, "return", reason);
}

Result<void> ApprovalService::MayRead(const auth::Principal& who, const std::string& kind) const {
  auto k = KindOf(kind);
  if (!k) return std::unexpected(k.error());
  return who.Require((*k)->read_permission);
}

bool ApprovalService::MayDecide(const auth::Principal& who, const Application& app,
                                std::string_view reviewer_path) const {
  auto it = kinds_.find(app.kind);
  if (it == kinds_.end() || !who.Can(it->second.decide_permission)) return false;
  // A level above may decide in place of the one below, except in a chain of levels: there each
  // level is its own federation's (the city does not do the county's review).
  return app.chain.size() > 1 ? who.org_id == app.reviewer_org_id
                              : who.Scope().Contains(reviewer_path);
}

Result<void> ApprovalService::Standing(store::Conn& c, const auth::Principal& who, Application& app,
                                       std::string_view reviewer_path) const {
  app.can_decide = false;
  app.waiting_zh.clear();
  app.waiting_en.clear();
  if (app.state == "draft" || app.state == "returned") {
    const bool draft = app.state == "draft";
    app.waiting_zh =
        draft ? "待 " + app.org_name + " 提交" : "已退回，待 " + app.org_name + " 修改后重新提交";
    app.waiting_en = draft ? "Waiting for " + app.org_name + " to submit it"
                           : "Returned: waiting for " + app.org_name + " to change and resubmit it";
    return {};
  }
  if (app.state != "submitted") return {};
  // Step's own checks, in its order, so that the buttons are shown exactly when a click passes.
  const bool filer = app.created_by != 0 && app.created_by == who.user_id;
  bool decided_before = false;
  if (app.chain.size() > 1 && !auth::IsSystem(who)) {
    const Value rp[] = {app.id, who.user_id, app.id};
    auto twice = c.QueryInt(kReviewedBy, rp);
    if (!twice) return std::unexpected(twice.error());
    decided_before = *twice > 0;
  }
  app.can_decide = !filer && !decided_before && MayDecide(who, app, reviewer_path);
  if (app.can_decide) return {};
  auto k = KindOf(app.kind);
  if (!k) return std::unexpected(k.error());
  auto roles = auth::RoleNamesHolding(c, (*k)->decide_permission);
  if (!roles) return std::unexpected(roles.error());
  std::string zh_roles, en_roles;
  for (const auto& r : *roles) {
    zh_roles += (zh_roles.empty() ? "" : "或") + r;
    en_roles += (en_roles.empty() ? "" : " or ") + r;
  }
  const std::string& at = app.reviewer_org_name;
  app.waiting_zh = "待 " + at + (zh_roles.empty() ? " " : " 的" + zh_roles) + "审核";
  app.waiting_en =
      "Waiting for " + (en_roles.empty() ? at : "a " + en_roles + " of " + at) + " to decide";
  if (filer) {
    app.waiting_zh += "（提交人不能审核自己的申请）";
    app.waiting_en += " (the filer cannot decide it)";
  } else if (decided_before) {
    app.waiting_zh += "（您已在上一级审核过此申请）";
    app.waiting_en += " (you decided it at an earlier level)";
  } else if (!who.Can((*k)->decide_permission)) {
    app.waiting_zh += "（您没有审核此类申请的权限）";
    app.waiting_en += " (you may not decide applications of this kind)";
  }
  return {};
}

Result<Application> ApprovalService::Get(const auth::Principal& who, int64_t id) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto row = Load(**lease, who, id);
  if (!row) return std::unexpected(row.error());
  if (auto r = MayRead(who, row->app.kind); !r) return std::unexpected(r.error());
  if (auto r = Standing(**lease, who, row->app, row->reviewer_path); !r) {
    return std::unexpected(r.error());
  }
  auto k = KindOf(row->app.kind);
  if (!k) return std::unexpected(k.error());
  if ((*k)->summary) {
    auto summary = (*k)->summary(**lease, row->app);
    // A payload that no longer reads (a draft changed by hand to name nothing) must not hide the
    // application: it is shown with that said, and can still be returned or corrected.
    row->app.summary =
        summary ? std::move(*summary)
                : Summary{{{"申请内容", "Content", "无法读取申请内容，请退回申报单位更正",
                            "the application cannot be read: return it to be corrected"}},
                          ""};
  }
  return row->app;
}

Result<std::optional<Application>> ApprovalService::ProducedBy(const auth::Principal& who,
                                                               const std::string& kind,
                                                               std::string_view result) {
  if (auto r = MayRead(who, kind); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {kind, std::string(result)};
  auto rows = (**lease).Query(kProducedBy, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::optional<Application>();
  Row row = FromRow((*rows)[0]);
  const auto scope = who.Scope();
  if (!scope.Contains(row.app.org_path) && !scope.Contains(row.reviewer_path)) {
    return std::optional<Application>();
  }
  return std::optional<Application>(std::move(row.app));
}

Result<Page<Application>> ApprovalService::List(const auth::Principal& who, const ListQuery& q) {
  if (auto ok = CheckPageLimit(q.page.limit); !ok) return std::unexpected(ok.error());
  if (!q.kind.empty()) {
    if (auto k = KindOf(q.kind); !k) return std::unexpected(k.error());
  }
  if (!q.state.empty() && !OneOf(q.state, kStates)) return NotOneOf("state", q.state, kStates);
  if (!q.level.empty() && !OneOf(q.level, kLevels)) return NotOneOf("level", q.level, kLevels);
  auto window = ParseChinaDays(q.from_date, q.to_date);
  if (!window) return std::unexpected(window.error());
  auto after = q.page.AfterId();
  if (!after) return std::unexpected(after.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const auto s = who.Scope();
  // The kinds the caller may read, as ",kind,kind," (no kind holds a comma or '%'; the '_' in
  // a kind's name matches itself among these few fixed names).
  std::string readable = ",", decidable = ",";
  for (const auto& [name, k] : kinds_) {
    if (who.Can(k.read_permission)) readable += name + ",";
    if (who.Can(k.read_permission) && who.Can(k.decide_permission)) decidable += name + ",";
  }
  // Deciding needs the reviewer in scope too: can_decide implies to_review.
  const bool to_review = q.to_review || q.can_decide;
  const Value p[] = {s.low,
                     s.high,
                     s.low,
                     s.high,
                     q.kind,
                     q.kind,
                     q.state,
                     q.state,
                     readable,
                     int64_t{to_review ? 1 : 0},
                     s.low,
                     s.high,
                     q.level,
                     q.level,
                     window->first,
                     window->second,
                     int64_t{q.can_decide ? 1 : 0},
                     who.user_id,
                     decidable,
                     who.org_id,
                     *after,
                     *after,
                     int64_t{q.page.limit + 1}};
  auto rows = (*lease)->Query(kList, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Application> out;
  for (const auto& r : *rows) {
    Row row = FromRow(r);
    row.app.can_decide = row.app.state == "submitted" && row.app.created_by != who.user_id &&
                         MayDecide(who, row.app, row.reviewer_path);
    out.push_back(std::move(row.app));
  }
  return PageById(std::move(out), q.page.limit);
}

Result<std::vector<Event>> ApprovalService::History(const auth::Principal& who, int64_t id) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto row = Load(**lease, who, id);
  if (!row) return std::unexpected(row.error());
  if (auto r = MayRead(who, row->app.kind); !r) return std::unexpected(r.error());
  const Value p[] = {id};
  auto rows = (*lease)->Query(kEvents, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Event> out;
  for (const auto& r : *rows) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5)});
  }
  return out;
}

}  // namespace nj::approval
