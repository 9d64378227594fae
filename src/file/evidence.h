// Evidence (凭证): files uploaded to support a record — a photo of an invoice, a certificate, a
// scanned form. Each is checked by its content (an image or a PDF, never what its name says) and
// size, kept once on disk under its SHA-256 whoever uploads it again, and linked to the record it
// supports in the `evidence` table. Who may see a record's files is the record's module's
// business: this store only keeps and finds them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/db.h"

namespace nj::file {

// Larger uploads are refused: a phone photo of an invoice is a few MB.
inline constexpr size_t kMaxEvidenceBytes = 10 << 20;

struct Evidence {
  int64_t id = 0;
  std::string entity, entity_id;  // the record: ("aid_hand_claim", "42")
  std::string sha256, mime;
  int64_t size = 0;
  std::string file_name;
  int64_t uploaded_by = 0;  // a user; 0 = the member on the portal
  int64_t created_at = 0;
};

// The MIME type of `bytes` by their first bytes: JPEG, PNG, WebP, HEIC (a phone's photo) or PDF;
// kInvalidInput (field "file") for anything else, for an empty file and for one over
// kMaxEvidenceBytes.
Result<std::string> EvidenceType(std::string_view bytes);

class EvidenceStore {
 public:
  // Files live under `dir`/ab/abcdef… (the hash's first two characters, then the whole hash).
  explicit EvidenceStore(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // Checks the bytes, writes them (once per content; a crash leaves at worst an unlinked file,
  // never a partial one under its name) and links them to the record on `c`, inside the
  // caller's transaction.
  Result<Evidence> Add(store::Conn& c, std::string_view entity, std::string_view entity_id,
                       std::string_view file_name, std::string_view bytes, int64_t uploaded_by);
  // The files of a record, oldest first.
  Result<std::vector<Evidence>> Of(store::Conn& c, std::string_view entity,
                                   std::string_view entity_id);
  // File `id` of the record; kNotFound when it is not one of the record's.
  Result<Evidence> Find(store::Conn& c, std::string_view entity, std::string_view entity_id,
                        int64_t id);
  // The bytes of a file found by Of or Find.
  Result<std::string> Read(const Evidence& e) const;

 private:
  std::filesystem::path PathOf(std::string_view sha256) const;
  std::filesystem::path dir_;
};

}  // namespace nj::file
