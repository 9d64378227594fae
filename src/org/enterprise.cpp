#include "org/enterprise.h"

#include "auth/audit.h"
#include "auth/scope.h"
#include "core/credit_code.h"
#include "core/date.h"
#include "core/division.h"
#include "core/fields.h"
#include "core/text.h"
#include "org/org.h"
#include "org/rules.h"

namespace nj::org {

namespace {

using store::Value;

#define NJ_ENTERPRISE_SELECT                                                                 \
  "SELECT e.id, e.credit_code, e.name, e.division_code, e.industry, e.employees, e.org_id, " \
  "o.name, COALESCE(e.union_id, 0), COALESCE(u.name, ''), e.code_override, o.path "          \
  "FROM enterprise e JOIN org o ON o.id = e.org_id LEFT JOIN org u ON u.id = e.union_id "

constexpr std::string_view kGet = NJ_ENTERPRISE_SELECT "WHERE e.id = ?";
constexpr std::string_view kList = NJ_ENTERPRISE_SELECT
    "WHERE o.path >= ? AND o.path < ? AND (? = '' OR e.name_fold LIKE ? ESCAPE '\\') "
    "AND (? = '' OR (? = 'yes' AND e.union_id IS NOT NULL) OR (? = 'no' AND e.union_id IS NULL)) "
    "AND e.id > ? ORDER BY e.id LIMIT ?";
constexpr std::string_view kByCode = "SELECT id FROM enterprise WHERE credit_code = ?";
constexpr std::string_view kUnionByCode =
    "SELECT COALESCE(MAX(union_id), 0) FROM enterprise WHERE credit_code = ?";
constexpr std::string_view kInsert =
    "INSERT INTO enterprise (credit_code, name, name_fold, division_code, industry, employees, "
    "org_id, union_id, code_override, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kUpdate =
    "UPDATE enterprise SET credit_code = ?, name = ?, name_fold = ?, division_code = ?, "
    "industry = ?, employees = ?, org_id = ?, union_id = ?, code_override = ?, updated_at = ? "
    "WHERE id = ?";
constexpr std::string_view kCover =
    "UPDATE enterprise SET union_id = ?, updated_at = ? WHERE id = ?";
constexpr std::string_view kCoverage =
    "SELECT COUNT(*), COUNT(e.union_id), COALESCE(SUM(e.employees), 0), "
    "COALESCE(SUM(CASE WHEN e.union_id IS NULL THEN 0 ELSE e.employees END), 0) "
    "FROM enterprise e JOIN org o ON o.id = e.org_id WHERE o.path >= ? AND o.path < ?";

struct Found {
  Enterprise e;
  std::string path;
};

Found FromRow(const store::Row& r) {
  return {{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5), r.Int(6), r.Text(7),
           r.Int(8), r.Text(9), r.Text(10)},
          r.Text(11)};
}

std::string Image(const Enterprise& e) {
  return Fields()
      .Add("credit_code", e.credit_code)
      .Add("name", e.name)
      .Add("division_code", e.division_code)
      .Add("industry", e.industry)
      .Add("employees", e.employees)
      .Add("org_id", e.org_id)
      .Add("union_id", e.union_id)
      .Json();
}

Result<Found> Load(store::Conn& c, const auth::PathRange& scope, int64_t id) {
  const Value p[] = {id};
  auto rows = c.Query(kGet, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty() || !scope.Contains(FromRow((*rows)[0]).path)) {
    return Fail(ErrorCode::kNotFound, "企业不存在：" + std::to_string(id),
                "no such enterprise: " + std::to_string(id));
  }
  return FromRow((*rows)[0]);
}

// Checks the input and returns the normalised credit code and the path of its organisation.
Result<std::pair<std::string, std::string>> Check(store::Conn& c, const auth::Principal& who,
                                                  const EnterpriseInput& in, int64_t self) {
  auto code = ParseCreditCode(in.credit_code);
  if (!code) return std::unexpected(code.error());
  const bool override_given = in.code_override.find_first_not_of(' ') != std::string::npos;
  if (code->check_fails && !override_given) {
    return Fail(
        ErrorCode::kInvalidInput,
        "统一社会信用代码校验位不符（应为 " +
            std::string(1, *CreditCodeCheckChar(std::string_view(code->code).substr(0, 17))) +
            "）。若确为早期核发的真实代码，请填写理由后保存",
        "the credit code's check character is wrong; if it is a real early code, give "
        "the reason to accept it",
        "credit_code");
  }
  const int64_t n = CharacterCount(in.name);
  if (n < 1 || n > 100 || in.name.find_first_not_of(' ') == std::string::npos) {
    return Fail(ErrorCode::kInvalidInput, "企业名称应为 1–100 个字",
                "the name must be 1–100 characters", "name");
  }
  if (!IsKnownDivision(in.division_code)) {
    return Fail(ErrorCode::kInvalidInput, "行政区划代码无效：" + in.division_code,
                "unknown division code " + in.division_code, "division_code");
  }
  if (in.employees < 0 || in.employees > 10'000'000) {
    return Fail(ErrorCode::kInvalidInput, "职工人数应为 0 或正整数", "employees must be 0 or more",
                "employees");
  }
  if (CharacterCount(in.industry) > 50) {
    return Fail(ErrorCode::kInvalidInput, "行业最多 50 个字", "industry: at most 50 characters",
                "industry");
  }
  auto org = FindOrg(c, who.Scope(), in.org_id);
  if (!org) {
    return Fail(ErrorCode::kNotFound, "所属组织不存在", "no such organisation", "org_id");
  }
  if (in.union_id != 0) {
    auto u = FindOrg(c, who.Scope(), in.union_id);
    if (!u || !IsGrassroots(u->kind)) {
      return Fail(ErrorCode::kInvalidInput, "覆盖工会应为管辖范围内的基层工会",
                  "the covering union must be a grassroots union in your scope", "union_id");
    }
  }
  const Value p[] = {code->code};
  auto dup = c.Query(kByCode, p);
  if (!dup) return std::unexpected(dup.error());
  if (!dup->empty() && (*dup)[0].Int(0) != self) {
    return Fail(ErrorCode::kConflict, "该统一社会信用代码的企业已登记",
                "an enterprise with this credit code is registered already", "credit_code");
  }
  return std::pair{code->code, org->path};
}

}  // namespace

Result<Enterprise> FindEnterprise(store::Conn& c, const auth::PathRange& scope, int64_t id) {
  auto e = Load(c, scope, id);
  if (!e) return std::unexpected(e.error());
  return e->e;
}

Result<void> CoverEnterprise(store::Conn& c, const auth::PathRange& scope, int64_t enterprise_id,
                             int64_t union_id) {
  auto e = Load(c, scope, enterprise_id);
  if (!e) return std::unexpected(e.error());
  const Value p[] = {union_id, NowUnix(), enterprise_id};
  if (auto r = c.Exec(kCover, p); !r) return std::unexpected(r.error());
  return {};
}

Result<Enterprise> EnterpriseService::Create(const auth::Principal& who,
                                             const EnterpriseInput& in) {
  if (auto w = who.Require(auth::kOrgApply); !w) return std::unexpected(w.error());
  return db_.Transaction<Enterprise>([&](store::Conn& c) -> Result<Enterprise> {
    auto checked = Check(c, who, in, 0);
    if (!checked) return std::unexpected(checked.error());
    const int64_t now = NowUnix();
    const Value p[] = {checked->first,
                       in.name,
                       FoldText(in.name),
                       in.division_code,
                       in.industry,
                       in.employees,
                       in.org_id,
                       in.union_id ? Value(in.union_id) : Value(),
                       in.code_override,
                       now,
                       now};
    auto id = c.QueryInt(kInsert, p);
    if (!id) return std::unexpected(id.error());
    auto e = Load(c, who.Scope(), *id);
    if (!e) return std::unexpected(e.error());
    if (auto a = auth::AppendAudit(c, who,
                                   {"create", "enterprise", std::to_string(*id), e->path, "",
                                    Image(e->e), in.code_override});
        !a) {
      return std::unexpected(a.error());
    }
    return e->e;
  });
}

Result<Enterprise> EnterpriseService::Update(const auth::Principal& who, int64_t id,
                                             const EnterpriseInput& in) {
  if (auto w = who.Require(auth::kOrgApply); !w) return std::unexpected(w.error());
  return db_.Transaction<Enterprise>([&](store::Conn& c) -> Result<Enterprise> {
    auto before = Load(c, who.Scope(), id);
    if (!before) return std::unexpected(before.error());
    auto checked = Check(c, who, in, id);
    if (!checked) return std::unexpected(checked.error());
    const Value p[] = {checked->first,
                       in.name,
                       FoldText(in.name),
                       in.division_code,
                       in.industry,
                       in.employees,
                       in.org_id,
                       in.union_id ? Value(in.union_id) : Value(),
                       in.code_override,
                       NowUnix(),
                       id};
    if (auto r = c.Exec(kUpdate, p); !r) return std::unexpected(r.error());
    auto after = Load(c, who.Scope(), id);
    if (!after) return std::unexpected(after.error());
    if (auto a = auth::AppendAudit(c, who,
                                   {"update", "enterprise", std::to_string(id), after->path,
                                    Image(before->e), Image(after->e), in.code_override});
        !a) {
      return std::unexpected(a.error());
    }
    return after->e;
  });
}

Result<int64_t> EnterpriseService::UnionByCreditCode(std::string_view text) {
  auto code = ParseCreditCode(text);
  if (!code) return int64_t{0};  // a name, not a code
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {code->code};
  return (*lease)->QueryInt(kUnionByCode, p);
}

Result<Enterprise> EnterpriseService::Get(const auth::Principal& who, int64_t id) {
  if (auto r = who.Require(auth::kOrgRead); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto e = Load(**lease, who.Scope(), id);
  if (!e) return std::unexpected(e.error());
  return e->e;
}

Result<Page<Enterprise>> EnterpriseService::List(const auth::Principal& who,
                                                 const EnterpriseQuery& q) {
  if (auto r = who.Require(auth::kOrgRead); !r) return std::unexpected(r.error());
  if (auto ok = CheckPageLimit(q.limit); !ok) return std::unexpected(ok.error());
  if (!q.covered.empty() && q.covered != "yes" && q.covered != "no") {
    return Fail(ErrorCode::kInvalidInput, "covered 应为 yes 或 no", "covered is yes or no",
                "covered");
  }
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auth::PathRange range = who.Scope();
  if (q.org_id != 0) {
    auto org = FindOrg(**lease, range, q.org_id);
    if (!org) return std::unexpected(org.error());
    range = auth::SubtreeOf(org->path);
  }
  std::string pattern;
  if (!q.name.empty()) {
    pattern = "%";
    for (char ch : FoldText(q.name)) {
      if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
      pattern += ch;
    }
    pattern += "%";
  }
  const Value p[] = {range.low, range.high, pattern,
                     pattern,   q.covered,  q.covered,
                     q.covered, q.after_id, int64_t{q.limit + 1}};
  auto rows = (*lease)->Query(kList, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Enterprise> out;
  for (const auto& r : *rows) out.push_back(FromRow(r).e);
  return PageById(std::move(out), q.limit);
}

Result<Coverage> EnterpriseService::CoverageOf(const auth::Principal& who, int64_t org_id) {
  if (auto r = who.Require(auth::kOrgRead); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto in_scope = auth::RangeFor(**lease, who, org_id);
  if (!in_scope) return std::unexpected(in_scope.error());
  const auth::PathRange& range = *in_scope;
  const Value p[] = {range.low, range.high};
  auto rows = (*lease)->Query(kCoverage, p);
  if (!rows) return std::unexpected(rows.error());
  const auto& r = (*rows)[0];
  return Coverage{r.Int(0), r.Int(1), r.Int(0) - r.Int(1), r.Int(2), r.Int(3)};
}

}  // namespace nj::org
