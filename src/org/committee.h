// Committees of grassroots unions and their terms; establishment (组建) and re-election (换届)
// take effect here when their applications are approved; yearly ratings (星级评定).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/error.h"
#include "core/page.h"
#include "org/org.h"
#include "org/rules.h"
#include "store/db.h"

namespace nj::org {

struct Committee {
  int64_t id = 0, org_id = 0;
  std::string org_name;
  int64_t term_years = 0;
  std::string elected_on, ends_on, how_elected;
  int64_t votes_cast = 0;
  std::vector<Seat> seats;
};

struct RatingRecord {
  int64_t org_id = 0;
  std::string org_name;
  int64_t year = 0;
  Rating rating;
  std::vector<std::pair<std::string, int64_t>> scores;
};

class CommitteeService {
 public:
  explicit CommitteeService(store::Database& db) : db_(db) {}

  // Approval effects, on the approving transaction. Establish creates the union under
  // `parent_id` with a registration number, its first committee (elected on `today`) and, when
  // named, the enterprise's coverage; returns the registration number. Reelect replaces the
  // sitting committee.
  static Result<std::string> Establish(store::Conn& c, const auth::Principal& who,
                                       int64_t parent_id, const Establishment& e, Date today);
  static Result<std::string> Reelect(store::Conn& c, const auth::Principal& who,
                                     const Reelection& r, Date today);
  // The checks done when such an application is filed (the parent's kind; the union's scope).
  static Result<void> CheckEstablishment(store::Conn& c, const auth::Principal& who,
                                         int64_t parent_id, const Establishment& e);
  static Result<std::string> CheckReelection(store::Conn& c, const auth::Principal& who,
                                             const Reelection& r, Date today);

  // The sitting committee of a union; nullopt when it has none on record (kNotFound is for a
  // union outside the caller's scope).
  Result<std::optional<Committee>> Current(const auth::Principal& who, int64_t org_id);
  // Sitting committees of the subtree of `org_id` (0: the caller's own) whose term ends within
  // `days` days or has ended, soonest first (then by union), a page at a time.
  Result<Page<Committee>> Expiring(const auth::Principal& who, int64_t org_id, int64_t days,
                                   const PageRequest& page);

  // Records the year's assessment of a grassroots union (once per year; again replaces it).
  Result<RatingRecord> Rate(const auth::Principal& who, int64_t org_id, int64_t year,
                            const std::vector<std::pair<std::string, int64_t>>& scores);
  // Ratings of one union, newest year first.
  Result<std::vector<RatingRecord>> Ratings(const auth::Principal& who, int64_t org_id);

 private:
  store::Database& db_;
};

}  // namespace nj::org
