#include "hardship/payloads.h"

#include <gtest/gtest.h>

namespace nj::hardship {
namespace {

TEST(ArchivePayload, ReadsWhatSubmitWritesAndStoredRows) {
  EXPECT_EQ(ArchivePayloadJson({12}), R"({"archive_id":12})");
  EXPECT_EQ(ParseArchivePayload(R"({"archive_id":12})").value().archive_id, 12);
  EXPECT_EQ(ParseArchivePayload(ArchivePayloadJson({9'007'199'254'740'993})).value().archive_id,
            9'007'199'254'740'993);
  // Written by hand to the approvals route: spacing and other keys do not matter.
  EXPECT_EQ(ParseArchivePayload(R"( { "note": "x", "archive_id" : 7 } )").value().archive_id, 7);
}

TEST(ArchivePayload, RefusesAPayloadNamingNoArchive) {
  for (const char* bad :
       {R"({})", R"({"archive_id":0})", R"({"archive_id":-3})", R"({"archive_id":"12"})",
        R"({"archive_id":1.5})", R"({"grant_id":12})", R"({"x":"\"archive_id\":12"})"}) {
    auto p = ParseArchivePayload(bad);
    ASSERT_FALSE(p) << bad;
    EXPECT_EQ(p.error().code, ErrorCode::kInvalidInput) << bad;
    EXPECT_EQ(p.error().field, "archive_id") << bad;
  }
  for (const char* bad : {"", "archive_id:12", "[12]", R"("{\"archive_id\":12}")"}) {
    auto p = ParseArchivePayload(bad);
    ASSERT_FALSE(p) << bad;
    EXPECT_EQ(p.error().field, "payload") << bad;
  }
}

TEST(GrantPayload, ReadsTheFormMigration014Wrote) {
  EXPECT_EQ(GrantPayloadJson({5}), R"({"grant_id":5})");
  EXPECT_EQ(ParseGrantPayload(R"({"grant_id":5})").value().grant_id, 5);
  // The form before migration 014 names no grant.
  auto old = ParseGrantPayload("grant:5");
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().field, "payload");
  EXPECT_EQ(ParseGrantPayload(R"({"archive_id":5})").error().field, "grant_id");
}

}  // namespace
}  // namespace nj::hardship
