// 一卡通 (one-card payout): every module that gives money pays through here. A module hands over
// an item keyed by (source module, source id); items are gathered into batches of one fund and
// one organisation's subtree; a second person approves the batch (the approval flow's
// maker–checker); the batch is exported as the bank's file and reconciled with the bank's result
// file; the ledger records each item owed and each item paid, in the same transaction.
//
// Nothing here moves money twice: an item is requested once per source key, is in at most one
// open batch, is paid by one reconciliation, and is posted once per kind. Each step is one
// transaction, so a process killed in the middle leaves the state before the step, and running
// the step again gives the state an uninterrupted run gives.
#pragma once

#include <cstdint>
#include <optional>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "approval/approval.h"
#include "auth/principal.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/page.h"
#include "core/row_problem.h"
#include "file/columns.h"
#include "job/job.h"
#include "store/db.h"

namespace nj::payout {

inline constexpr std::string_view kRead = "payout:read";
inline constexpr std::string_view kWrite = "payout:write";
inline constexpr std::string_view kApprove = "payout:approve";
// The blind-index purpose of bank account numbers.
inline constexpr std::string_view kAccountPurpose = "bank_account";
// The approval kind of a batch: filed by whoever creates it, decided by another user of the
// same organisation with payout:approve.
inline constexpr std::string_view kBatchKind = "payout_batch";

// ---- Bank accounts ----------------------------------------------------------------------

// An entry of a dictionary (banks, funds): its code and its name.
struct CodeName {
  std::string code, name;
  std::string name_en;  // the English name (a dictionary entry has both)
  bool card_luhn = false;  // a bank: its card numbers carry a Luhn check digit
};

struct Account {
  int64_t id = 0, member_id = 0;
  std::string bank_code, bank_name;
  std::string account;  // masked: "6222 **** **** 1234"
  std::string holder;
  bool luhn_ok = true;  // false: the number fails the Luhn check (accepted, with a warning)
  std::string reason;   // why it was set or changed
  int64_t valid_from = 0, valid_to = 0;  // unix seconds; valid_to 0 = current
};

struct AccountInput {
  std::string bank_code, account_no, holder, reason;
};

// A member with money waiting and no bank account to pay it to (the list clerks work through).
struct MissingAccount {
  int64_t member_id = 0;
  std::string name;       // masked: "王**"
  std::string id_number;  // masked: "330***********1234"
  int64_t org_id = 0;
  std::string org_name;
  int64_t items = 0, pending_fen = 0;
  int64_t since = 0;  // unix seconds: the oldest pending item
};

struct MissingQuery {
  int64_t org_id = 0;    // subtree; 0 = the caller's scope
  int64_t after_id = 0;  // cursor: members with a smaller id
  int limit = 50;
};

// A file of accounts (身份证号, 户名, 开户行, 账号), imported by PayoutService::ImportAccounts.
struct AccountImportOptions {
  bool dry_run = false;   // check every line, store nothing
  std::string file_name;  // as uploaded, for the audit and the accounts' reason
};

struct AccountImportReport {
  std::string format;                // what the file was read as
  int64_t rows = 0;                  // data rows read
  int64_t stored = 0;                // accounts set (a dry run: that would be set)
  int64_t unchanged = 0;             // the member's current account already
  int64_t refused = 0;               // rows with a problem
  std::vector<RowProblem> problems;  // field: the column's Chinese header
};

// ---- Items --------------------------------------------------------------------------------

// What a module asks to pay.
struct ItemRequest {
  std::string source_module;  // "mutual_aid", "hardship", …
  std::string source_id;      // the module's record, e.g. a claim id
  int64_t member_id = 0;
  int64_t amount_fen = 0;
  std::string purpose;  // shown to the member: "2025年住院医疗互助金"
  std::string fund;     // a code of the fund table
};

struct Item {
  int64_t id = 0;
  std::string source_module, source_id;
  int64_t member_id = 0;
  std::string member_name;
  int64_t org_id = 0;
  std::string org_name;
  int64_t amount_fen = 0;
  std::string purpose, fund, fund_name;
  std::string state;  // pending, batched, paid, cancelled
  int64_t batch_id = 0;
  std::string account;  // masked, of the account bound at batch time ("" while pending)
  int64_t paid_at = 0;
  std::string last_failure;  // the bank's reason the last attempt failed
  // For a pending item the bank failed: "awaiting_account" while the member's account is the
  // one that failed (or none), "ready" once it has been changed; "" for any other item.
  std::string retry;
  int64_t created_at = 0;
  bool created = false;  // set by Request: false when the item existed already
};

struct ItemQuery {
  int64_t org_id = 0;     // subtree; 0 = the caller's scope
  int64_t member_id = 0;  // 0 = any
  int64_t batch_id = 0;   // 0 = any
  std::string state, fund;  // state "failed": pending items the bank failed
  std::string name;      // any part of the member's name (NameContainsPattern); "" = any
  int64_t after_id = 0;  // cursor: items with a smaller id (newest first)
  int limit = 50;        // 1..200
};

struct Failure {
  int64_t batch_id = 0;
  std::string reason;
  int64_t at = 0;
};

// ---- Batches ------------------------------------------------------------------------------

struct Batch {
  int64_t id = 0;
  std::string fund, fund_name;
  int64_t org_id = 0;
  std::string org_name;
  std::string state;  // draft, approved, exported, reconciled, cancelled
  int64_t item_count = 0, total_fen = 0;
  int64_t application_id = 0;  // the approval of this batch
  int64_t created_by = 0;
  std::string created_by_name;
  int64_t created_at = 0;
  std::string file_format, file_sha256;
  int64_t exported_at = 0;
  int64_t paid_count = 0, paid_fen = 0, failed_count = 0, failed_fen = 0;
  int64_t reconciled_at = 0;
  // Set by Create: pending items of the fund in the subtree left out for want of a bank account.
  int64_t without_account = 0;
  // Set by Create: pending items the bank failed whose member's account has not been changed
  // since (they wait for the account to be fixed).
  int64_t awaiting_account = 0;
};

// A bank file as written for a batch.
struct BankFile {
  std::string name;  // "payout-<batch>-<format>.csv|.txt"
  std::string bytes;
  std::string sha256;  // hex
};

struct Reconciliation {
  Batch batch;
  int64_t paid = 0, failed = 0;
  bool already = false;  // the batch had been reconciled with this result before: nothing done
};

// ---- Ledger -------------------------------------------------------------------------------

// Ledger accounts of every fund's journal.
inline constexpr std::string_view kExpense = "expense";  // what the fund has committed to pay
inline constexpr std::string_view kPayable = "payable";  // owed to members, not yet paid
inline constexpr std::string_view kBank = "bank";        // paid out of the fund's bank account
inline constexpr std::string_view kReceivable = "receivable";  // paid, to be recovered

struct Balance {
  std::string fund, fund_name, account;
  int64_t balance_fen = 0;  // debits minus credits
};

struct ReportRow {
  std::string month;  // "2026-11", in China's time
  std::string fund, fund_name, source_module;
  int64_t org_id = 0;
  std::string org_name;
  int64_t count = 0, amount_fen = 0;
};

// A page of PaidReport, ordered by (month, fund, source module, organisation id), with the
// totals of every row the filter holds (not only the page's).
struct ReportPage {
  Page<ReportRow> page;  // cursor: "month|fund|source_module|org_id" of the last row shown
  int64_t count = 0, amount_fen = 0;
  std::vector<std::pair<std::string, int64_t>> by_month;  // amount paid per month, in order
};

struct VerifyReport {
  int64_t entries = 0, paid_items = 0;
  std::vector<std::string> problems;  // empty when everything holds
};

class PayoutService {
 public:
  PayoutService(store::Database& db, const Vault& vault, approval::ApprovalService& approvals)
      : db_(db), vault_(vault), approvals_(approvals) {}

  // -- accounts (payout:write to set, payout:read to see; the member in the caller's scope)
  Result<std::vector<CodeName>> Banks();
  Result<std::vector<CodeName>> Funds();
  // The account from now on; the current one (if any) is closed. The holder must be the
  // member's name exactly; the account number is digits (spaces and dashes dropped), 8 to 30 of
  // them; a Luhn failure is accepted and flagged (luhn_ok false), never refused.
  Result<Account> SetAccount(const auth::Principal& who, int64_t member_id, const AccountInput& in);
  // Every account the member has had, newest first.
  Result<std::vector<Account>> Accounts(const auth::Principal& who, int64_t member_id);
  // The member binds a card in the portal: the number read by ParseBankAccount (length, and
  // Luhn where the bank uses it: refused, not warned, with no clerk to confirm it), the holder
  // the member's own name. Audited as the portal acting for the member (auth::PortalFor).
  Result<Account> BindOwnAccount(int64_t member_id, const AccountInput& in);
  // The member's current account (masked), or nullopt.
  Result<std::optional<Account>> OwnAccount(int64_t member_id);
  // Members in the caller's scope (their union's subtree) with pending items and no current
  // account, newest member first; payout:read.
  Result<Page<MissingAccount>> MissingAccounts(const auth::Principal& who, const MissingQuery& q);

  // The columns of an accounts file (开户行's values: the banks by name or code).
  Result<file::ImportSpec> AccountImportSpec();
  // Sets the accounts of a file (.xlsx or CSV) of 身份证号, 户名, 开户行, 账号, each line as
  // SetAccount would: the member found by the ID number's blind index within who's scope (a
  // member outside it reads as no such member), the holder the member's name, the number 8 to 30
  // digits and, for a bank whose cards carry a check digit, a card number that passes it. Lines
  // that fail are reported (RowProblem) and the others stored in one transaction, each audited
  // with the account it replaces; the file is audited with its counts, a dry run too. Fails only
  // for what stops the whole file (not a table, a required column missing, the database).
  Result<AccountImportReport> ImportAccounts(const auth::Principal& who,
                                             const std::filesystem::path& file,
                                             const AccountImportOptions& options,
                                             job::Progress& progress);

  // -- items
  // For modules, inside their own transaction on `c`: the item for (source_module, source_id),
  // created pending and posted as owed, or the existing one when asked before (kConflict when
  // the earlier request differs in member, amount or fund). The member must be in who's scope.
  Result<Item> RequestOn(store::Conn& c, const auth::Principal& who, const ItemRequest& r);
  // The same for many requests at once (a settlement file's paid claims), inside the caller's
  // transaction: each request as RequestOn(c, who, r) would take it, but with
  // one look-up of the members for all and one balance posting per fund and organisation.
  // Answers how many items were created (the others had been asked the same before). An error
  // names the request at fault in `row` (1-based) and leaves the transaction to be rolled back.
  Result<int64_t> RequestManyOn(store::Conn& c, const auth::Principal& who,
                                std::span<const ItemRequest> requests);
  // For modules, inside their transaction: takes back the item of (source_module, source_id)
  // when the module reverses what it asked for. A pending item is cancelled (its posting as owed
  // reversed by a new entry); a paid one stays paid and is recorded as owed back by the member
  // (a recovery, receivable / expense). kConflict while it is in a batch on its way to the bank;
  // kNotFound when there is no such item. Withdrawing twice changes nothing the second time.
  Result<Item> WithdrawOn(store::Conn& c, std::string_view source_module,
                          std::string_view source_id);
  // The same in a transaction of its own (payout:write; the member in scope).
  Result<Item> Request(const auth::Principal& who, const ItemRequest& r);
  Result<Page<Item>> Items(const auth::Principal& who, const ItemQuery& q);
  // A member's own items and failed attempts (the portal), newest first, a page of `limit`
  // after the item `after_id` (0 = the first page).
  using ItemWithFailures = std::pair<Item, std::vector<Failure>>;
  Result<Page<ItemWithFailures>> ItemsOfMember(int64_t member_id, int limit = kPageDefault,
                                               int64_t after_id = 0);

  // -- batches
  // Gathers the pending items of `fund` in the subtree of `org_id` whose member has a bank
  // account now, binds each to that account, and files the batch for approval. kInvalidInput
  // (field fund) when nothing is payable.
  Result<Batch> CreateBatch(const auth::Principal& who, const std::string& fund, int64_t org_id);
  Result<Batch> GetBatch(const auth::Principal& who, int64_t id);
  // `to_approve`: only drafts the caller may approve (payout:approve, made by someone else).
  Result<Page<Batch>> Batches(const auth::Principal& who, const std::string& state,
                              const PageRequest& page, bool to_approve = false);
  // Approves through the approval flow (payout:approve; never the batch's creator). Of two
  // approvals at once exactly one succeeds.
  Result<Batch> Approve(const auth::Principal& who, int64_t id, std::string_view reason);
  // A draft or approved batch is dropped; its items are pending again.
  Result<Batch> Cancel(const auth::Principal& who, int64_t id, std::string_view reason);
  // Writes the bank file of an approved batch in `format` and marks it exported (kConflict if
  // it is not approved: of two exports at once exactly one succeeds).
  // `progress` (may be null) counts the payments written.
  Result<BankFile> Export(const auth::Principal& who, int64_t id, std::string_view format,
                          job::Progress* progress = nullptr);
  // The file of an exported batch, rebuilt: byte for byte the one exported (checked by hash).
  // Audited: it holds the account numbers in full.
  Result<BankFile> File(const auth::Principal& who, int64_t id, job::Progress* progress = nullptr);
  // Applies the bank's result file to an exported batch: paid items are paid and posted;
  // failed ones are pending again with the bank's reason. The file's count and total must equal
  // the batch's, every item must be the batch's with its amount, or nothing is applied and the
  // error says what differs. A batch reconciled already answers `already` and changes nothing.
  // `progress` (may be null) counts the batch's items checked against the file.
  Result<Reconciliation> Reconcile(const auth::Principal& who, int64_t id, std::string_view format,
                                   std::string_view bytes, job::Progress* progress = nullptr);

  // -- ledger (payout:read)
  Result<std::vector<Balance>> Balances(const auth::Principal& who, int64_t org_id);
  // Paid items by month, fund, source module and organisation, in the subtree of `org_id`,
  // months from `from` to `to` ("YYYY-MM"; "" = open).
  Result<std::vector<ReportRow>> PaidReport(const auth::Principal& who, int64_t org_id,
                                            std::string_view from, std::string_view to);
  // The same a page at a time (the shared paging: limit 1–200, a keyset cursor), with totals.
  Result<ReportPage> PaidReportPage(const auth::Principal& who, int64_t org_id,
                                    std::string_view from, std::string_view to,
                                    const PageRequest& page);
  // Every journal balances, every paid item has exactly one payment posting and every item one
  // posting of what is owed, and the kept balances equal the sums of the postings.
  Result<VerifyReport> Verify();

 private:
  store::Database& db_;
  const Vault& vault_;
  approval::ApprovalService& approvals_;
};

// The payload of a batch's application, as CreateBatch files it: {"batch_id":3,"title":"…"}.
struct BatchPayload {
  int64_t batch_id = 0;
  std::string title;
};
// The codec (batch_payload.cpp, at the edge): kInvalidInput naming the field when the payload
// is not such an object.
Result<BatchPayload> ParseBatchPayload(std::string_view payload);
std::string BatchPayloadJson(const BatchPayload& p);

// ---- For the modules that pay: what became of their items -----------------------------------
// Other modules read payout_item only through these (never in their own SQL).

// The state of the item (pending, batched, paid, cancelled) of each of `source_ids` of
// `source_module` that has one; ids without an item are absent. One query per
// store::Conn::kInChunk ids (one for a page of a list).
Result<std::unordered_map<std::string, std::string>> StatusBySource(
    store::Conn& c, std::string_view source_module, std::span<const std::string> source_ids);

// The rows of a list whose shown state depends on the payout items (a claim reads "paid" once
// its item is), `want` of them at most: the list's SQL filters on its own state only, so
// `read(after, n)` answers the next `n` rows after the keyset `after` with their payout state
// filled in, and `keep` drops those whose shown state is not the one asked. Reads chunk after
// chunk until `want` rows are kept or the list ends; `key_of(row)` is a row's keyset.
template <class T, class Read, class Keep, class KeyOf>
Result<std::vector<T>> KeptRows(int64_t after, int want, Read&& read, Keep&& keep, KeyOf&& key_of) {
  std::vector<T> out;
  for (;;) {
    Result<std::vector<T>> rows = read(after, want);
    if (!rows) return std::unexpected(rows.error());
    const bool last = rows->size() < static_cast<size_t>(want);
    if (!rows->empty()) after = key_of(rows->back());
    for (auto& r : *rows) {
      if (!keep(r)) continue;
      out.push_back(std::move(r));
      if (out.size() == static_cast<size_t>(want)) return out;
    }
    if (last) return out;
  }
}

// Registers the approval kind of batches; approving one marks the batch approved in the same
// transaction.
void RegisterPayoutApprovals(approval::ApprovalService& approvals);

// The export of the missing-accounts list (job::AddExportRoutes, key "payout_missing_accounts";
// filter org_id), masked as on screen.
job::Exporter MissingAccountsExporter(PayoutService& payouts);

}  // namespace nj::payout
