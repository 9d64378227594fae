#include "file/evidence.h"

#include <fstream>
#include <iterator>
#include <system_error>

#include "core/crypto.h"
#include "core/date.h"

namespace nj::file {

namespace {

using store::Value;

constexpr std::string_view kInsert =
    "INSERT INTO evidence (entity, entity_id, sha256, mime, size, file_name, uploaded_by, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kOf =
    "SELECT id, entity, entity_id, sha256, mime, size, file_name, uploaded_by, created_at "
    "FROM evidence WHERE entity = ? AND entity_id = ? ORDER BY id";
constexpr std::string_view kFind =
    "SELECT id, entity, entity_id, sha256, mime, size, file_name, uploaded_by, created_at "
    "FROM evidence WHERE entity = ? AND entity_id = ? AND id = ?";

Evidence FromRow(const store::Row& r) {
  return {r.Int(0),     r.Text(1), r.Text(2), r.Text(3), r.Text(4),
          r.Int(5),     r.Text(6), r.Int(7),  r.Int(8)};
}

bool StartsWith(std::string_view bytes, std::string_view magic, size_t at = 0) {
  return bytes.size() >= at + magic.size() && bytes.substr(at, magic.size()) == magic;
}

// The name as shown and downloaded: its last path part, without control characters, at most
// 120 bytes (cut at a character boundary).
std::string CleanName(std::string_view name) {
  if (auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) {
    name = name.substr(slash + 1);
  }
  std::string out;
  for (char c : name) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f && c != '"') out += c;
  }
  if (out.size() > 120) {
    size_t cut = 120;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out.empty() ? "file" : out;
}

}  // namespace

Result<std::string> EvidenceType(std::string_view bytes) {
  if (bytes.empty()) return Fail(ErrorCode::kInvalidInput, "文件是空的", "the file is empty", "file");
  if (bytes.size() > kMaxEvidenceBytes) {
    return Fail(ErrorCode::kInvalidInput, "文件超过 10 MB", "the file is over 10 MB", "file");
  }
  if (StartsWith(bytes, "\xFF\xD8\xFF")) return std::string("image/jpeg");
  if (StartsWith(bytes, "\x89PNG\r\n\x1A\n")) return std::string("image/png");
  if (StartsWith(bytes, "RIFF") && StartsWith(bytes, "WEBP", 8)) return std::string("image/webp");
  for (std::string_view brand : {"heic", "heix", "mif1", "msf1"}) {
    if (StartsWith(bytes, "ftyp", 4) && StartsWith(bytes, brand, 8)) {
      return std::string("image/heic");
    }
  }
  if (StartsWith(bytes, "%PDF-")) return std::string("application/pdf");
  return Fail(ErrorCode::kInvalidInput, "只接受照片（JPEG、PNG、WebP、HEIC）或 PDF 文件",
              "only a photo (JPEG, PNG, WebP, HEIC) or a PDF is accepted", "file");
}

std::filesystem::path EvidenceStore::PathOf(std::string_view sha256) const {
  return dir_ / std::string(sha256.substr(0, 2)) / std::string(sha256);
}

Result<Evidence> EvidenceStore::Add(store::Conn& c, std::string_view entity,
                                    std::string_view entity_id, std::string_view file_name,
                                    std::string_view bytes, int64_t uploaded_by) {
  auto mime = EvidenceType(bytes);
  if (!mime) return std::unexpected(mime.error());
  Evidence e;
  e.entity = entity;
  e.entity_id = entity_id;
  e.sha256 = Sha256Hex(bytes);
  e.mime = *mime;
  e.size = static_cast<int64_t>(bytes.size());
  e.file_name = CleanName(file_name);
  e.uploaded_by = uploaded_by;
  e.created_at = NowUnix();
  const auto path = PathOf(e.sha256);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    std::filesystem::create_directories(path.parent_path(), ec);
    // Written aside, then renamed: the name holds the whole file or nothing.
    const auto part = path.parent_path() / (e.sha256 + ".part-" + RandomToken(6));
    {
      std::ofstream out(part, std::ios::binary);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      out.flush();
      if (!out) {
        std::filesystem::remove(part, ec);
        return Fail(ErrorCode::kUnavailable, "文件无法保存", "the file could not be saved");
      }
    }
    std::filesystem::rename(part, path, ec);
    if (ec) {
      std::filesystem::remove(part, ec);
      return Fail(ErrorCode::kUnavailable, "文件无法保存", "the file could not be saved");
    }
  }
  const Value p[] = {e.entity, e.entity_id, e.sha256,      e.mime,
                     e.size,   e.file_name, uploaded_by ? Value(uploaded_by) : Value(),
                     e.created_at};
  auto id = c.QueryInt(kInsert, p);
  if (!id) return std::unexpected(id.error());
  e.id = *id;
  return e;
}

Result<std::vector<Evidence>> EvidenceStore::Of(store::Conn& c, std::string_view entity,
                                                std::string_view entity_id) {
  const Value p[] = {std::string(entity), std::string(entity_id)};
  auto rows = c.Query(kOf, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Evidence> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

Result<Evidence> EvidenceStore::Find(store::Conn& c, std::string_view entity,
                                     std::string_view entity_id, int64_t id) {
  const Value p[] = {std::string(entity), std::string(entity_id), id};
  auto rows = c.Query(kFind, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) {
    return Fail(ErrorCode::kNotFound, "没有此文件", "no such file", "file_id");
  }
  return FromRow((*rows)[0]);
}

Result<std::string> EvidenceStore::Read(const Evidence& e) const {
  std::ifstream in(PathOf(e.sha256), std::ios::binary);
  if (!in) return Fail(ErrorCode::kInternal, "文件已丢失", "the file is missing");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (Sha256Hex(bytes) != e.sha256) {
    return Fail(ErrorCode::kInternal, "文件已损坏", "the file is damaged");
  }
  return bytes;
}

}  // namespace nj::file
