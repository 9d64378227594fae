// The columns of mutual aid's two uploads (the settlement feed, enrolment by roster): the header
// mapping of their readers and their downloadable templates.
#include "file/columns.h"
#include "mutual_aid/aid.h"

namespace nj::mutual_aid {

const file::ImportSpec& FeedSpec() {
  static const file::ImportSpec spec{
      "settlement",
      "医保结算数据导入模板",
      "settlement feed template",
      // In the order of RawRecord's fields (ingest.cpp reads them so).
      {{"settlement_id", "结算单号", "settlement id", true, {}, {"结算编号"}, "医保结算的唯一编号",
        "the settlement's unique id"},
       {"id_number", "身份证号", "resident ID number", true, {}, {"身份证号码", "公民身份号码"},
        "18 位居民身份证号", "18-character resident ID"},
       {"name", "姓名", "name", true, {}, {}, "", ""},
       {"hospital", "医院", "hospital", true, {}, {"医疗机构", "就诊医院"}, "", ""},
       {"admission_date", "入院日期", "admission date", true, {}, {}, "YYYY-MM-DD", "YYYY-MM-DD"},
       {"discharge_date", "出院日期", "discharge date", true, {}, {"结算日期"}, "YYYY-MM-DD",
        "YYYY-MM-DD"},
       {"visit_type", "就诊类型", "visit type", true,
        {{"inpatient", "住院", "Inpatient"},
         {"special_outpatient", "门诊特殊病", "Special outpatient"},
         {"outpatient", "普通门诊", "Outpatient"}},
        {}, "填中文或代码", "the label or the code"},
       {"diagnosis_code", "诊断编码", "diagnosis code", false, {}, {"ICD编码"}, "ICD-10，可不填",
        "ICD-10; may be empty"},
       {"total", "医疗总费用", "total cost", true, {}, {"总费用"}, "元，至多两位小数",
        "yuan, at most two decimals"},
       {"fund_paid", "医保统筹支付", "paid by the insurance fund", true, {}, {"统筹支付"},
        "元，至多两位小数", "yuan, at most two decimals"},
       {"self_paid_in_scope", "合规自付", "self-paid within the policy", true, {},
        {"合规自付（范围内）", "政策范围内自付"}, "元，至多两位小数", "yuan, at most two decimals"},
       {"self_paid_out_of_scope", "自费", "self-paid outside the policy", true, {},
        {"自费（范围外）", "政策范围外自费"}, "元，至多两位小数", "yuan, at most two decimals"},
       {"record_type", "记录类型", "record type", true,
        {{"normal", "结算", "Settlement"}, {"reversal", "冲正", "Reversal"}},
        {}, "填中文或代码", "the label or the code"},
       {"original_settlement_id", "原结算单号", "original settlement id", false, {}, {},
        "冲正记录填写被冲正的结算单号，结算记录留空",
        "a reversal names the settlement it reverses; empty for a settlement"}}};
  return spec;
}

const file::ImportSpec& EnrolRosterSpec() {
  static const file::ImportSpec spec{
      "enrolment",
      "互助保障参保名单模板",
      "mutual aid enrolment roster template",
      {{"id_number", "身份证号", "resident ID number", true, {},
        {"身份证号码", "公民身份号码", "证件号码"}, "18 位居民身份证号；只读这一列",
        "18-character resident ID; the only column read"},
       {"name", "姓名", "name", false, {}, {}, "便于核对，不读取", "for checking; not read"}}};
  return spec;
}

}  // namespace nj::mutual_aid
