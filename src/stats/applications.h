// 我的申请 in the member portal: every application the signed-in member has made or that made
// them a member — joining (the application that gave their card), transfers, hardship archives —
// in one list, newest first, each with its state as the member must read it. The records keep
// the states their modules work with; a member's hardship application, for one, is filed as the
// clerk's *draft* archive (the union checks it before submitting it upwards), which read as
// 「草稿」 to the member who had sent it. MemberState says what each record's state means to
// the member, once, here on the server, so no page shows a module's working state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "approval/approval.h"
#include "core/error.h"
#include "core/page.h"
#include "hardship/archive.h"
#include "member/transfer.h"

namespace nj::stats {

// The kinds of a member's applications, and the states a member reads.
inline constexpr std::string_view kMemberKinds[] = {"join", "transfer", "hardship"};
inline constexpr std::string_view kMemberStates[] = {"submitted", "preparing", "in_review",
                                                     "returned",  "approved",  "on_notice",
                                                     "refused",   "withdrawn", "closed"};

// What a record's `state` means to the member: `kind` one of kMemberKinds, `source` how a
// hardship archive began ("portal": the member applied; "clerk": the union opened it). "" for a
// state the member is not shown (a join application in draft is no application of theirs yet).
std::string_view MemberState(std::string_view kind, std::string_view state,
                             std::string_view source);

struct MemberApplication {
  std::string kind;  // kMemberKinds
  int64_t id = 0;    // the record's own id (the join application's number, the transfer's…)
  int64_t filed_at = 0;
  std::string state;       // kMemberStates
  std::string union_name;  // where it was filed: the union joined, moved to, that keeps it
  std::string reason;      // a returned or refused application's reason, else ""
};

class MemberApplications {
 public:
  MemberApplications(approval::ApprovalService& approvals, member::TransferService& transfers,
                     hardship::ArchiveService& archives)
      : approvals_(approvals), transfers_(transfers), archives_(archives) {}

  // The member's applications, newest first (then by kind and id), a page at a time: the cursor
  // is the last row's "kind:id". A member has a few in all (each kind read up to kOwnListMax).
  Result<Page<MemberApplication>> Of(int64_t member_id, const PageRequest& page);

 private:
  approval::ApprovalService& approvals_;
  member::TransferService& transfers_;
  hardship::ArchiveService& archives_;
};

}  // namespace nj::stats
