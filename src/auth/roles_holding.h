// The roles that hold a permission, by name: the words saying who must act ("待 金华市总工会 的
// 总工会管理员审核"). A role's name is data, as an organisation's is, so it is shown as stored in
// either language.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/db.h"

namespace nj::auth {

// The names of the roles whose permissions include `permission`, in the order they were made.
Result<std::vector<std::string>> RoleNamesHolding(store::Conn& c, std::string_view permission);

}  // namespace nj::auth
