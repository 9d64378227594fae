// The codec of a batch application's payload: JSON read and written here, at the edge, so that
// the batch service handles a BatchPayload only.
#include "core/fields.h"
#include "http/json.h"
#include "payout/payout.h"

namespace nj::payout {

namespace {
// Room for any title CreateBatch computes (number, fund name, count and total) and stored rows.
constexpr int64_t kTitleMax = 500;
}  // namespace

Result<BatchPayload> ParseBatchPayload(std::string_view payload) {
  auto b = http::Body::OfText(payload);
  BatchPayload p;
  p.batch_id = b.Id("batch_id");
  p.title = b.Text("title", kTitleMax, http::kRequired);
  if (b.ok() && p.title.empty()) {
    b.Refuse(Error{ErrorCode::kInvalidInput, "发放批次须有标题", "a batch has a title", "title"});
  }
  if (!b.ok()) return b.Failure();
  return p;
}

std::string BatchPayloadJson(const BatchPayload& p) {
  return Fields().Add("batch_id", p.batch_id).Add("title", p.title).Json();
}

}  // namespace nj::payout
