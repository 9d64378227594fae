// Enterprises (企业) and which union covers each: the base of "coverage" (建会率) figures.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/error.h"
#include "core/page.h"
#include "store/db.h"

namespace nj::org {

struct Enterprise {
  int64_t id = 0;
  std::string credit_code, name, division_code, industry;
  int64_t employees = 0;
  int64_t org_id = 0;  // the organisation whose scope it is registered in
  std::string org_name;
  int64_t union_id = 0;  // the union covering it; 0 = none
  std::string union_name;
  std::string code_override;  // why a code failing its check was accepted
};

struct EnterpriseInput {
  std::string credit_code, name, division_code, industry;
  int64_t employees = 0;
  int64_t org_id = 0;
  int64_t union_id = 0;
  std::string code_override;  // required when the credit code fails its check
};

struct EnterpriseQuery {
  int64_t org_id = 0;    // subtree; 0 = the caller's scope
  std::string name;      // contains, simplified or traditional
  std::string covered;   // "yes", "no" or "" (all)
  int64_t after_id = 0;  // cursor
  int limit = 50;
};

struct Coverage {
  int64_t enterprises = 0, with_union = 0, without_union = 0;
  int64_t employees = 0, covered_workers = 0;
};

class EnterpriseService {
 public:
  explicit EnterpriseService(store::Database& db) : db_(db) {}

  // A credit code failing its GB 32100 check is refused (field credit_code) unless
  // `code_override` gives the reason it is real; the reason is audited. The covering union
  // must be a grassroots union of the caller's scope.
  Result<Enterprise> Create(const auth::Principal& who, const EnterpriseInput& in);
  Result<Enterprise> Update(const auth::Principal& who, int64_t id, const EnterpriseInput& in);
  Result<Enterprise> Get(const auth::Principal& who, int64_t id);
  Result<Page<Enterprise>> List(const auth::Principal& who, const EnterpriseQuery& q);
  // Enterprises registered in the subtree of `org_id` (0: the caller's own), with and without a
  // union, and the workers of those with one.
  Result<Coverage> CoverageOf(const auth::Principal& who, int64_t org_id);
  // The union covering the enterprise with this credit code, wherever it is registered (a
  // transfer's destination is found by its employer's code, which is public); 0 when `text` is
  // no credit code, or no enterprise with a union has it. Only the id leaves: the caller reads
  // the union as it reads any other found by name.
  Result<int64_t> UnionByCreditCode(std::string_view text);

 private:
  store::Database& db_;
};

// One enterprise registered within `scope`, on the caller's connection; kNotFound otherwise.
Result<Enterprise> FindEnterprise(store::Conn& c, const auth::PathRange& scope, int64_t id);

// Links the enterprise to the union that now covers it (establishment), on the caller's
// transaction; kNotFound when the enterprise is outside `scope`.
Result<void> CoverEnterprise(store::Conn& c, const auth::PathRange& scope, int64_t enterprise_id,
                             int64_t union_id);

}  // namespace nj::org
