// How an archive's household, income sources and accident are kept in their text columns (JSON),
// inside the module only. The values are checked before they are written (archive.cpp).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardship/archive.h"

namespace nj::hardship {

// The JSON of each, as stored and as the archive's page shows it (one shape for both).
boost::json::array HouseholdJson(const std::vector<HouseholdMember>& household);
boost::json::array IncomeJson(const std::vector<IncomeSource>& sources);
boost::json::value AccidentJson(const std::optional<AccidentInput>& accident);  // null for none

std::string HouseholdText(const std::vector<HouseholdMember>& household);
std::vector<HouseholdMember> HouseholdOf(std::string_view text);
std::string IncomeText(const std::vector<IncomeSource>& sources);
std::vector<IncomeSource> IncomeOf(std::string_view text);
std::string AccidentText(const std::optional<AccidentInput>& accident);  // "" for none
std::optional<AccidentInput> AccidentOf(std::string_view text);

}  // namespace nj::hardship
