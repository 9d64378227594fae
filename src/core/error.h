// Errors are values: every fallible call returns Result<T>. At HTTP an Error becomes an RFC 9457
// problem+json document (src/http/problem.cpp); this enum is the one vocabulary for that mapping.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace nj {

enum class ErrorCode {
  kInvalidInput,      // 400 a field is missing or wrong; `field` names it
  kMalformedJson,     // 400 the body is not JSON
  kUnauthenticated,   // 401 no valid session
  kCsrf,              // 403 missing or wrong X-CSRF-Token
  kForbidden,         // 403 signed in but lacks the permission
  kNotFound,          // 404 no such record, or outside the caller's scope
  kMethodNotAllowed,  // 405
  kConflict,          // 409 unique rule broken (e.g. the person is already a member)
  kPayloadTooLarge,   // 413
  kTooManyAttempts,   // 429 sign-in or activation tried too often; Error::retry_after says when
  kUnavailable,       // 503 the database is busy or unreachable
  kInternal,          // 500 a bug or an unexpected failure; logged
};

// A failure with what the user should read, in Chinese and English. `field` names the offending
// input field (JSON pointer-ish dotted name, e.g. "id_number"), `row` the 1-based row of a bulk
// input where that applies (0 = none).
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string detail_zh;
  std::string detail_en;
  std::string field;
  int64_t row = 0;
  int64_t retry_after = 0;  // seconds, for kTooManyAttempts: sent as the Retry-After header
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> Fail(ErrorCode code, std::string detail_zh, std::string detail_en,
                                   std::string field = {}) {
  return std::unexpected(
      Error{code, std::move(detail_zh), std::move(detail_en), std::move(field), 0});
}

// Stable machine name of a code, e.g. "invalid_input"; used as problem+json `code`.
const char* CodeName(ErrorCode code);
// HTTP status for a code.
int HttpStatus(ErrorCode code);
// Short title of a code in zh-CN or en.
const char* CodeTitle(ErrorCode code, bool english);

}  // namespace nj
