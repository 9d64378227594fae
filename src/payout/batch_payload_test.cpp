#include <gtest/gtest.h>

#include "payout/payout.h"

namespace nj::payout {
namespace {

TEST(BatchPayload, RoundTripsATitleWithQuotesAndCommas) {
  // The title used to be found by searching for `"title":"` and cut at the next quote.
  const BatchPayload p{42, R"(发放批次 #42：医疗互助 "特别" 3 笔, ¥1,200.00)"};
  const std::string json = BatchPayloadJson(p);
  auto back = ParseBatchPayload(json);
  ASSERT_TRUE(back) << back.error().detail_en;
  EXPECT_EQ(back->batch_id, 42);
  EXPECT_EQ(back->title, p.title);
}

TEST(BatchPayload, ReadsAStoredRow) {
  auto p = ParseBatchPayload(R"({"batch_id":3,"title":"发放批次 #3：医疗互助 2 笔 ¥80.00"})");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->batch_id, 3);
  EXPECT_EQ(p->title, "发放批次 #3：医疗互助 2 笔 ¥80.00");
}

TEST(BatchPayload, RefusesWhatCreateBatchDoesNotWrite) {
  EXPECT_EQ(ParseBatchPayload(R"({"title":"x"})").error().field, "batch_id");
  EXPECT_EQ(ParseBatchPayload(R"({"batch_id":3})").error().field, "title");
  EXPECT_EQ(ParseBatchPayload(R"({"batch_id":3,"title":""})").error().field, "title");
  EXPECT_EQ(ParseBatchPayload(R"({"batch_id":"3","title":"x"})").error().field, "batch_id");
  EXPECT_EQ(ParseBatchPayload("batch:3").error().field, "payload");
  EXPECT_EQ(ParseBatchPayload(R"({"batch_id":3,"title":"a\u0001b"})").error().field, "title");
}

}  // namespace
}  // namespace nj::payout
