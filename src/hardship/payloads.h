// The payloads of hardship's approval kinds, read once into structs by their codec
// (payloads.cpp, at the edge: the services handle the structs only).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace nj::hardship {

// An archive's application, as Submit files it: {"archive_id":12}.
struct ArchivePayload {
  int64_t archive_id = 0;
};
// A grant's application, as its creation files it: {"grant_id":5} (migration 014 rewrote the
// older "grant:<id>" rows into this form).
struct GrantPayload {
  int64_t grant_id = 0;
};

// kInvalidInput naming the field when the payload is not such an object.
Result<ArchivePayload> ParseArchivePayload(std::string_view payload);
std::string ArchivePayloadJson(const ArchivePayload& p);
Result<GrantPayload> ParseGrantPayload(std::string_view payload);
std::string GrantPayloadJson(const GrantPayload& p);

}  // namespace nj::hardship
