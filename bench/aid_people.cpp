// The people of a demo database, for the settlement-file generator (bench/make_settlements.py):
// each member's id, resident ID number (opened with the database's key: the registry keeps it
// sealed), name and status, as CSV. For benchmark databases only — it writes personal data in
// clear.
//
//   aid_people --db sqlite:PATH --key-file KEY --out people.csv
#include <cstdio>
#include <cstring>
#include <string>

#include "core/crypto.h"
#include "store/db.h"

namespace {

int Fail(const std::string& what) {
  std::fprintf(stderr, "aid_people: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string url, key_file, out_path;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--db") == 0) url = argv[i + 1];
    if (std::strcmp(argv[i], "--key-file") == 0) key_file = argv[i + 1];
    if (std::strcmp(argv[i], "--out") == 0) out_path = argv[i + 1];
  }
  if (url.empty() || key_file.empty() || out_path.empty()) {
    return Fail("usage: aid_people --db URL --key-file KEY --out FILE");
  }
  auto db = nj::store::Database::Open(url, 1);
  if (!db) return Fail(db.error().detail_en);
  auto vault = nj::Vault::LoadOrCreate(key_file);
  if (!vault) return Fail(vault.error().detail_en);
  auto lease = (*db)->Acquire();
  if (!lease) return Fail(lease.error().detail_en);
  FILE* out = std::fopen(out_path.c_str(), "w");
  if (!out) return Fail("cannot write " + out_path);
  std::fprintf(out, "member_id,id_number,name,status\n");
  // A page of members at a time, by id.
  static constexpr std::string_view kPage =
      "SELECT id, id_number_enc, name, status FROM member WHERE id > ? ORDER BY id LIMIT 100000";
  int64_t after = 0, people = 0;
  for (;;) {
    const nj::store::Value p[] = {after};
    auto rows = (*lease)->Query(kPage, p);
    if (!rows) return Fail(rows.error().detail_en);
    if (rows->empty()) break;
    for (const auto& r : *rows) {
      auto number = vault->Open(r.Bytes(1));
      if (!number) return Fail(number.error().detail_en);
      std::fprintf(out, "%lld,%s,%s,%s\n", static_cast<long long>(r.Int(0)), number->c_str(),
                   r.Text(2).c_str(), r.Text(3).c_str());
      after = r.Int(0);
      ++people;
    }
  }
  if (std::fclose(out) != 0) return Fail("cannot write " + out_path);
  std::fprintf(stderr, "aid_people: %lld members written to %s\n", static_cast<long long>(people),
               out_path.c_str());
  return 0;
}
