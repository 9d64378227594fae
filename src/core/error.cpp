#include "core/error.h"

namespace nj {

namespace {
struct CodeInfo {
  const char* name;
  int status;
  const char* zh;
  const char* en;
};

CodeInfo Info(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return {"invalid_input", 400, "输入有误", "Invalid input"};
    case ErrorCode::kMalformedJson:
      return {"malformed_json", 400, "请求不是有效的 JSON", "Malformed JSON"};
    case ErrorCode::kUnauthenticated:
      return {"unauthenticated", 401, "请先登录", "Sign-in required"};
    case ErrorCode::kCsrf:
      return {"csrf", 403, "缺少或错误的 CSRF 令牌", "Missing or wrong CSRF token"};
    case ErrorCode::kForbidden:
      return {"forbidden", 403, "没有权限", "Permission denied"};
    case ErrorCode::kNotFound:
      return {"not_found", 404, "记录不存在", "Not found"};
    case ErrorCode::kMethodNotAllowed:
      return {"method_not_allowed", 405, "不支持该请求方法", "Method not allowed"};
    case ErrorCode::kConflict:
      return {"conflict", 409, "与已有记录冲突", "Conflict"};
    case ErrorCode::kPayloadTooLarge:
      return {"payload_too_large", 413, "请求体过大", "Payload too large"};
    case ErrorCode::kTooManyAttempts:
      return {"too_many_attempts", 429, "尝试次数过多", "Too many attempts"};
    case ErrorCode::kUnavailable:
      return {"unavailable", 503, "服务暂时不可用", "Service unavailable"};
    case ErrorCode::kInternal:
      break;
  }
  return {"internal", 500, "服务器内部错误", "Internal server error"};
}
}  // namespace

const char* CodeName(ErrorCode code) { return Info(code).name; }
int HttpStatus(ErrorCode code) { return Info(code).status; }
const char* CodeTitle(ErrorCode code, bool english) {
  auto i = Info(code);
  return english ? i.en : i.zh;
}

}  // namespace nj
