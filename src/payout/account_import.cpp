// Bank accounts in bulk (PayoutService::ImportAccounts): a file of 身份证号, 户名, 开户行, 账号
// read row by row, each line checked (ID number, bank, account number), its member found by the
// blind index within the importer's scope, then every line set as SetAccount sets one.
#include <algorithm>
#include <map>

#include "auth/audit.h"
#include "core/bank_account.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/id_number.h"
#include "core/mask.h"
#include "core/parse.h"
#include "file/table.h"
#include "member/member.h"
#include "payout/internal.h"
#include "payout/payout.h"

namespace nj::payout {

namespace {

using store::Value;

enum Column { kIdNumber, kHolder, kBank, kAccount };

struct Bank {
  std::string name;
  bool card_luhn = false;
};

// A line that passed the checks of its own cells, waiting for its member.
struct Line {
  int64_t line = 0;
  member::IdIndex index;
  std::string id_masked;
  AccountInput input;
  std::string digits;
};

RowProblem ProblemAt(int64_t line, const file::ImportSpec& spec, Column c, std::string value,
                     const Error& e) {
  return {line, spec.columns[c].zh, std::move(value), e.detail_zh, e.detail_en};
}

Result<std::map<std::string, Bank, std::less<>>> LoadBanks(store::Conn& c) {
  static constexpr std::string_view kBanks = "SELECT code, name, card_luhn FROM bank";
  auto rows = c.Query(kBanks);
  if (!rows) return std::unexpected(rows.error());
  std::map<std::string, Bank, std::less<>> out;
  for (const auto& r : *rows) out[r.Text(0)] = {r.Text(1), r.Int(2) != 0};
  return out;
}

file::ImportSpec SpecOf(const std::map<std::string, Bank, std::less<>>& banks) {
  std::vector<file::Choice> choices;
  for (const auto& [code, b] : banks) choices.push_back({code, b.name, ""});
  return {"bank_accounts",
          "银行账户导入模板",
          "bank account import template",
          {{"id_number",
            "身份证号",
            "resident ID number",
            true,
            {},
            {"身份证号码", "公民身份号码"},
            "会员的 18 位居民身份证号",
            "the member's 18-character resident ID"},
           {"holder",
            "户名",
            "account holder",
            true,
            {},
            {"账户名", "持卡人"},
            "须与会员姓名一致",
            "must be the member's name"},
           {"bank",
            "开户行",
            "bank",
            true,
            std::move(choices),
            {"银行", "开户银行"},
            "银行名称或行别代码",
            "the bank's name or its code"},
           {"account_no",
            "账号",
            "account number",
            true,
            {},
            {"银行账号", "卡号", "银行卡号"},
            "8–30 位数字；银行卡号须通过校验位检查",
            "8 to 30 digits; a card number must pass its check digit"}}};
}

// Reads the file's lines and checks each one's own cells; what fails is reported.
Result<std::vector<Line>> ReadLines(file::TableReader& reader, const file::ImportSpec& spec,
                                    const std::map<std::string, Bank, std::less<>>& banks,
                                    const Vault& vault, AccountImportReport& report,
                                    job::Progress& progress) {
  file::TableRow row;
  auto first = reader.Next(row);
  if (!first) return std::unexpected(first.error());
  if (!*first) return Fail(ErrorCode::kInvalidInput, "文件是空的", "the file is empty", "file");
  auto at = file::MapHeader(spec, row);
  if (!at) return std::unexpected(at.error());
  const Date today = Today();
  std::vector<Line> lines;
  for (;;) {
    auto more = reader.Next(row);
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    ++report.rows;
    progress.Advance(1);
    auto cell = [&](Column c) -> const std::string& { return file::CellOf(row, (*at)[c]); };
    auto id = ParseResidentId(cell(kIdNumber), today);
    if (!id) {
      report.problems.push_back(ProblemAt(row.line, spec, kIdNumber,
                                          MaskIdNumber(EchoPrefix(cell(kIdNumber))), id.error()));
      continue;
    }
    auto holder = ParseText("holder", cell(kHolder), 50);
    if (holder) {  // spaces a spreadsheet cell carries around the name are not part of it
      holder->erase(0, holder->find_first_not_of(' '));
      holder->erase(holder->find_last_not_of(' ') + 1);
    }
    if (holder && internal::Blank(*holder)) {
      holder = Fail(ErrorCode::kInvalidInput, "请填写户名", "the holder is missing", "holder");
    }
    if (!holder) {
      report.problems.push_back(
          ProblemAt(row.line, spec, kHolder, EchoPrefix(cell(kHolder)), holder.error()));
      continue;
    }
    const std::string code = file::CodeOf(spec.columns[kBank], cell(kBank));
    const auto bank = banks.find(code);
    if (bank == banks.end()) {
      report.problems.push_back(ProblemAt(
          row.line, spec, kBank, EchoPrefix(cell(kBank)),
          Error{ErrorCode::kInvalidInput, "未知的开户行（填银行名称或行别代码，见模板的填写说明）",
                "unknown bank (its name or code, as the template's notes list them)", "bank"}));
      continue;
    }
    auto digits = ParseBankAccount("account_no", cell(kAccount), bank->second.card_luhn);
    if (!digits) {
      report.problems.push_back(ProblemAt(
          row.line, spec, kAccount, MaskBankAccount(EchoPrefix(cell(kAccount))), digits.error()));
      continue;
    }
    Line l{row.line,
           member::IdIndexOf(vault, id->number),
           MaskIdNumber(id->number),
           {code, "", *holder, ""},
           std::move(*digits)};
    lines.push_back(std::move(l));
  }
  return lines;
}

}  // namespace

Result<file::ImportSpec> PayoutService::AccountImportSpec() {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto banks = LoadBanks(**lease);
  if (!banks) return std::unexpected(banks.error());
  return SpecOf(*banks);
}

Result<AccountImportReport> PayoutService::ImportAccounts(const auth::Principal& who,
                                                          const std::filesystem::path& file,
                                                          const AccountImportOptions& options,
                                                          job::Progress& progress) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  auto reader = file::OpenTable(file);
  if (!reader) return std::unexpected(reader.error());
  AccountImportReport report;
  report.format = std::string((*reader)->Format());
  std::map<std::string, Bank, std::less<>> banks;
  std::vector<int64_t> member_of;
  std::vector<member::IdIndex> keys;
  {
    auto lease = db_.Acquire();
    if (!lease) return std::unexpected(lease.error());
    auto loaded = LoadBanks(**lease);
    if (!loaded) return std::unexpected(loaded.error());
    banks = std::move(*loaded);
  }
  const file::ImportSpec spec = SpecOf(banks);
  auto lines = ReadLines(**reader, spec, banks, vault_, report, progress);
  if (!lines) return std::unexpected(lines.error());
  for (const auto& l : *lines) keys.push_back(l.index);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  {
    auto lease = db_.Acquire();
    if (!lease) return std::unexpected(lease.error());
    // Within who's scope: a member elsewhere comes back 0, exactly as no member.
    auto found = member::FindByIdIndex(**lease, who.Scope(), keys);
    if (!found) return std::unexpected(found.error());
    member_of = std::move(*found);
  }
  const std::string name = options.file_name.empty() ? file.filename().string() : options.file_name;
  const std::string reason = EchoPrefix("批量导入：" + name);
  std::vector<RowProblem> problems;
  AccountImportReport counts;
  auto stored = db_.TransactionVoid([&](store::Conn& c) -> Result<void> {
    problems.clear();
    counts = {};
    std::map<int64_t, int64_t> seen;  // member → the line that set them (or left them so)
    for (auto& l : *lines) {
      const auto at = std::lower_bound(keys.begin(), keys.end(), l.index) - keys.begin();
      const int64_t member_id = member_of[at];
      if (member_id == 0) {
        problems.push_back(ProblemAt(l.line, spec, kIdNumber, l.id_masked,
                                     Error{ErrorCode::kNotFound, "会员不存在或不在您的管辖范围内",
                                           "no such member in your scope", "id_number"}));
        continue;
      }
      // A member set by an earlier line is refused again; one whose earlier line was refused
      // may be set by a corrected line below it.
      if (auto it = seen.find(member_id); it != seen.end()) {
        const std::string first = std::to_string(it->second);
        problems.push_back(ProblemAt(
            l.line, spec, kIdNumber, l.id_masked,
            Error{ErrorCode::kInvalidInput, "同一会员在文件中已出现（第 " + first + " 行）",
                  "the same member is on line " + first + " already", "id_number"}));
        continue;
      }
      l.input.reason = reason;
      // The member again within who's scope, row by row, inside the transaction.
      auto set =
          internal::SetAccountOn(c, vault_, who, member_id, l.input, l.digits,
                                 {.dry_run = options.dry_run});
      if (!set) {
        const Error& e = set.error();
        if (e.code != ErrorCode::kInvalidInput && e.code != ErrorCode::kNotFound) {
          return std::unexpected(e);
        }
        const bool holder = e.field == "holder";
        problems.push_back(ProblemAt(l.line, spec, holder ? kHolder : kIdNumber,
                                     holder ? l.input.holder : l.id_masked, e));
        continue;
      }
      seen.emplace(member_id, l.line);
      ++(set->unchanged ? counts.unchanged : counts.stored);
    }
    // The file as a whole: who, the file and the counts (never a row), dry runs too.
    return auth::AppendAudit(
        c, who,
        {"import_file", "bank_account", "", who.org_path, "",
         Fields()
             .Add("file", name)
             .Add("mode", options.dry_run ? "dry_run" : "store")
             .Add("format", report.format)
             .Add("rows", report.rows)
             .Add("stored", counts.stored)
             .Add("unchanged", counts.unchanged)
             .Add("refused", static_cast<int64_t>(report.problems.size() + problems.size()))
             .Json(),
         ""});
  });
  if (!stored) return std::unexpected(stored.error());
  report.stored = counts.stored;
  report.unchanged = counts.unchanged;
  report.problems.insert(report.problems.end(), problems.begin(), problems.end());
  std::sort(report.problems.begin(), report.problems.end(),
            [](const RowProblem& a, const RowProblem& b) { return a.line < b.line; });
  report.refused = static_cast<int64_t>(report.problems.size());
  return report;
}

}  // namespace nj::payout
