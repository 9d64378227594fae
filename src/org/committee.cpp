#include "org/committee.h"

#include <fmt/core.h>

#include "auth/audit.h"
#include "auth/scope.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/parse.h"
#include "org/enterprise.h"

namespace nj::org {

namespace {

using store::Value;

constexpr std::string_view kRetire =
    "UPDATE committee SET current = 0 WHERE org_id = ? AND current = 1";
constexpr std::string_view kInsertCommittee =
    "INSERT INTO committee (org_id, term_years, elected_on, ends_on, how_elected, votes_cast, "
    "current, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?) RETURNING id";
constexpr std::string_view kInsertSeat =
    "INSERT INTO committee_member (committee_id, seq, name, role, votes) VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kSetRegistration = "UPDATE org SET registration_no = ? WHERE id = ?";
#define NJ_COMMITTEE_SELECT                                                               \
  "SELECT c.id, c.org_id, o.name, c.term_years, c.elected_on, c.ends_on, c.how_elected, " \
  "c.votes_cast FROM committee c JOIN org o ON o.id = c.org_id "
constexpr std::string_view kCurrent = NJ_COMMITTEE_SELECT "WHERE c.org_id = ? AND c.current = 1";
constexpr std::string_view kExpiring = NJ_COMMITTEE_SELECT
    "WHERE c.current = 1 AND c.ends_on <= ? AND o.path >= ? AND o.path < ? "
    "AND (? = '' OR c.ends_on > ? OR (c.ends_on = ? AND o.id > ?)) "
    "ORDER BY c.ends_on, o.id LIMIT ?";
constexpr std::string_view kSeats =
    "SELECT name, role, votes FROM committee_member WHERE committee_id = ? ORDER BY seq";
constexpr std::string_view kUpsertRating =
    "INSERT INTO union_rating (org_id, year, scores, total, grade, stars, rated_by, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, year) DO UPDATE SET "
    "scores = excluded.scores, total = excluded.total, grade = excluded.grade, "
    "stars = excluded.stars, rated_by = excluded.rated_by, created_at = excluded.created_at";
constexpr std::string_view kRatings =
    "SELECT year, scores, total, grade, stars FROM union_rating WHERE org_id = ? ORDER BY year "
    "DESC";

Committee FromRow(const store::Row& r) {
  Committee c;
  r.Into(0, c.id, c.org_id, c.org_name, c.term_years, c.elected_on, c.ends_on, c.how_elected,
         c.votes_cast);
  return c;
}

Result<void> SeatCommittee(store::Conn& c, int64_t org_id, int64_t term_years, Date elected_on,
                           const std::string& how_elected, int64_t votes_cast,
                           const std::vector<Seat>& seats) {
  const Value retire[] = {org_id};
  if (auto r = c.Exec(kRetire, retire); !r) return std::unexpected(r.error());
  const Value p[] = {org_id,
                     term_years,
                     FormatDate(elected_on),
                     FormatDate(TermEnd(elected_on, term_years)),
                     how_elected,
                     votes_cast,
                     NowUnix()};
  auto id = c.QueryInt(kInsertCommittee, p);
  if (!id) return std::unexpected(id.error());
  for (size_t i = 0; i < seats.size(); ++i) {
    const Value s[] = {*id, static_cast<int64_t>(i), seats[i].name, seats[i].role, seats[i].votes};
    if (auto r = c.Exec(kInsertSeat, s); !r) return std::unexpected(r.error());
  }
  return {};
}

std::string SeatsImage(const std::vector<Seat>& seats) {
  std::string out;
  for (const auto& s : seats) out += (out.empty() ? "" : "，") + s.role + ":" + s.name;
  return out;
}

// The ratings' scores are stored as "item=score;…": a fixed, small vocabulary.
std::string ScoresText(const std::vector<std::pair<std::string, int64_t>>& scores) {
  std::string out;
  for (const auto& [k, v] : scores) out += (out.empty() ? "" : ";") + k + "=" + std::to_string(v);
  return out;
}

std::vector<std::pair<std::string, int64_t>> ParseScores(std::string_view text) {
  std::vector<std::pair<std::string, int64_t>> out;
  while (!text.empty()) {
    const auto end = text.find(';');
    const auto part = text.substr(0, end);
    if (const auto eq = part.find('='); eq != std::string_view::npos) {
      // Written by ScoresText; a stored score that does not read counts as 0, never a throw.
      const auto score = ParseInteger("score", part.substr(eq + 1));
      out.emplace_back(std::string(part.substr(0, eq)), score.value_or(0));
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

Result<Org> GrassrootsInScope(store::Conn& c, const auth::Principal& who, int64_t org_id,
                              const char* field) {
  auto org = FindOrg(c, who.Scope(), org_id);
  if (!org) return std::unexpected(org.error());  // out of scope reads as no such union: 404
  if (!IsGrassroots(org->kind)) {
    return Fail(ErrorCode::kInvalidInput, "应为管辖范围内的基层工会",
                "must be a grassroots union in your scope", field);
  }
  return org;
}

}  // namespace

Result<void> CommitteeService::CheckEstablishment(store::Conn& c, const auth::Principal& who,
                                                  int64_t parent_id, const Establishment& e) {
  auto parent = FindOrg(c, who.Scope(), parent_id);
  if (!parent) {
    Error missing = parent.error();
    if (missing.code == ErrorCode::kNotFound) missing.field = "parent_id";
    return std::unexpected(std::move(missing));
  }
  // A union sits under a federation (township, county …), never under another union.
  if (!parent->kind.ends_with("_federation")) {
    return Fail(ErrorCode::kInvalidInput, "「" + parent->name + "」不是总工会，不能在其下组建工会",
                parent->name + " is not a federation: no union is founded under it", "parent_id");
  }
  if (auto v = ValidateEstablishment(e, parent->kind); !v) return v;
  if (e.enterprise_id != 0) {
    auto ent = FindEnterprise(c, who.Scope(), e.enterprise_id);
    if (!ent) {
      return Fail(ErrorCode::kInvalidInput, "企业不存在或不在管辖范围内",
                  "no such enterprise in your scope", "enterprise_id");
    }
    if (ent->union_id != 0) {
      return Fail(ErrorCode::kConflict, "该企业已由「" + ent->union_name + "」覆盖",
                  "the enterprise is covered by " + ent->union_name + " already", "enterprise_id");
    }
  }
  return {};
}

Result<std::string> CommitteeService::Establish(store::Conn& c, const auth::Principal& who,
                                                int64_t parent_id, const Establishment& e,
                                                Date today) {
  if (auto v = CheckEstablishment(c, who, parent_id, e); !v) return std::unexpected(v.error());
  OrgInput in;
  in.parent_id = parent_id;
  in.kind = e.kind;
  in.name = e.name;
  in.division_code = e.division_code;
  auto org = CreateOrg(c, who, in);
  if (!org) return std::unexpected(org.error());
  const std::string registration =
      fmt::format("{}-{}-{:06}", e.division_code, static_cast<int>(today.year()), org->id);
  const Value p[] = {registration, org->id};
  if (auto r = c.Exec(kSetRegistration, p); !r) return std::unexpected(r.error());
  if (auto r = SeatCommittee(c, org->id, e.term_years, today, "founding", e.founding_members,
                             e.committee);
      !r) {
    return std::unexpected(r.error());
  }
  if (e.enterprise_id != 0) {
    if (auto r = CoverEnterprise(c, who.Scope(), e.enterprise_id, org->id); !r) {
      return std::unexpected(r.error());
    }
  }
  return registration;
}

Result<std::string> CommitteeService::CheckReelection(store::Conn& c, const auth::Principal& who,
                                                      const Reelection& r, Date today) {
  auto org = GrassrootsInScope(c, who, r.org_id, "org_id");
  if (!org) return std::unexpected(org.error());
  if (auto v = ValidateReelection(r, today); !v) return std::unexpected(v.error());
  return org->name;
}

Result<std::string> CommitteeService::Reelect(store::Conn& c, const auth::Principal& who,
                                              const Reelection& r, Date today) {
  auto name = CheckReelection(c, who, r, today);
  if (!name) return std::unexpected(name.error());
  auto org = FindOrg(c, who.Scope(), r.org_id);
  if (!org) return std::unexpected(org.error());
  if (auto s = SeatCommittee(c, r.org_id, r.term_years, *ParseDate(r.elected_on), r.how_elected,
                             r.votes_cast, r.committee);
      !s) {
    return std::unexpected(s.error());
  }
  if (auto a = auth::AppendAudit(c, who,
                                 {"reelect", "org", std::to_string(r.org_id), org->path, "",
                                  Fields()
                                      .Add("elected_on", r.elected_on)
                                      .Add("term_years", r.term_years)
                                      .Add("how_elected", r.how_elected)
                                      .Add("committee", SeatsImage(r.committee))
                                      .Json(),
                                  ""});
      !a) {
    return std::unexpected(a.error());
  }
  return FormatDate(TermEnd(*ParseDate(r.elected_on), r.term_years));
}

Result<std::optional<Committee>> CommitteeService::Current(const auth::Principal& who,
                                                           int64_t org_id) {
  if (auto r = who.Require(auth::kOrgRead); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto org = FindOrg(**lease, who.Scope(), org_id);
  if (!org) return std::unexpected(org.error());
  const Value p[] = {org_id};
  auto rows = (*lease)->Query(kCurrent, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::nullopt;
  Committee out = FromRow((*rows)[0]);
  const Value s[] = {out.id};
  auto seats = (*lease)->Query(kSeats, s);
  if (!seats) return std::unexpected(seats.error());
  for (const auto& r : *seats) out.seats.push_back({r.Text(0), r.Text(1), r.Int(2)});
  return out;
}

Result<Page<Committee>> CommitteeService::Expiring(const auth::Principal& who, int64_t org_id,
                                                   int64_t days, const PageRequest& page) {
  if (auto r = who.Require(auth::kOrgRead); !r) return std::unexpected(r.error());
  if (days < 0 || days > 3650) {
    return Fail(ErrorCode::kInvalidInput, "天数应为 0–3650", "days must be 0–3650", "days");
  }
  if (auto r = CheckPageLimit(page.limit); !r) return std::unexpected(r.error());
  // The cursor: the last committee's end of term and union, "YYYY-MM-DD.<org id>".
  std::string after_day;
  int64_t after_org = 0;
  if (!page.cursor.empty()) {
    const auto dot = page.cursor.find('.');
    const auto day = ParseDate(std::string_view(page.cursor).substr(0, dot));
    auto org = dot == std::string::npos ? Result<int64_t>(0)
                                        : ParseId("cursor", page.cursor.substr(dot + 1));
    if (!day || !org || *org == 0) {
      return Fail(ErrorCode::kInvalidInput, "分页游标无效", "the cursor is not valid", "cursor");
    }
    after_day = FormatDate(*day);
    after_org = *org;
  }
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto in_scope = auth::RangeFor(**lease, who, org_id);
  if (!in_scope) return std::unexpected(in_scope.error());
  const auth::PathRange& range = *in_scope;
  const Date until(std::chrono::sys_days(Today()) + std::chrono::days(days));
  const Value p[] = {FormatDate(until), range.low, range.high, after_day,
                     after_day,         after_day, after_org,  int64_t{page.limit + 1}};
  auto rows = (*lease)->Query(kExpiring, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Committee> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return PageOf(std::move(out), page.limit,
                [](const Committee& c) { return c.ends_on + "." + std::to_string(c.org_id); });
}

Result<RatingRecord> CommitteeService::Rate(
    const auth::Principal& who, int64_t org_id, int64_t year,
    const std::vector<std::pair<std::string, int64_t>>& scores) {
  if (auto r = who.Require(auth::kOrgWrite); !r) return std::unexpected(r.error());
  const int64_t this_year = static_cast<int>(Today().year());
  if (year < 2000 || year > this_year) {
    return Fail(ErrorCode::kInvalidInput, "评定年度应为 2000 年至今年", "year: 2000 to this year",
                "year");
  }
  auto rating = RateUnion(scores);
  if (!rating) return std::unexpected(rating.error());
  return db_.Transaction<RatingRecord>([&](store::Conn& c) -> Result<RatingRecord> {
    auto org = GrassrootsInScope(c, who, org_id, "org_id");
    if (!org) return std::unexpected(org.error());
    if (org->id == who.org_id) {
      return Fail(ErrorCode::kForbidden, "工会不能评定自己", "a union cannot rate itself");
    }
    const Value p[] = {org_id,        year,          ScoresText(scores), rating->total,
                       rating->grade, rating->stars, who.user_id,        NowUnix()};
    if (auto r = c.Exec(kUpsertRating, p); !r) return std::unexpected(r.error());
    if (auto a = auth::AppendAudit(c, who,
                                   {"rate", "org", std::to_string(org_id), org->path, "",
                                    Fields()
                                        .Add("year", year)
                                        .Add("scores", ScoresText(scores))
                                        .Add("grade", rating->grade)
                                        .Add("stars", rating->stars)
                                        .Json(),
                                    ""});
        !a) {
      return std::unexpected(a.error());
    }
    return RatingRecord{org_id, org->name, year, *rating, scores};
  });
}

Result<std::vector<RatingRecord>> CommitteeService::Ratings(const auth::Principal& who,
                                                            int64_t org_id) {
  if (auto r = who.Require(auth::kOrgRead); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto org = FindOrg(**lease, who.Scope(), org_id);
  if (!org) return std::unexpected(org.error());
  const Value p[] = {org_id};
  auto rows = (*lease)->Query(kRatings, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<RatingRecord> out;
  for (const auto& r : *rows) {
    out.push_back(
        {org_id, org->name, r.Int(0), {r.Int(2), r.Int(3), r.Int(4)}, ParseScores(r.Text(1))});
  }
  return out;
}

}  // namespace nj::org
