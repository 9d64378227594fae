#include "core/page.h"

#include "core/parse.h"

namespace nj {

Result<int64_t> PageRequest::AfterId() const {
  if (cursor.empty()) return int64_t{0};
  return ParseId("cursor", cursor);
}

Result<void> CheckPageLimit(int limit) {
  if (limit < 1 || limit > kPageMax) {
    return Fail(ErrorCode::kInvalidInput, "每页条数应为 1–200", "limit must be 1–200", "limit");
  }
  return {};
}

}  // namespace nj
