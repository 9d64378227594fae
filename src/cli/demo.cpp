// niangjia demo: a synthetic city federation modelled on Jinhua (seeds): the city federation,
// its nine county-level federations, ~150 township/street federations, grassroots unions of
// every kind, and members with valid, unique resident IDs. The same seed gives the same
// federation. Built for speed: rows are prepared on a second thread while the first writes them
// in one transaction with bulk inserts; the organisation counts are summed in memory and written
// at the end of that same transaction.
#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <sstream>
#include <unordered_set>

#include "approval/approval.h"
#include "auth/audit.h"
#include "auth/auth.h"
#include "auth/password.h"
#include "cli/commands.h"
#include "cli/open.h"
#include "core/credit_code.h"
#include "core/crypto.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/id_number.h"
#include "core/mask.h"
#include "core/money.h"
#include "core/text.h"
#include "hardship/archive.h"
#include "member/member.h"
#include "member/transfer.h"
#include "mutual_aid/aid.h"
#include "mutual_aid/claims.h"
#include "mutual_aid/plan_json.h"
#include "org/enterprise.h"
#include "org/rules.h"
#include "payout/payout.h"
#include "payout/rules.h"

namespace nj::cli {

namespace {

using store::Blob;
using store::Value;

// SplitMix64: small, fast and the same on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ULL + 1) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  uint64_t Below(uint64_t n) { return Next() % n; }
  template <class T, size_t N>
  const T& Pick(const std::array<T, N>& a) {
    return a[Below(N)];
  }

 private:
  uint64_t s_;
};

struct County {
  const char* code;
  const char* name;
  double share;  // of the city's members
};
constexpr std::array<County, 9> kCounties{{{"330702", "婺城区", 0.13},
                                           {"330703", "金东区", 0.08},
                                           {"330723", "武义县", 0.07},
                                           {"330726", "浦江县", 0.07},
                                           {"330727", "磐安县", 0.03},
                                           {"330781", "兰溪市", 0.08},
                                           {"330782", "义乌市", 0.30},
                                           {"330783", "东阳市", 0.12},
                                           {"330784", "永康市", 0.12}}};

constexpr std::array<std::string_view, 34> kTowns{
    "城东",   "城西", "城南", "城北", "江南", "江北", "新狮", "白龙桥", "罗店",
    "汤溪",   "洋埠", "琅琊", "孝顺", "傅村", "曹宅", "澧浦", "岭下",   "塘雅",
    "赤松",   "多湖", "稠城", "北苑", "稠江", "佛堂", "苏溪", "上溪",   "义亭",
    "廿三里", "后宅", "大陈", "南市", "白云", "横店", "古山"};
constexpr std::array<std::string_view, 24> kFirmWords{
    "华丰", "永盛", "宏达", "恒信", "金鼎", "瑞丰", "东方", "新亚", "天和", "精工", "双龙", "光明",
    "兴业", "博远", "振华", "海纳", "众力", "鑫源", "长城", "中诚", "同创", "锦华", "亿丰", "春晖"};
constexpr std::array<std::string_view, 16> kTrades{"机械", "五金", "纺织", "电子", "建材", "物流",
                                                   "食品", "服饰", "汽配", "塑业", "印刷", "化工",
                                                   "电器", "家具", "科技", "医药"};
constexpr std::array<std::string_view, 40> kSurnames{
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
    "胡", "郭", "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
    "邓", "曹", "彭", "曾", "肖", "田", "董", "潘", "袁", "蒋", "蔡", "余"};
constexpr std::array<std::string_view, 60> kGiven{
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "建", "文", "辉", "玲", "斌", "鹏",
    "宇", "浩", "凯", "晨", "欣", "怡", "婷", "雪", "琳", "晶", "海", "波", "峰", "丹", "萍",
    "红", "红", "飞", "俊", "帅", "佳", "慧", "莉", "倩", "燕", "鑫", "亮", "成", "志", "国"};

struct OrgRow {
  int64_t id, parent_id;
  std::string kind, name, division, path;
  int64_t depth;
};

// A member with its stored columns ready.
struct MemberRow {
  std::vector<Value> values;
  int64_t org_index;
  std::string category;
  bool active;
};

constexpr std::array<std::string_view, 8> kStreets{"人民路", "解放路", "中山路", "八一街",
                                                   "宾虹路", "江南路", "双龙路", "丹溪路"};

const std::vector<std::string> kOrgColumns{
    "id",   "parent_id", "kind",         "name",          "name_key", "name_fold",  "division_code",
    "path", "depth",     "contact_name", "contact_phone", "address",  "created_at", "updated_at"};
const std::vector<std::string> kMemberColumns{
    "id",           "org_id",        "name",          "name_key",
    "name_fold",    "id_number_enc", "id_number_idx", "id_number_masked",
    "sex",          "birth_date",    "phone_enc",     "phone_idx",
    "phone_masked", "employer",      "category",      "join_date",
    "status",       "created_at",    "updated_at"};

void Progress(const char* what, int64_t done, int64_t total) {
  static const bool tty = isatty(STDERR_FILENO);
  if (!tty || total == 0) return;
  const int width = 30, filled = static_cast<int>(width * done / total);
  fmt::print(stderr, "\r{:<8} [{:<{}}] {:>3}% {}/{}", what, std::string(filled, '#'), width,
             100 * done / total, done, total);
  if (done == total) fmt::print(stderr, "\n");
}

class Builder {
 public:
  Builder(const DemoOptions& o, const Vault& vault) : o_(o), vault_(vault), rng_(o.seed) {}

  std::vector<OrgRow> orgs;
  std::vector<size_t> grassroots;  // indexes into orgs
  std::vector<size_t> county_of;   // county index of each org (for ID address codes)

  void BuildTree() {
    Add(0, "city_federation", "金华市总工会", "330700", 0);
    const int64_t unions_total = std::max<int64_t>(o_.members / 136, 36);
    for (size_t c = 0; c < kCounties.size(); ++c) {
      const auto& county = kCounties[c];
      const std::string cname = county.name;
      const size_t cidx = Add(0, "county_federation", cname + "总工会", county.code, c);
      const size_t towns = 15 + c % 4;  // 147 in all
      std::vector<size_t> parents;
      for (size_t t = 0; t < towns; ++t) {
        const std::string town(kTowns[(c * 7 + t) % kTowns.size()]);
        const bool street = t % 3 == 0;
        parents.push_back(Add(cidx, "township_federation",
                              cname + town + (street ? "街道总工会" : "镇总工会"), county.code, c));
      }
      const int64_t here = std::max<int64_t>(4, static_cast<int64_t>(unions_total * county.share));
      for (int64_t u = 0; u < here; ++u) {
        const size_t parent = parents[rng_.Below(parents.size())];
        const uint64_t roll = rng_.Below(100);
        std::string kind, name;
        const std::string town =
            orgs[parent].name.substr(cname.size(), orgs[parent].name.find("总工会") - cname.size());
        if (roll < 72) {
          kind = "enterprise_union";
          name = fmt::format("浙江{}{}有限公司工会", rng_.Pick(kFirmWords), rng_.Pick(kTrades));
          if (u % 5 == 0)
            name = fmt::format("{}{}{}{}厂工会", cname.substr(0, 6), rng_.Pick(kFirmWords),
                               rng_.Pick(kTrades), u);
        } else if (roll < 86) {
          kind = "joint_union";
          name = fmt::format("{}{}联合工会", town, rng_.Below(2) ? "小微企业" : "快递物流");
        } else if (roll < 95) {
          kind = "village_union";
          name = fmt::format("{}{}村工会", town, rng_.Pick(kFirmWords));
        } else {
          kind = "industry_union";
          name = fmt::format("{}{}行业工会", cname, rng_.Pick(kTrades));
        }
        grassroots.push_back(Add(parent, kind, name, county.code, c));
      }
    }
  }

  // Member i: a person of the county of its union, with a resident ID not used before.
  MemberRow MakeMember(int64_t id, int64_t now, Date today) {
    const size_t g = grassroots[rng_.Below(grassroots.size())];
    const County& county = kCounties[county_of[g]];
    std::string name(rng_.Pick(kSurnames));
    name += kGiven[rng_.Below(kGiven.size())];
    if (rng_.Below(100) < 70) name += kGiven[rng_.Below(kGiven.size())];
    std::string number;
    int year = 0;
    unsigned month = 0, day = 0;
    do {
      year = 1962 + static_cast<int>(rng_.Below(44));  // 1962–2005: of working age
      month = 1 + static_cast<unsigned>(rng_.Below(12));
      day = 1 + static_cast<unsigned>(rng_.Below(28));
      const auto seq = rng_.Below(1000);
      number = fmt::format("{}{:04}{:02}{:02}{:03}", county.code, year, month, day, seq);
      number += ResidentIdCheckChar(number);
    } while (!seen_.insert(number).second);
    const char sex = ((number[16] - '0') % 2) ? 'M' : 'F';
    const std::string phone = fmt::format("1{}{:09}", 3 + rng_.Below(7), rng_.Below(1'000'000'000));
    const uint64_t c = rng_.Below(100);
    const char* category = c < 48   ? "front_line"
                           : c < 60 ? "management"
                           : c < 78 ? "technical"
                           : c < 84 ? "courier"
                           : c < 90 ? "delivery_rider"
                           : c < 93 ? "ride_hailing_driver"
                           : c < 96 ? "truck_driver"
                                    : "other";
    // Joined between the 18th birthday (or 2000) and today.
    const auto from = std::chrono::sys_days(Date(std::chrono::year(std::max(year + 18, 2000)),
                                                 std::chrono::month(month), std::chrono::day(day)));
    const auto span = (std::chrono::sys_days(today) - from).count();
    const Date join(from + std::chrono::days(span > 0 ? rng_.Below(span) : 0));
    const bool active = rng_.Below(100) < 96;
    const auto& org = orgs[g];
    MemberRow row{{}, static_cast<int64_t>(g), category, active};
    row.values = {id,
                  org.id,
                  name,
                  Blob{PinyinSortKey(name)},
                  FoldText(name),
                  Blob{vault_.Seal(number)},
                  Blob{vault_.BlindIndex(member::kIdNumberPurpose, number)},
                  MaskIdNumber(number),
                  std::string(1, sex),
                  fmt::format("{:04}-{:02}-{:02}", year, month, day),
                  Blob{vault_.Seal(phone)},
                  Blob{vault_.BlindIndex(member::kPhonePurpose, phone)},
                  MaskPhone(phone),
                  org.kind == "enterprise_union" ? org.name.substr(0, org.name.size() - 6) : "",
                  category,
                  FormatDate(join),
                  active ? "active" : (rng_.Below(2) ? "exited" : "suspended"),
                  now,
                  now};
    return row;
  }

 private:
  size_t Add(size_t parent, std::string kind, std::string name, std::string division,
             size_t county) {
    const int64_t id = static_cast<int64_t>(orgs.size()) + 1;
    const bool root = orgs.empty();
    const std::string path = root ? org::ChildPath("", id) : org::ChildPath(orgs[parent].path, id);
    orgs.push_back({id, root ? 0 : orgs[parent].id, std::move(kind), std::move(name),
                    std::move(division), path, root ? 0 : orgs[parent].depth + 1});
    county_of.push_back(county);
    return orgs.size() - 1;
  }

  const DemoOptions& o_;
  const Vault& vault_;
  Rng rng_;
  std::unordered_set<std::string> seen_;
};

}  // namespace

// The first `options.payouts` active members get a bank account (a card number that passes
// the Luhn check) and a pending mutual-aid payout, posted as owed: something to pay.
Result<void> AddPayouts(store::Conn& c, const Vault& vault, const DemoOptions& options,
                        int64_t now) {
  if (options.payouts <= 0) return {};
  const Value lp[] = {options.payouts};
  auto members = c.Query(
      "SELECT m.id, m.name, m.org_id, o.path FROM member m JOIN org o ON o.id = m.org_id "
      "WHERE m.status = 'active' ORDER BY m.id LIMIT ?",
      lp);
  if (!members) return std::unexpected(members.error());
  static const std::vector<std::string> kAccountColumns{
      "id",     "member_id", "bank_code", "account_enc", "account_idx", "account_masked",
      "holder", "luhn_ok",   "reason",    "valid_from"};
  static const std::vector<std::string> kItemColumns{
      "id",         "source_module", "source_id", "member_id", "org_id",    "org_path",
      "amount_fen", "purpose",       "fund",      "state",     "created_at"};
  static const std::vector<std::string> kEntryColumns{
      "id", "fund", "kind", "item_id", "org_id", "debit", "credit", "amount_fen", "posted_at"};
  constexpr std::array<std::pair<const char*, const char*>, 4> kBanks{
      {{"102", "6222"}, {"103", "6228"}, {"105", "6217"}, {"403", "6210"}}};
  Rng rng(options.seed + 2);
  std::map<int64_t, int64_t> owed;  // org → fen
  std::vector<std::vector<Value>> accounts, items, entries;
  auto flush = [&]() -> Result<void> {
    if (auto r = c.BulkInsert("payout_account", kAccountColumns, accounts); !r) return r;
    if (auto r = c.BulkInsert("payout_item", kItemColumns, items); !r) return r;
    if (auto r = c.BulkInsert("ledger_entry", kEntryColumns, entries); !r) return r;
    accounts.clear();
    items.clear();
    entries.clear();
    return {};
  };
  int64_t id = 0;
  for (const auto& m : *members) {
    ++id;
    const auto& [bank, bin] = kBanks[rng.Below(kBanks.size())];
    std::string number = bin;
    while (number.size() < 18) number += static_cast<char>('0' + rng.Below(10));
    for (char d = '0'; d <= '9'; ++d) {
      if (payout::PassesLuhn(number + d)) {
        number += d;
        break;
      }
    }
    const int64_t amount = 5'000 + static_cast<int64_t>(rng.Below(49'500)) * 10;
    accounts.push_back({id, m.Int(0), std::string(bank), Blob{vault.Seal(number)},
                        Blob{vault.BlindIndex(payout::kAccountPurpose, number)},
                        payout::MaskAccount(number), m.Text(1), int64_t{1}, std::string("演示数据"),
                        now});
    items.push_back({id, std::string("mutual_aid"), "demo-" + std::to_string(id), m.Int(0),
                     m.Int(2), m.Text(3), amount, std::string("住院医疗互助金"),
                     std::string("mutual_aid"), std::string("pending"), now});
    entries.push_back({id, std::string("mutual_aid"), std::string("owed"), id, m.Int(2),
                       std::string("expense"), std::string("payable"), amount, now});
    owed[m.Int(2)] += amount;
    if (items.size() == 20'000) {
      if (auto r = flush(); !r) return r;
      Progress("payouts", id, static_cast<int64_t>(members->size()));
    }
  }
  if (auto r = flush(); !r) return r;
  std::vector<std::vector<Value>> balances;
  for (const auto& [org, fen] : owed) {
    balances.push_back({std::string("mutual_aid"), std::string("expense"), org, fen});
    balances.push_back({std::string("mutual_aid"), std::string("payable"), org, -fen});
  }
  return c.BulkInsert("ledger_balance",
                      std::vector<std::string>{"fund", "account", "org_id", "balance_fen"},
                      balances);
}

// Mutual medical aid for the demo, through the module's own services: this year's plan, a
// county's subsidy, the whole city enrolled from 1 January, `options.aid_claims` settlement
// records adjudicated from a feed file (零跑), and claims by hand waiting for the clerk — one
// of them the portal member's, one over 30 days old.
Result<void> AddMutualAid(store::Database& db, const Vault& vault, const Config& config,
                          const DemoOptions& options, int64_t portal_member) {
  if (options.aid_claims <= 0 || options.members <= 0) return {};
  auth::AuthService auth(db);
  auto admin = auth.UserPrincipal("city_admin");
  if (!admin) return std::unexpected(admin.error());
  approval::ApprovalService approvals(db);
  payout::RegisterPayoutApprovals(approvals);
  payout::PayoutService payouts(db, vault, approvals);
  mutual_aid::AidService aid(db, vault, payouts);
  const Date today = Today();
  const int year = static_cast<int>(today.year());
  const std::string code = fmt::format("JH-{}", year);
  const std::string plan = fmt::format(
      R"({{"code": "{0}", "name": "金华市在职职工住院医疗互助 {1}", "start": "{1}-01-01",
  "end": "{1}-12-31", "contribution_fen": 5000, "waiting_days": 90, "overall_cap_fen": 6000000,
  "benefits": [
   {{"visit_type": "inpatient", "deductible_fen": 50000, "cap_fen": 5000000,
    "tiers": [{{"up_to_fen": 1000000, "percent": 50}}, {{"up_to_fen": 5000000, "percent": 60}},
              {{"up_to_fen": null, "percent": 70}}]}},
   {{"visit_type": "special_outpatient", "deductible_fen": 100000, "cap_fen": 1000000,
    "tiers": [{{"up_to_fen": null, "percent": 40}}]}}],
  "critical_illness": {{"icd10_prefixes": ["C", "Z94.0", "N18.5"], "lump_sum_fen": 500000}}}})",
      code, year);
  auto parsed = mutual_aid::ParsePlan(plan);
  if (!parsed) return std::unexpected(parsed.error());
  if (auto r = aid.ImportPlan(*admin, *parsed); !r) return std::unexpected(r.error());
  const Date start{today.year(), std::chrono::January, std::chrono::day(1)};
  if (auto r = aid.Enrol(*admin, code, admin->org_id, start, ""); !r) {
    return std::unexpected(r.error());
  }
  {
    auto lease = db.Acquire();
    if (!lease) return std::unexpected(lease.error());
    auto county = (*lease)->QueryInt("SELECT id FROM org WHERE name = '婺城区总工会'");
    if (county) {
      if (auto r = aid.SetSubsidy(*admin, code, *county, 1000); !r) {
        return std::unexpected(r.error());
      }
    }
  }

  // The feed: members spread over the city, discharged between 1 January and today.
  std::vector<std::pair<int64_t, std::string>> people;  // member id, ID number
  {
    auto lease = db.Acquire();
    if (!lease) return std::unexpected(lease.error());
    const Value p[] = {options.aid_claims};
    auto rows = (*lease)->Query(
        "SELECT m.id, m.name, m.id_number_enc FROM member m JOIN aid_enrolment e ON "
        "e.member_id = m.id ORDER BY m.id DESC LIMIT ?",
        p);
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : *rows) {
      auto number = vault.Open(r.Bytes(2));
      if (!number) return std::unexpected(number.error());
      people.emplace_back(r.Int(0), *number);
    }
  }
  const auto feed = std::filesystem::path(config.files_dir) / fmt::format("demo-{}.csv", ::getpid());
  std::filesystem::create_directories(feed.parent_path());
  {
    std::ofstream out(feed, std::ios::binary);
    out << "settlement_id,id_number,name,hospital,admission_date,discharge_date,visit_type,"
           "diagnosis_code,total,fund_paid,self_paid_in_scope,self_paid_out_of_scope,record_type,"
           "original_settlement_id\r\n";
    Rng rng(options.seed + 7);
    static constexpr std::array<std::string_view, 5> kHospitals{
        "金华市中心医院", "金华市人民医院", "浙江大学医学院附属第四医院", "义乌市中心医院",
        "东阳市人民医院"};
    static constexpr std::array<std::string_view, 8> kDiagnoses{
        "K35.8", "I63.9", "J18.9", "S72.0", "N20.0", "C34.1", "E11.9", "M51.2"};
    const int32_t first = mutual_aid::DayNumber(start), last = mutual_aid::DayNumber(today);
    int64_t n = 0;
    for (const auto& [id, number] : people) {
      const int32_t discharge = first + static_cast<int32_t>(rng.Below(last - first + 1));
      const int32_t admission = std::max(first, discharge - static_cast<int32_t>(rng.Below(15)));
      const bool special = rng.Below(5) == 0;
      const int64_t in_scope = 20'000 + static_cast<int64_t>(rng.Below(special ? 2'000'000 : 6'000'000));
      const int64_t out_scope = static_cast<int64_t>(rng.Below(300'000));
      const int64_t fund = in_scope * 2;
      out << fmt::format("YB{}{:07},{},,{},{},{},{},{},{},{},{},{},normal,\r\n", year, ++n, number,
                         rng.Pick(kHospitals),
                         FormatDate(mutual_aid::DateOfDay(admission)),
                         FormatDate(mutual_aid::DateOfDay(discharge)),
                         special ? "special_outpatient" : "inpatient", rng.Pick(kDiagnoses),
                         FormatYuan(in_scope + out_scope + fund), FormatYuan(fund),
                         FormatYuan(in_scope), FormatYuan(out_scope));
    }
  }
  struct Quiet final : job::Progress {
    void SetTotal(int64_t) override {}
    void Advance(int64_t) override {}
  } quiet;
  auto ingested = aid.Ingest(*admin, code, feed, false, quiet, nullptr);
  std::filesystem::remove(feed);
  if (!ingested) return std::unexpected(ingested.error());

  // Claims by hand: the portal member's, waiting for the check, and two more, one overdue.
  file::EvidenceStore evidence(std::filesystem::path(config.files_dir) / "evidence");
  mutual_aid::HandClaimService hand(db, vault, aid, payouts, evidence);
  const std::string recent = FormatDate(mutual_aid::DateOfDay(mutual_aid::DayNumber(today) - 3));
  const std::string week = FormatDate(mutual_aid::DateOfDay(mutual_aid::DayNumber(today) - 10));
  // The overdue one was filed 40 days ago, for a stay before that (never after its filing).
  const std::string old_in = FormatDate(mutual_aid::DateOfDay(mutual_aid::DayNumber(today) - 50));
  const std::string old_out = FormatDate(mutual_aid::DateOfDay(mutual_aid::DayNumber(today) - 43));
  std::vector<int64_t> claimants{portal_member};
  for (size_t i = 0; i < 2 && i < people.size(); ++i) claimants.push_back(people[i].first);
  for (size_t i = 0; i < claimants.size(); ++i) {
    if (claimants[i] == 0) continue;
    mutual_aid::HandClaimInput in{code,
                                  claimants[i],
                                  "inpatient",
                                  i == 0 ? "上海交通大学医学院附属瑞金医院" : "杭州市第一人民医院",
                                  i == 2 ? old_in : week,
                                  i == 2 ? old_out : recent,
                                  i == 2 ? "C18.7" : "K80.2",
                                  "36800.00",
                                  "21500.00",
                                  "12600.00",
                                  "2700.00"};
    auto c = hand.SubmitOwn(claimants[i], in);
    if (!c) {
      // A claimant still in the waiting period, or not enrolled: the demo goes on without.
      spdlog::warn("demo hand claim: {}", c.error().detail_en);
      continue;
    }
    if (i == 2) {
      auto lease = db.Acquire();
      if (!lease) return std::unexpected(lease.error());
      const Value p[] = {NowUnix() - 40 * 86'400, c->id};
      if (auto r = (*lease)->Exec("UPDATE aid_hand_claim SET submitted_at = ? WHERE id = ?", p);
          !r) {
        return std::unexpected(r.error());
      }
    }
  }
  fmt::print("mutual aid: plan {}, {} settlement records adjudicated ({} paid, {} yuan)\n", code,
             ingested->records, ingested->by_outcome[static_cast<int>(mutual_aid::Outcome::kPaid)],
             FormatYuan(ingested->paid_fen));
  return {};
}

// Hardship archives for the demo, through the module's own service and the approval flow: this
// year's minimum living standard of every county (Jinhua's 2026 figure, 1 130 yuan a month) and
// of the city, then `options.archives` workers filed by their unions — most approved at both
// levels and past their public notice, a few still on notice, under review or in draft.
Result<void> AddHardship(store::Database& db, const Vault& vault, const Config& config,
                         const DemoOptions& options) {
  if (options.members <= 0) return {};
  auth::AuthService auth(db);
  auto city = auth.UserPrincipal("city_admin");
  if (!city) return std::unexpected(city.error());
  auto county = auth.UserPrincipal("wucheng_admin");
  if (!county) return std::unexpected(county.error());
  auto reviewer = auth.UserPrincipal("city_reviewer");  // the city's second level
  if (!reviewer) return std::unexpected(reviewer.error());
  approval::ApprovalService approvals(db);
  file::EvidenceStore evidence(std::filesystem::path(config.files_dir) / "evidence");
  hardship::ArchiveService archives(db, vault, approvals, evidence);
  hardship::RegisterArchiveApprovals(approvals);
  const int year = static_cast<int>(Today().year());
  if (auto r = archives.SetStandard(*city, "330700", year, 113'000, 200); !r) {
    return std::unexpected(r.error());
  }
  for (const auto& c : kCounties) {
    if (auto r = archives.SetStandard(*city, c.code, year, 113'000, 200); !r) {
      return std::unexpected(r.error());
    }
  }
  if (options.archives <= 0) return {};
  // Workers of 婺城区 (its county admin reviews them), filed as the city's admin would for them.
  std::vector<int64_t> workers;
  {
    auto lease = db.Acquire();
    if (!lease) return std::unexpected(lease.error());
    const Value p[] = {options.archives};
    auto rows = (*lease)->Query(
        "SELECT m.id FROM member m JOIN org o ON o.id = m.org_id WHERE o.path >= '/1/2/' AND "
        "o.path < '/1/20' AND m.status = 'active' AND o.kind <> 'county_federation' "
        "ORDER BY m.id LIMIT ?",
        p);
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : *rows) workers.push_back(r.Int(0));
  }
  Rng rng(options.seed + 13);
  static constexpr std::array<std::string_view, 7> kCauseCycle{
      "illness", "disability", "unemployment", "single_parent", "schooling", "accident", "disaster"};
  static constexpr std::array<std::string_view, 6> kSpouses{"李秀英", "王桂兰", "张建国", "刘志强",
                                                            "陈丽华", "杨明"};
  static constexpr std::array<std::string_view, 5> kChildren{"小雨", "浩然", "欣怡", "子涵", "宇航"};
  for (size_t i = 0; i < workers.size(); ++i) {
    hardship::ArchiveInput in;
    in.member_id = workers[i];
    in.causes = {std::string(kCauseCycle[i % kCauseCycle.size()])};
    const int size = 2 + static_cast<int>(rng.Below(3));
    // Income per head spread from half the standard to two and a half times it.
    const int64_t per_head = 56'500 + static_cast<int64_t>(rng.Below(230'000));
    in.household.push_back({"本人", "self", 35 + static_cast<int>(rng.Below(20)),
                            i % 3 == 0 ? "serious" : "chronic", "none", per_head * 12 * size / 2});
    in.household.push_back({std::string(rng.Pick(kSpouses)), "spouse", 40, "healthy", "none",
                            per_head * 12 * size / 2});
    for (int k = 2; k < size; ++k) {
      in.household.push_back({std::string(rng.Pick(kChildren)), "child", 6 + 5 * k, "healthy",
                              k == 2 ? "senior" : "university", 0});
    }
    in.income_sources = {{"wages", per_head * size}};
    in.medical_spending_fen = i % 3 == 0 ? 1'200'000 : 0;
    if (in.causes.front() == "accident") {
      in.accident = hardship::AccidentInput{
          FormatDate(mutual_aid::DateOfDay(mutual_aid::DayNumber(Today()) - 60)), 8'000'000,
          3'000'000, "工伤事故，住院治疗"};
    }
    auto a = archives.Create(*city, in);
    if (!a) {
      if (a.error().code == ErrorCode::kConflict) continue;
      return std::unexpected(a.error());
    }
    if (a->computed == hardship::Level::kNone || i % 10 == 9) continue;  // drafts
    auto submitted = archives.Submit(*city, a->id);
    if (!submitted) return std::unexpected(submitted.error());
    if (i % 10 == 8) continue;  // waiting for the county
    auto reviewed = approvals.Approve(*county, submitted->application_id, "");
    if (!reviewed) return std::unexpected(reviewed.error());
    if (a->tier == "city") {
      if (i % 10 == 7) continue;  // reviewed by the county, waiting for the city
      auto approved = approvals.Approve(*reviewer, submitted->application_id, "");
      if (!approved) return std::unexpected(approved.error());
    }
  }
  // Most archives are past their notice: as if filed a month ago.
  auto lease = db.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const std::string past = FormatDate(mutual_aid::DateOfDay(mutual_aid::DayNumber(Today()) - 30));
  const Value p[] = {past, past};
  if (auto r = (*lease)->Exec(
          "UPDATE hardship_archive SET notice_start = ?, notice_end = ? WHERE state = 'notice' AND "
          "id % 5 <> 0",
          p);
      !r) {
    return std::unexpected(r.error());
  }
  return {};
}

namespace {

// demo needs an empty database: it writes ids of its own.
// Transfers (会籍转接) so that 会籍转接 has something on a fresh demo: two members of 婺城区 asked
// for by a union of 义乌, one waiting and one refused with its reason. None is accepted, so every
// figure of the demo stays as built.
Result<void> AddTransfers(store::Database& db, const DemoOptions& options) {
  if (options.members <= 0) return {};
  auth::AuthService auth(db);
  auto county = auth.UserPrincipal("wucheng_admin");
  if (!county) return std::unexpected(county.error());
  auto yiwu = auth.UserPrincipal("yiwu_admin");
  if (!yiwu) return std::unexpected(yiwu.error());
  int64_t to = 0;
  std::vector<int64_t> movers;
  {
    auto lease = db.Acquire();
    if (!lease) return std::unexpected(lease.error());
    const auto ys = yiwu->Scope(), ws = county->Scope();
    const Value yp[] = {ys.low, ys.high};
    auto u = (*lease)->Query(
        "SELECT id FROM org WHERE path >= ? AND path < ? AND kind = 'enterprise_union' "
        "ORDER BY id LIMIT 1",
        yp);
    if (!u) return std::unexpected(u.error());
    if (u->empty()) return {};
    to = (*u)[0].Int(0);
    // The last members of 婺城: the hardship workers and the portal member are the first ones.
    const Value wp[] = {ws.low, ws.high};
    auto m = (*lease)->Query(
        "SELECT m.id FROM member m JOIN org o ON o.id = m.org_id WHERE o.path >= ? AND o.path < ? "
        "AND m.status = 'active' ORDER BY m.id DESC LIMIT 2",
        wp);
    if (!m) return std::unexpected(m.error());
    for (const auto& row : *m) movers.push_back(row.Int(0));
  }
  member::TransferService transfers(db);
  for (size_t i = 0; i < movers.size(); ++i) {
    auto t =
        transfers.Request(*county, movers[i], to, i == 0 ? "调到义乌新单位工作" : "换了新工作");
    if (!t) return std::unexpected(t.error());
    if (i == 1) {
      if (auto r = transfers.Refuse(*yiwu, t->id, "本单位岗位已满，请联系原单位"); !r) {
        return std::unexpected(r.error());
      }
    }
  }
  return {};
}

// Payouts that stall, so the flows that unstick them can be tried: members of 婺城 and 义乌 with
// a 送温暖 payment waiting and no bank account (the missing-accounts list, the portal's card
// binding), and a batch of 婺城 whose bank result failed one line ("户名与账号不符": the failed
// filter, the item waiting for its account to be changed). Through the services, audited.
Result<void> AddStalledPayouts(store::Database& db, const Vault& vault, int64_t portal_member) {
  auth::AuthService auth(db);
  auto county = auth.UserPrincipal("wucheng_admin");
  if (!county) return std::unexpected(county.error());
  auto yiwu = auth.UserPrincipal("yiwu_admin");
  if (!yiwu) return std::unexpected(yiwu.error());
  auto reviewer = auth.UserPrincipal("city_reviewer");
  if (!reviewer) return std::unexpected(reviewer.error());
  approval::ApprovalService approvals(db);
  payout::RegisterPayoutApprovals(approvals);
  payout::PayoutService payouts(db, vault, approvals);
  // Members of `who`'s county, active, with (or without) a current account.
  auto pick = [&](const auth::Principal& who, bool with_account,
                  int64_t n) -> Result<std::vector<int64_t>> {
    auto lease = db.Acquire();
    if (!lease) return std::unexpected(lease.error());
    const auto s = who.Scope();
    const Value p[] = {s.low, s.high, portal_member, n};
    auto rows = (*lease)->Query(
        std::string("SELECT m.id FROM member m JOIN org o ON o.id = m.org_id WHERE o.path >= ? "
                    "AND o.path < ? AND m.status = 'active' AND m.id <> ? AND ") +
            (with_account ? "" : "NOT ") +
            "EXISTS (SELECT 1 FROM payout_account a WHERE a.member_id = m.id AND a.valid_to IS "
            "NULL) ORDER BY m.id DESC LIMIT ? OFFSET 10",
        p);
    if (!rows) return std::unexpected(rows.error());
    std::vector<int64_t> ids;
    for (const auto& r : *rows) ids.push_back(r.Int(0));
    return ids;
  };
  auto ask = [&](const auth::Principal& who, int64_t member, int64_t fen) -> Result<void> {
    auto i = payouts.Request(who, {"manual", "demo-warmth-" + std::to_string(member), member, fen,
                                   "送温暖慰问金（演示）", "campaign"});
    if (!i) return std::unexpected(i.error());
    return {};
  };
  for (const auto* who : {&*county, &*yiwu}) {
    auto without = pick(*who, false, who == &*county ? 5 : 2);
    if (!without) return std::unexpected(without.error());
    for (int64_t m : *without) {
      if (auto r = ask(*who, m, 50'000 + (m % 7) * 10'000); !r) return r;
    }
  }
  auto paid = pick(*county, true, 2);
  if (!paid) return std::unexpected(paid.error());
  if (paid->size() < 2) return {};
  for (int64_t m : *paid) {
    if (auto r = ask(*county, m, 80'000); !r) return r;
  }
  auto batch = payouts.CreateBatch(*county, "campaign", county->org_id);
  if (!batch) return std::unexpected(batch.error());
  if (auto r = payouts.Approve(*reviewer, batch->id, "演示：核对无误"); !r) {
    return std::unexpected(r.error());
  }
  auto file = payouts.Export(*county, batch->id, "generic");
  if (!file) return std::unexpected(file.error());
  // The bank's answer: the first payment refused, the others paid (generic layout: D, seq,
  // item, account, holder, bank, amount, purpose → R, item, account, amount, S|F, reason).
  std::string result;
  int64_t count = 0, total = 0;
  std::istringstream lines(file->bytes);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("D,")) continue;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> f;
    std::istringstream cells(line);
    for (std::string c; std::getline(cells, c, ',');) f.push_back(c);
    if (f.size() < 7) continue;
    result +=
        fmt::format("R,{},{},{},{}\r\n", f[2], f[3], f[6], count == 0 ? "F,户名与账号不符" : "S,");
    ++count;
    total += std::stoll(f[6]);
  }
  result += fmt::format("T,{},{}\r\n", count, total);
  auto done = payouts.Reconcile(*county, batch->id, "generic", result);
  if (!done) return std::unexpected(done.error());
  return {};
}

// Committees (委员会) on the demo's grassroots unions, so that 换届提醒 and 我的待办 have something
// to show: of every ten unions seven have a sitting committee (one in ten of those with a term
// ending within six months, one already ended) and three have none on record. The union of
// grassroots_chair is left without one: the tests file its re-election themselves.
Result<void> AddCommittees(store::Database& db, Date today) {
  static constexpr std::string_view kUnions =
      "SELECT o.id FROM org o WHERE o.kind IN ('enterprise_union', 'joint_union', "
      "'industry_union', 'village_union') AND COALESCE(o.closed_at, 0) = 0 AND NOT EXISTS "
      "(SELECT 1 FROM app_user u WHERE u.org_id = o.id AND u.username = 'grassroots_chair') "
      "ORDER BY o.id";
  static constexpr std::string_view kInsert =
      "INSERT INTO committee (org_id, term_years, elected_on, ends_on, how_elected, votes_cast, "
      "current, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?) RETURNING id";
  static constexpr std::string_view kSeat =
      "INSERT INTO committee_member (committee_id, seq, name, role, votes) VALUES (?, ?, ?, ?, ?)";
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kSeats{
      {{"王建华", "chair"}, {"李秀英", "funds_audit_chair"}, {"陈丽", "women_chair"}}};
  const int64_t now = NowUnix();
  return db.TransactionVoid([&](store::Conn& c) -> Result<void> {
    auto unions = c.Query(kUnions);
    if (!unions) return std::unexpected(unions.error());
    int64_t n = 0;
    for (const auto& row : *unions) {
      const int64_t i = n++;
      if (i % 10 >= 7) continue;  // three in ten: no committee on record
      const int64_t term = i % 3 == 0 ? 3 : 5;
      // Months left of the term: 1–5 for one in ten, −2 (ended) for one in thirty, else 12–47.
      const int64_t left = i % 30 == 1 ? -2 : i % 10 == 1 ? 1 + i / 10 % 5 : 12 + i % 36;
      const auto end =
          std::chrono::year_month_day(today.year(), today.month(), std::chrono::day(15)) +
          std::chrono::months(left);
      const auto elected = end - std::chrono::years(term);
      const Date elected_on{elected};
      const Value p[] = {row.Int(0),
                         term,
                         FormatDate(elected_on),
                         FormatDate(org::TermEnd(elected_on, term)),
                         std::string(i % 2 == 0 ? "direct" : "indirect"),
                         int64_t{30 + i % 200},
                         now};
      auto id = c.QueryInt(kInsert, p);
      if (!id) return std::unexpected(id.error());
      for (size_t k = 0; k < kSeats.size(); ++k) {
        const Value sp[] = {*id, static_cast<int64_t>(k), std::string(kSeats[k].first),
                            std::string(kSeats[k].second), int64_t{25 + i % 150}};
        if (auto r = c.Exec(kSeat, sp); !r) return std::unexpected(r.error());
      }
    }
    return {};
  });
}

// The enterprise register (企业) behind the demo's unions, so that 覆盖企业 and the Enterprises
// page agree with something to show: every enterprise union's enterprise, covered by it and
// registered at the federation above it, and in every third township one enterprise with no
// union yet (the 未建会 list a clerk works through). Through the service, as the city's admin.
Result<void> AddEnterprises(store::Database& db) {
  static constexpr std::string_view kOrgs =
      "SELECT o.id, o.kind, o.name, o.division_code, COALESCE(o.parent_id, 0) FROM org o "
      "WHERE o.kind IN ('enterprise_union', 'township_federation') ORDER BY o.id";
  auth::AuthService auth(db);
  auto city = auth.UserPrincipal("city_admin");
  if (!city) return std::unexpected(city.error());
  org::EnterpriseService enterprises(db);
  auto rows = [&]() -> Result<std::vector<store::Row>> {
    auto lease = db.Acquire();
    if (!lease) return std::unexpected(lease.error());
    return (*lease)->Query(kOrgs);
  }();
  if (!rows) return std::unexpected(rows.error());
  // A credit code of GB 32100: 9 (企业) 1 (公司), the division, a number of our own, the check.
  auto code = [](const std::string& division, int64_t n) {
    std::string first17 = "91" + division + fmt::format("{:09}", 700'000'000 + n);
    return first17 + *CreditCodeCheckChar(first17);
  };
  int64_t n = 0;
  for (const auto& r : *rows) {
    const bool is_union = r.Text(1) == "enterprise_union";
    const std::string name = r.Text(2);
    if (!is_union && n++ % 3 != 0) continue;
    org::EnterpriseInput in{
        .credit_code = code(r.Text(3), r.Int(0)),
        .name = is_union ? name.substr(0, name.size() - std::string_view("工会").size())
                         : name.substr(0, name.find("总工会")) + "第" + std::to_string(r.Int(0)) +
                               "商贸有限公司",
        .division_code = r.Text(3),
        .industry = is_union ? "制造业" : "批发和零售业",
        .employees = 40 + r.Int(0) * 37 % 900,
        .org_id = is_union ? r.Int(4) : r.Int(0),
        .union_id = is_union ? r.Int(0) : 0};
    if (auto e = enterprises.Create(*city, in); !e) return std::unexpected(e.error());
  }
  return {};
}

Result<void> RequireEmpty(store::Database& db) {
  auto lease = db.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto n = (*lease)->QueryInt("SELECT COUNT(*) FROM org");
  if (!n) return std::unexpected(n.error());
  if (*n > 0) {
    return Fail(ErrorCode::kConflict, "数据库中已有组织，演示数据需要空库",
                "the database already holds organisations; demo needs an empty one");
  }
  return {};
}

struct Login {
  std::string username, role, org_name, password, hash;
  size_t org;
};

// The demo's users, each with a password (one for all with --password) and its hash. Hashing
// is slow on purpose: it is done before the write transaction.
Result<std::vector<Login>> MakeLogins(const Builder& b, const DemoOptions& options) {
  const size_t township = 2, grassroots = b.grassroots.front();
  size_t yiwu = 0;
  for (size_t i = 0; i < b.orgs.size(); ++i) {
    if (b.orgs[i].name == "义乌市总工会") yiwu = i;
  }
  std::vector<Login> logins{{"city_admin", "federation_admin", "", "", "", 0},
                            {"city_reviewer", "federation_admin", "", "", "", 0},
                            {"wucheng_admin", "federation_admin", "", "", "", 1},
                            {"yiwu_admin", "federation_admin", "", "", "", yiwu},
                            {"township_clerk", "clerk", "", "", "", township},
                            {"grassroots_chair", "grassroots_chair", "", "", "", grassroots}};
  for (auto& l : logins) {
    l.password = options.password.empty() ? auth::GeneratePassword() : options.password;
    l.org_name = b.orgs[l.org].name;
    auto h = auth::HashPassword(l.password);
    if (!h) return std::unexpected(h.error());
    l.hash = *h;
  }
  return logins;
}

// The organisations, with a contact each.
Result<void> LoadTree(store::Conn& c, const Builder& b, const DemoOptions& options, int64_t now) {
  std::vector<std::vector<Value>> rows;
  Rng contacts(options.seed + 1);  // its own stream: the members stay as they were
  for (const auto& o : b.orgs) {
    std::string contact(contacts.Pick(kSurnames));
    contact += contacts.Pick(kGiven);
    rows.push_back({o.id, o.parent_id ? Value(o.parent_id) : Value(), o.kind, o.name,
                    Blob{PinyinSortKey(o.name)}, FoldText(o.name), o.division, o.path, o.depth,
                    contact, fmt::format("0579-8{:07}", contacts.Below(10'000'000)),
                    fmt::format("{}{}号", contacts.Pick(kStreets), 1 + contacts.Below(300)), now,
                    now});
  }
  return c.BulkInsert("org", kOrgColumns, rows);
}

// Each organisation's own active members, summed up every ancestry.
Result<void> LoadCounts(store::Conn& c, const Builder& b,
                        const std::map<std::pair<size_t, std::string>, int64_t>& own) {
  std::map<std::pair<int64_t, std::string>, std::pair<int64_t, int64_t>> counts;
  for (const auto& [key, n] : own) {
    const auto& o = b.orgs[key.first];
    counts[{o.id, key.second}].first += n;
    for (int64_t ancestor : org::PathIds(o.path)) counts[{ancestor, key.second}].second += n;
  }
  std::vector<std::vector<Value>> rows;
  for (const auto& [key, n] : counts) rows.push_back({key.first, key.second, n.first, n.second});
  return c.BulkInsert("org_member_count",
                      std::vector<std::string>{"org_id", "category", "own", "subtree"}, rows);
}

// The members, then the member counts. The member table's secondary indexes are built once
// after the load (a sort) rather than row by row: their definitions are read back from the
// catalogue, so they stay exactly the migrations' own.
Result<void> LoadMembers(store::Conn& c, Builder& b, const DemoOptions& options, int64_t now,
                         Date today) {
  const char* index_sql =
      c.dialect() == store::Dialect::kSqlite
          ? "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'member' "
            "AND sql IS NOT NULL"
          : "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = 'member' "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)";
  auto indexes = c.Query(index_sql);
  if (!indexes) return std::unexpected(indexes.error());
  for (const auto& ix : *indexes) {
    if (auto r = c.ExecScript("DROP INDEX " + ix.Text(0)); !r) return r;
  }

  // A producer thread prepares chunks while this one writes the previous chunk.
  std::map<std::pair<size_t, std::string>, int64_t> own;  // (org index, category) → active
  constexpr int64_t kChunk = 20'000;
  auto make = [&](int64_t from) {
    std::vector<MemberRow> chunk;
    const int64_t to = std::min(options.members, from + kChunk);
    chunk.reserve(static_cast<size_t>(to - from));
    for (int64_t i = from; i < to; ++i) chunk.push_back(b.MakeMember(i + 1, now, today));
    return chunk;
  };
  std::future<std::vector<MemberRow>> next;
  if (options.members > 0) next = std::async(std::launch::async, make, 0);
  std::vector<std::vector<Value>> rows;
  for (int64_t from = 0; from < options.members; from += kChunk) {
    std::vector<MemberRow> chunk = next.get();
    if (from + kChunk < options.members) next = std::async(std::launch::async, make, from + kChunk);
    rows.clear();
    for (auto& m : chunk) {
      if (m.active) ++own[{static_cast<size_t>(m.org_index), m.category}];
      rows.push_back(std::move(m.values));
    }
    if (auto r = c.BulkInsert("member", kMemberColumns, rows); !r) return r;
    Progress("members", std::min(options.members, from + kChunk), options.members);
  }

  for (const auto& ix : *indexes) {
    if (auto r = c.ExecScript(ix.Text(1)); !r) return r;
  }
  return LoadCounts(c, b, own);
}

Result<void> AddLogins(store::Conn& c, const Builder& b, const std::vector<Login>& logins,
                       int64_t now) {
  for (const auto& l : logins) {
    const Value p[] = {l.username, l.username, l.hash, b.orgs[l.org].id, now, l.role};
    if (auto r = c.Exec("INSERT INTO app_user (username, display_name, password_hash, org_id, "
                        "created_at, role_id) VALUES (?, ?, ?, ?, ?, "
                        "(SELECT id FROM role WHERE code = ?))",
                        p);
        !r) {
      return std::unexpected(r.error());
    }
  }
  return {};
}

// A member who has activated the portal, to sign in at /m/ with (none without members).
struct PortalMember {
  std::string phone, name, password;
  int64_t id = 0;
};
Result<void> ActivatePortalMember(store::Conn& c, const Vault& vault, const std::string& hash,
                                  int64_t now, PortalMember& out) {
  auto first = c.Query(
      "SELECT id, name, phone_enc FROM member WHERE status = 'active' AND phone_enc IS NOT NULL "
      "ORDER BY id LIMIT 1");
  if (!first) return std::unexpected(first.error());
  if (first->empty()) return {};
  const auto& m = (*first)[0];
  auto phone = vault.Open(m.Bytes(2));
  if (!phone) return std::unexpected(phone.error());
  out.phone = *phone;
  out.name = m.Text(1);
  out.id = m.Int(0);
  const Value p[] = {m.Int(0), hash, now};
  if (auto r = c.Exec(
          "INSERT INTO member_account (member_id, password_hash, created_at) VALUES (?, ?, ?)", p);
      !r) {
    return std::unexpected(r.error());
  }
  return {};
}

// PostgreSQL's sequences past the ids the demo wrote itself.
Result<void> ResetSequences(store::Conn& c) {
  if (c.dialect() != store::Dialect::kPostgres) return {};
  for (const char* table : {"org", "member", "payout_account", "payout_item", "ledger_entry"}) {
    auto sql = fmt::format(
        "SELECT setval(pg_get_serial_sequence('{0}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM "
        "{0}))",
        table);
    if (auto r = c.Query(sql); !r) return std::unexpected(r.error());
  }
  return {};
}

void PrintLogins(const std::vector<Login>& logins, const PortalMember& member) {
  fmt::print("\nlogins (passwords are shown only now; they are stored as argon2id hashes):\n");
  for (const auto& l : logins) {
    fmt::print("  {:<18} {:<18} {:<20} {}\n", l.username, l.password, l.role, l.org_name);
  }
  if (!member.phone.empty()) {
    fmt::print("\nmember portal (/m/): phone {} password {} ({})\n", member.phone, member.password,
               member.name);
  }
}

}  // namespace

// The tree, the members, the users and the portal member in one transaction written directly
// (bootstrap: there is no user yet to act as; audited as system:demo), then the modules' demo
// data through their own services, acting as the demo's users.
int Demo(const Config& config, const DemoOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  auto db = OpenDatabase(config);
  if (!db) return 1;
  auto vault = Vault::LoadOrCreate(config.key_file);
  if (!vault) return Report(vault.error());
  if (auto empty = RequireEmpty(**db); !empty) return Report(empty.error());

  Builder b(options, *vault);
  b.BuildTree();
  const int64_t now = NowUnix();
  const Date today = Today();
  auto logins = MakeLogins(b, options);
  if (!logins) return Report(logins.error());
  PortalMember member;
  member.password = options.password.empty() ? auth::GeneratePassword() : options.password;
  auto member_hash = auth::HashPassword(member.password);
  if (!member_hash) return Report(member_hash.error());

  auto r = (*db)->TransactionVoid([&](store::Conn& c) -> Result<void> {
    if (c.dialect() == store::Dialect::kSqlite) {
      // A large page cache for the load (this process ends after it).
      if (auto r = c.ExecScript("PRAGMA cache_size = -1048576"); !r) return r;
    }
    if (auto r = LoadTree(c, b, options, now); !r) return r;
    if (auto r = LoadMembers(c, b, options, now, today); !r) return r;
    if (auto r = AddLogins(c, b, *logins, now); !r) return r;
    if (auto r = ActivatePortalMember(c, *vault, *member_hash, now, member); !r) return r;
    if (auto r = AddPayouts(c, *vault, options, now); !r) return r;
    if (auto r = ResetSequences(c); !r) return r;
    return auth::AppendAudit(c, auth::System("demo", {}),
                             {"demo", "org", std::to_string(b.orgs[0].id), b.orgs[0].path, "",
                              Fields()
                                  .Add("orgs", static_cast<int64_t>(b.orgs.size()))
                                  .Add("members", options.members)
                                  .Add("seed", static_cast<int64_t>(options.seed))
                                  .Json(),
                              "niangjia demo"});
  });
  if (!r) return Report(r.error());
  if (auto aid = AddMutualAid(**db, *vault, config, options, member.id); !aid) {
    return Report(aid.error());
  }
  if (auto archives = AddHardship(**db, *vault, config, options); !archives) {
    return Report(archives.error());
  }
  if (auto moves = AddTransfers(**db, options); !moves) return Report(moves.error());
  if (options.members > 0) {
    if (auto stalled = AddStalledPayouts(**db, *vault, member.id); !stalled) {
      return Report(stalled.error());
    }
  }
  if (auto terms = AddCommittees(**db, today); !terms) return Report(terms.error());
  if (auto firms = AddEnterprises(**db); !firms) return Report(firms.error());
  {
    // The planner's statistics of every table the demo filled (claims, archives and payouts
    // included), as a database in service has them: a list's plan chosen on empty-table
    // statistics scans and sorts its whole range.
    auto lease = (*db)->Acquire();
    if (lease) (void)(*lease)->Exec("ANALYZE");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print(
      "demo federation created in {:.1f} s: {} organisations ({} grassroots unions), {} members\n",
      seconds, b.orgs.size(), b.grassroots.size(), options.members);
  PrintLogins(*logins, member);
  return 0;
}

}  // namespace nj::cli
