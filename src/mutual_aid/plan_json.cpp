// The plan's JSON (plan_json.h): ParsePlan refuses anything it would otherwise have to guess at — a
// missing or unknown key, a key given twice, a number that is not an integer — naming the field.
#include "mutual_aid/plan_json.h"

#include <algorithm>
#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>  // basic_parser with a handler of our own
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/parse.h"

namespace nj::mutual_aid {

namespace {

namespace json = boost::json;

// Amounts are bounded by nj::kMaxFen (core/parse.h): 10¹² fen, as every amount from outside.
constexpr size_t kMaxCodeLength = 40;

std::string At(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}
std::string At(const std::string& path, size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

// Finds a key given twice in one object: json::parse keeps the last silently, which would hide
// a mistake as well as an unknown key does. A handler for boost::json::basic_parser.
class DuplicateKeys {
 public:
  static constexpr size_t max_object_size = size_t(-1);
  static constexpr size_t max_array_size = size_t(-1);
  static constexpr size_t max_key_size = size_t(-1);
  static constexpr size_t max_string_size = size_t(-1);

  std::string found;  // the path of the first key seen twice; empty when none

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) { return Begin(false); }
  bool on_object_end(size_t, json::error_code&) { return End(); }
  bool on_array_begin(json::error_code&) { return Begin(true); }
  bool on_array_end(size_t, json::error_code&) { return End(); }
  bool on_key_part(json::string_view s, size_t, json::error_code&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, size_t, json::error_code&) {
    key_.append(s.data(), s.size());
    Frame& f = frames_.back();
    if (!f.keys.insert(key_).second && found.empty()) found = At(f.path, key_);
    f.key = std::move(key_);
    key_.clear();
    return true;
  }
  bool on_string_part(json::string_view, size_t, json::error_code&) { return true; }
  bool on_string(json::string_view, size_t, json::error_code&) { return Value(); }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(int64_t, json::string_view, json::error_code&) { return Value(); }
  bool on_uint64(uint64_t, json::string_view, json::error_code&) { return Value(); }
  bool on_double(double, json::string_view, json::error_code&) { return Value(); }
  bool on_bool(bool, json::error_code&) { return Value(); }
  bool on_null(json::error_code&) { return Value(); }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  struct Frame {
    std::string path;
    bool array = false;
    size_t index = 0;  // of the element being read, in an array
    std::string key;   // of the value being read, in an object
    std::unordered_set<std::string> keys;
  };

  bool Begin(bool array) {
    std::string path;
    if (!frames_.empty()) {
      const Frame& f = frames_.back();
      path = f.array ? At(f.path, f.index) : At(f.path, f.key);
    }
    frames_.push_back({std::move(path), array, 0, {}, {}});
    return true;
  }
  bool End() {
    frames_.pop_back();
    return Value();
  }
  // A value is complete: the next element of an array has the next index.
  bool Value() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return true;
  }

  std::vector<Frame> frames_;
  std::string key_;
};

// The path of a key given twice in `text` (well-formed JSON), or nullopt.
std::optional<std::string> DuplicateKey(std::string_view text) {
  json::basic_parser<DuplicateKeys> p(json::parse_options{});
  json::error_code ec;
  p.write_some(false, text.data(), text.size(), ec);
  if (ec || p.handler().found.empty()) return std::nullopt;
  return p.handler().found;
}

// A value of the document and where it is.
struct Field {
  const json::value* value = nullptr;  // null when missing
  std::string path;
};

// Reads the plan, keeping the first error: after it, reads give defaults and report nothing, so
// that each check is one line rather than an early return, and the error reported is the first
// in the order of the format.
class Reader {
 public:
  const std::optional<Error>& error() const { return error_; }

  void Refuse(const std::string& path, std::string zh, std::string en) {
    if (!error_) error_ = Error{ErrorCode::kInvalidInput, std::move(zh), std::move(en), path, 0};
  }

  // Refuses the first key of `o` outside `known`: a misspelt key is not dropped quietly.
  void OnlyKeys(const json::object& o, const std::string& path,
                std::initializer_list<std::string_view> known) {
    for (const auto& kv : o) {
      if (std::find(known.begin(), known.end(), kv.key()) != known.end()) continue;
      const std::string at = At(path, kv.key());
      Refuse(at, at + " 不是方案的字段（拼写有误？）",
             at + " is not a field of a plan (misspelt?)");
      return;
    }
  }

  // The value of a required key.
  Field Get(const json::object& o, const std::string& path, std::string_view key) {
    Field f{nullptr, At(path, key)};
    if (auto it = o.find(key); it != o.end()) {
      f.value = &it->value();
    } else {
      Refuse(f.path, "缺少必填字段 " + f.path, f.path + " is required");
    }
    return f;
  }

  const json::object* Object(const Field& f) {
    if (!f.value) return nullptr;
    if (f.value->is_object()) return &f.value->as_object();
    Refuse(f.path, f.path + " 应为 JSON 对象", f.path + " must be a JSON object");
    return nullptr;
  }

  const json::array* Array(const Field& f) {
    if (!f.value) return nullptr;
    if (f.value->is_array()) return &f.value->as_array();
    Refuse(f.path, f.path + " 应为数组", f.path + " must be an array");
    return nullptr;
  }

  std::string String(const Field& f) {
    if (!f.value) return {};
    if (f.value->is_string()) return std::string(f.value->as_string());
    Refuse(f.path, f.path + " 应为字符串", f.path + " must be a string");
    return {};
  }

  // An integer in [min, max]: a JSON integer, since 5000.0 or "5000" suggests a figure from
  // somewhere it was not exact.
  int64_t Integer(const Field& f, int64_t min, int64_t max) {
    if (!f.value) return 0;
    // Boost.JSON holds an integer as uint64 only above INT64_MAX: beyond every bound here.
    if (!f.value->is_int64() && !f.value->is_uint64()) {
      Refuse(f.path, f.path + " 应为整数（不能是小数或字符串）",
             f.path + " must be a JSON integer (not a decimal number or a string)");
      return 0;
    }
    const int64_t v = f.value->is_int64() ? f.value->as_int64() : INT64_MAX;
    if (v < 0 && min == 0) {
      Refuse(f.path, f.path + " 不能为负数", f.path + " must not be negative");
    } else if (v < min || v > max) {
      Refuse(f.path,
             f.path + " 应在 " + std::to_string(min) + " 到 " + std::to_string(max) + " 之间",
             f.path + " must be from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return v;
  }

  int64_t Fen(const Field& f) { return Integer(f, 0, kMaxFen); }

  Date DateOf(const Field& f) {
    const std::string text = String(f);
    if (!f.value || !f.value->is_string()) return {};
    auto d = ParseDateIn(f.path, text);  // a real date, years 1900–2100
    if (d) return *d;
    if (!error_) error_ = d.error();
    return {};
  }

 private:
  std::optional<Error> error_;
};

bool IsCodeChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

bool IsIcd10Char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'; }

std::string VisitTypeList(std::string_view separator) {
  std::string out;
  for (std::string_view t : kVisitTypes) {
    if (!out.empty()) out += separator;
    out += t;
  }
  return out;
}

std::vector<Tier> ReadTiers(Reader& r, const Field& field) {
  std::vector<Tier> tiers;
  const json::array* a = r.Array(field);
  if (!a) return tiers;
  if (a->empty()) {
    r.Refuse(field.path, field.path + " 至少应有一档", field.path + " must have at least one tier");
  }
  for (size_t i = 0; i < a->size(); ++i) {
    const Field item{&(*a)[i], At(field.path, i)};
    const json::object* o = r.Object(item);
    if (!o) break;
    r.OnlyKeys(*o, item.path, {"up_to_fen", "percent"});
    Tier t;
    const Field bound = r.Get(*o, item.path, "up_to_fen");
    if (bound.value && bound.value->is_null()) {
      if (i + 1 < a->size()) {
        r.Refuse(bound.path, bound.path + " 只有最后一档可以不设上限（null）",
                 bound.path + " may be null (no upper bound) on the last tier only");
      }
    } else if (bound.value) {
      t.up_to_fen = r.Fen(bound);
      if (*t.up_to_fen == 0) {
        r.Refuse(bound.path, bound.path + " 应大于 0（不设上限时写 null）",
                 bound.path + " must be above 0 (null for no upper bound)");
      } else if (!tiers.empty() && tiers.back().up_to_fen &&
                 *t.up_to_fen <= *tiers.back().up_to_fen) {
        const std::string prev = std::to_string(*tiers.back().up_to_fen);
        r.Refuse(bound.path, bound.path + " 应大于上一档的上限 " + prev,
                 bound.path + " must be above the previous tier's bound, " + prev);
      }
    }
    t.percent = static_cast<int>(r.Integer(r.Get(*o, item.path, "percent"), 0, 100));
    tiers.push_back(t);
  }
  return tiers;
}

std::vector<Benefit> ReadBenefits(Reader& r, const Field& field) {
  std::vector<Benefit> benefits;
  const json::array* a = r.Array(field);
  if (!a) return benefits;
  if (a->empty()) {
    r.Refuse(field.path, field.path + " 至少应有一项待遇",
             field.path + " must have at least one benefit");
  }
  size_t seen[kVisitTypeCount];  // the benefit of each visit type so far, + 1; 0: none
  std::fill(std::begin(seen), std::end(seen), 0);
  for (size_t i = 0; i < a->size(); ++i) {
    const Field item{&(*a)[i], At(field.path, i)};
    const json::object* o = r.Object(item);
    if (!o) break;
    r.OnlyKeys(*o, item.path, {"visit_type", "deductible_fen", "cap_fen", "tiers"});
    Benefit b;
    const Field type = r.Get(*o, item.path, "visit_type");
    b.visit_type = r.String(type);
    if (type.value && type.value->is_string()) {
      if (auto index = VisitTypeIndex(b.visit_type); !index) {
        r.Refuse(type.path,
                 type.path + " 是未知的就诊类型 \"" + b.visit_type + "\"（应为 " +
                     VisitTypeList("、") + " 之一）",
                 type.path + " is an unknown visit type \"" + b.visit_type + "\" (one of " +
                     VisitTypeList(", ") + ")");
      } else if (seen[*index]) {
        const std::string first = At(field.path, seen[*index] - 1);
        r.Refuse(type.path, type.path + " 就诊类型 " + b.visit_type + " 已在 " + first + " 中出现",
                 type.path + " repeats visit type " + b.visit_type + ", already in " + first);
      } else {
        seen[*index] = i + 1;
      }
    }
    b.deductible_fen = r.Fen(r.Get(*o, item.path, "deductible_fen"));
    b.cap_fen = r.Fen(r.Get(*o, item.path, "cap_fen"));
    b.tiers = ReadTiers(r, r.Get(*o, item.path, "tiers"));
    benefits.push_back(std::move(b));
  }
  return benefits;
}

void ReadCriticalIllness(Reader& r, const json::object& plan, Plan& p) {
  auto it = plan.find("critical_illness");
  // Optional, and null says "none" as plainly as leaving it out.
  if (it == plan.end() || it->value().is_null()) return;
  const json::object* o = r.Object({&it->value(), "critical_illness"});
  if (!o) return;
  const std::string path = "critical_illness";
  r.OnlyKeys(*o, path, {"icd10_prefixes", "lump_sum_fen"});
  if (const json::array* a = r.Array(r.Get(*o, path, "icd10_prefixes"))) {
    for (size_t i = 0; i < a->size(); ++i) {
      const Field item{&(*a)[i], At(At(path, "icd10_prefixes"), i)};
      std::string prefix = r.String(item);
      if (!item.value->is_string()) break;
      if (prefix.empty()) {
        r.Refuse(item.path, item.path + " 不能为空", item.path + " must not be empty");
      } else if (!std::all_of(prefix.begin(), prefix.end(), IsIcd10Char)) {
        r.Refuse(item.path, item.path + " 只能包含大写字母 A–Z、数字和“.”：" + prefix,
                 item.path + " may hold only capital letters A–Z, digits and '.': " + prefix);
      }
      p.icd10_prefixes.push_back(std::move(prefix));
    }
  }
  p.lump_sum_fen = r.Fen(r.Get(*o, path, "lump_sum_fen"));
}

}  // namespace

Result<Plan> ParsePlan(std::string_view text) {
  json::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) {
    return Fail(ErrorCode::kInvalidInput, "方案不是有效的 JSON：" + ec.message(),
                "the plan is not valid JSON: " + ec.message(), "plan");
  }
  if (!v.is_object()) {
    return Fail(ErrorCode::kInvalidInput, "方案应为 JSON 对象", "the plan must be a JSON object",
                "plan");
  }
  if (auto key = DuplicateKey(text)) {
    return Fail(ErrorCode::kInvalidInput, *key + " 在同一对象中出现了两次",
                *key + " appears twice in one object", *key);
  }
  const json::object& o = v.as_object();
  Reader r;
  r.OnlyKeys(o, "",
             {"code", "name", "start", "end", "contribution_fen", "waiting_days", "overall_cap_fen",
              "benefits", "critical_illness"});
  Plan p;
  p.code = r.String(r.Get(o, "", "code"));
  if (p.code.empty()) {
    r.Refuse("code", "code 不能为空", "code must not be empty");
  } else if (p.code.size() > kMaxCodeLength) {
    r.Refuse("code", "code 至多 40 个字符", "code must be at most 40 characters");
  } else if (!std::all_of(p.code.begin(), p.code.end(), IsCodeChar)) {
    r.Refuse("code", "code 只能包含字母、数字、“-”和“_”：" + p.code,
             "code may hold only letters, digits, '-' and '_': " + p.code);
  }
  p.name = r.String(r.Get(o, "", "name"));
  if (p.name.find_first_not_of(" \t\r\n") == std::string::npos) {
    r.Refuse("name", "name 不能为空", "name must not be empty");
  } else if (auto name = ParseText("name", p.name, 100); !name) {
    r.Refuse("name", name.error().detail_zh, name.error().detail_en);
  }
  const Field start = r.Get(o, "", "start");
  p.start = r.DateOf(start);
  p.end = r.DateOf(r.Get(o, "", "end"));
  if (r.error() == std::nullopt && p.end < p.start) {
    r.Refuse("end", "end 不能早于 start（" + FormatDate(p.start) + "）",
             "end must not be before start (" + FormatDate(p.start) + ")");
  }
  p.contribution_fen = r.Fen(r.Get(o, "", "contribution_fen"));
  p.waiting_days = static_cast<int>(r.Integer(r.Get(o, "", "waiting_days"), 0, 3650));
  p.overall_cap_fen = r.Fen(r.Get(o, "", "overall_cap_fen"));
  p.benefits = ReadBenefits(r, r.Get(o, "", "benefits"));
  ReadCriticalIllness(r, o, p);
  if (r.error()) return std::unexpected(*r.error());
  return p;
}

std::string PlanJson(const Plan& plan) {
  json::array benefits;
  for (const Benefit& b : plan.benefits) {
    json::array tiers;
    for (const Tier& t : b.tiers) {
      json::object tier;
      tier["up_to_fen"] = t.up_to_fen ? json::value(*t.up_to_fen) : json::value(nullptr);
      tier["percent"] = t.percent;
      tiers.emplace_back(std::move(tier));
    }
    json::object o;
    o["visit_type"] = b.visit_type;
    o["deductible_fen"] = b.deductible_fen;
    o["cap_fen"] = b.cap_fen;
    o["tiers"] = std::move(tiers);
    benefits.emplace_back(std::move(o));
  }
  json::array prefixes;
  for (const std::string& prefix : plan.icd10_prefixes) prefixes.emplace_back(prefix);
  // Written even when empty: readers of an export find the same keys in every plan.
  json::object critical;
  critical["icd10_prefixes"] = std::move(prefixes);
  critical["lump_sum_fen"] = plan.lump_sum_fen;
  json::object out;
  out["code"] = plan.code;
  out["name"] = plan.name;
  out["start"] = FormatDate(plan.start);
  out["end"] = FormatDate(plan.end);
  out["contribution_fen"] = plan.contribution_fen;
  out["waiting_days"] = plan.waiting_days;
  out["overall_cap_fen"] = plan.overall_cap_fen;
  out["benefits"] = std::move(benefits);
  out["critical_illness"] = std::move(critical);
  return json::serialize(out);
}

}  // namespace nj::mutual_aid
