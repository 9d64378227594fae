// What still refers to a record, for a delete that a foreign key would refuse: read from the
// schema itself (every foreign key onto the table that neither cascades nor sets null), so that
// a table added later is named too.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/db.h"

namespace nj::store {

struct Reference {
  std::string table;  // the referring table
  int64_t count = 0;  // rows referring, counted up to 1000
};

// The tables (but those in `ignore`) with rows whose foreign key points at `table`.`id` = `id`.
Result<std::vector<Reference>> FindReferences(Conn& c, std::string_view table, int64_t id,
                                              std::span<const std::string_view> ignore = {});

// kConflict (409) naming the references in words, e.g. "该记录仍被以下记录引用，不能删除：医疗互助
// 参保记录 2 条"; what the record is is said by `what_zh` / `what_en` ("该会员", "the member").
Error StillReferred(std::string_view what_zh, std::string_view what_en,
                    const std::vector<Reference>& refs);

}  // namespace nj::store
