#include "hardship/household_json.h"

#include <boost/json.hpp>

namespace nj::hardship {

namespace {

namespace json = boost::json;

std::string Text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}
int64_t Int(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}
json::array Array(std::string_view text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  return !ec && v.is_array() ? v.as_array() : json::array();
}

}  // namespace

json::array HouseholdJson(const std::vector<HouseholdMember>& household) {
  json::array a;
  for (const auto& m : household) {
    a.push_back({{"name", m.name},
                 {"relation", m.relation},
                 {"age", m.age},
                 {"health", m.health},
                 {"schooling", m.schooling},
                 {"annual_income_fen", m.annual_income_fen},
                 {"id_number_masked", m.id_number_masked}});
  }
  return a;
}

json::array IncomeJson(const std::vector<IncomeSource>& sources) {
  json::array a;
  for (const auto& s : sources) a.push_back({{"source", s.source}, {"monthly_fen", s.monthly_fen}});
  return a;
}

json::value AccidentJson(const std::optional<AccidentInput>& a) {
  if (!a) return nullptr;
  return json::object{{"date", a->date},
                      {"loss_fen", a->loss_fen},
                      {"compensation_fen", a->compensation_fen},
                      {"description", a->description}};
}

std::string HouseholdText(const std::vector<HouseholdMember>& household) {
  return json::serialize(HouseholdJson(household));
}

std::vector<HouseholdMember> HouseholdOf(std::string_view text) {
  std::vector<HouseholdMember> out;
  for (const auto& v : Array(text)) {
    if (!v.is_object()) continue;
    const auto& o = v.as_object();
    HouseholdMember m;
    m.name = Text(o, "name");
    m.relation = Text(o, "relation");
    m.age = static_cast<int>(Int(o, "age"));
    m.health = Text(o, "health");
    m.schooling = Text(o, "schooling");
    m.annual_income_fen = Int(o, "annual_income_fen");
    m.id_number_masked = Text(o, "id_number_masked");
    out.push_back(std::move(m));
  }
  return out;
}

std::string IncomeText(const std::vector<IncomeSource>& sources) {
  return json::serialize(IncomeJson(sources));
}

std::vector<IncomeSource> IncomeOf(std::string_view text) {
  std::vector<IncomeSource> out;
  for (const auto& v : Array(text)) {
    if (v.is_object()) out.push_back({Text(v.as_object(), "source"), Int(v.as_object(), "monthly_fen")});
  }
  return out;
}

std::string AccidentText(const std::optional<AccidentInput>& a) {
  return a ? json::serialize(AccidentJson(a)) : "";
}

std::optional<AccidentInput> AccidentOf(std::string_view text) {
  if (text.empty()) return std::nullopt;
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  return AccidentInput{Text(o, "date"), Int(o, "loss_fen"), Int(o, "compensation_fen"),
                       Text(o, "description")};
}

}  // namespace nj::hardship
