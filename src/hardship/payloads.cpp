#include "hardship/payloads.h"

#include "core/fields.h"
#include "http/json.h"

namespace nj::hardship {

Result<ArchivePayload> ParseArchivePayload(std::string_view payload) {
  auto b = http::Body::OfText(payload);
  ArchivePayload p{b.Id("archive_id")};
  if (!b.ok()) return b.Failure();
  return p;
}

std::string ArchivePayloadJson(const ArchivePayload& p) {
  return Fields().Add("archive_id", p.archive_id).Json();
}

Result<GrantPayload> ParseGrantPayload(std::string_view payload) {
  auto b = http::Body::OfText(payload);
  GrantPayload p{b.Id("grant_id")};
  if (!b.ok()) return b.Failure();
  return p;
}

std::string GrantPayloadJson(const GrantPayload& p) {
  return Fields().Add("grant_id", p.grant_id).Json();
}

}  // namespace nj::hardship
