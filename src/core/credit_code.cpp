#include "core/credit_code.h"

namespace nj {

namespace {

constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

int ValueOf(char c) {
  const auto at = kCreditCodeAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

}  // namespace

std::optional<char> CreditCodeCheckChar(std::string_view first17) {
  if (first17.size() != 17) return std::nullopt;
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    const int v = ValueOf(first17[i]);
    if (v < 0) return std::nullopt;
    sum += v * kWeights[i];
  }
  const int check = (31 - sum % 31) % 31;
  return kCreditCodeAlphabet[static_cast<size_t>(check)];
}

Result<CreditCode> ParseCreditCode(std::string_view input) {
  std::string code;
  for (char c : input) {
    if (c == ' ' || c == '-') continue;
    code += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  if (code.size() != 18) {
    return Fail(ErrorCode::kInvalidInput,
                "统一社会信用代码应为 18 位（现为 " + std::to_string(code.size()) + " 位）",
                "a unified social credit code has 18 characters (this one has " +
                    std::to_string(code.size()) + ")",
                "credit_code");
  }
  for (size_t i = 0; i < code.size(); ++i) {
    if (ValueOf(code[i]) < 0) {
      return Fail(ErrorCode::kInvalidInput,
                  "统一社会信用代码第 " + std::to_string(i + 1) + " 位「" + code[i] +
                      "」不是允许的字符（数字和除 I、O、S、V、Z 外的大写字母）",
                  "character " + std::to_string(i + 1) + " '" + code[i] +
                      "' is not allowed (digits and capitals except I, O, S, V, Z)",
                  "credit_code");
    }
  }
  return CreditCode{code, *CreditCodeCheckChar(std::string_view(code).substr(0, 17)) != code[17]};
}

}  // namespace nj
