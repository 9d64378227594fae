// JSON at the HTTP edge (Boost.JSON): reading request bodies and the fields in them with errors
// that name the field. Only routes files include this.
#pragma once

#include <boost/json.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/page.h"
#include "core/parse.h"
#include "http/http.h"

namespace nj::http {

enum class Need { kOptional, kRequired };
inline constexpr Need kOptional = Need::kOptional;
inline constexpr Need kRequired = Need::kRequired;

// The one strict reader of a JSON request body, over the bounded parsers of core/parse.h:
//
//   auto b = http::Body::Of(req);
//   in.name = b.Text("name", 100, http::kRequired);
//   in.amount_fen = b.Fen("amount_fen");
//   in.start = b.Date("start");
//   in.note = b.Multiline("note");
//   if (!b.ok()) return Response::Problem(req, b.error());
//
// Each getter returns the value, or a neutral one ("" / 0 / nullopt / {}) after recording an
// error; the first error is kept (so the answer names the first bad field) and later getters do
// nothing. Strict: a number where a string is expected, a string where a number is, a fraction
// where an integer is, are refused, never coerced; null reads as absent. A required field absent
// (or a required text blank) is kInvalidInput naming it. Keys nobody asks for are ignored.
class Body {
 public:
  // The request's body; not JSON or not an object is the reader's error (kMalformedJson).
  static Body Of(const Request& req);
  // As Of, but an empty body reads as {} (routes whose every field is optional).
  static Body OfOptional(const Request& req);
  // A JSON text read the same way (an application's payload); not an object is kInvalidInput
  // naming `field`.
  static Body OfText(std::string_view text, std::string_view field = "payload");
  // An object inside a body (one item of an array): errors name `prefix` + key, e.g.
  // "committee[2].votes".
  explicit Body(boost::json::object o, std::string prefix = {})
      : o_(std::move(o)), prefix_(std::move(prefix)) {}

  bool ok() const { return !error_; }
  const Error& error() const { return *error_; }
  std::unexpected<Error> Failure() const { return std::unexpected(*error_); }
  // Records `e` as the reader's error unless one is recorded already (a route's own check).
  void Refuse(Error e);

  // Present and not null.
  bool Has(std::string_view key) const;
  const boost::json::object& Object() const { return o_; }

  // One line of text (core ParseText): "" when absent and optional.
  std::string Text(std::string_view key, int64_t max_chars = kDefaultTextMax,
                   Need need = kOptional);
  // A narrative (core ParseMultiline): "\n" allowed, "\r\n" folded.
  std::string Multiline(std::string_view key, int64_t max_chars = kDefaultMultilineMax,
                        Need need = kOptional);
  // One of `allowed`; "" when absent and optional.
  std::string Enum(std::string_view key, std::initializer_list<std::string_view> allowed,
                   Need need = kOptional);
  // A secret (a password): any bytes but control characters, at most `max_bytes`, never echoed.
  std::string Secret(std::string_view key, size_t max_bytes = 256, Need need = kRequired);

  // Numbers, required (0 after an error); the Opt* forms give nullopt when absent (or refused).
  int64_t Fen(std::string_view key);
  std::optional<int64_t> OptFen(std::string_view key, Need need = kOptional);
  int64_t SignedFen(std::string_view key);
  std::optional<int64_t> OptSignedFen(std::string_view key, Need need = kOptional);
  int64_t Count(std::string_view key, int64_t max = kMaxCount);
  std::optional<int64_t> OptCount(std::string_view key, int64_t max = kMaxCount,
                                  Need need = kOptional);
  int Percent(std::string_view key);
  std::optional<int> OptPercent(std::string_view key, Need need = kOptional);
  int64_t Id(std::string_view key);
  std::optional<int64_t> OptId(std::string_view key, Need need = kOptional);
  int Year(std::string_view key, YearRange years = {});
  std::optional<int> OptYear(std::string_view key, YearRange years = {}, Need need = kOptional);
  bool Bool(std::string_view key, bool fallback = false);

  // "YYYY-MM-DD" / "YYYY-MM" as sent once checked; "" when absent and optional.
  std::string Date(std::string_view key, Need need = kRequired, YearRange years = {});
  std::string Month(std::string_view key, Need need = kRequired, YearRange years = {});
  // An array of ids, at most `max`; {} when absent and optional.
  std::vector<int64_t> Ids(std::string_view key, Need need = kRequired, size_t max = kMaxIds);

 private:
  // The field's value when present and no error is recorded yet; records "required" when it is
  // absent and needed.
  const boost::json::value* Find(std::string_view key, Need need);
  // An integer field through `check`; nullopt when absent, after an error, or refused.
  template <class Check>
  std::optional<int64_t> Integer(std::string_view key, Need need, Check&& check);
  std::optional<std::string> String(std::string_view key, Need need);

  boost::json::object o_;
  std::string prefix_;
  std::optional<nj::Error> error_;
};

// Values that may be missing, written as JSON null: an instant (unix seconds, 0 = never) as
// ISO 8601, an id (0 = none), an optional amount.
boost::json::value InstantOrNull(int64_t unix_seconds);
boost::json::value IdOrNull(int64_t id);
boost::json::value OrNull(const std::optional<int64_t>& v);

// A JSON 200 (or `status`) response of `v`.
Response JsonResponse(const boost::json::value& v, int status = 200);

// The i-th path parameter as a positive id; kNotFound when it is not one (no such record).
Result<int64_t> IdParam(const Request& req, size_t i = 0);

// Query parameters, over the same parsers; each answers `fallback` (or "" / 0) when the parameter
// is absent or empty, and kInvalidInput naming it when it is malformed or out of bounds.
// A positive integer (1 … 2⁶³−1): ids, cursors of ids.
Result<int64_t> IntQuery(const Request& req, std::string_view name, int64_t fallback);
// An id; 0 when absent.
Result<int64_t> IdQuery(const Request& req, std::string_view name);
// A count 0 … max (a limit, a number of days).
Result<int64_t> CountQuery(const Request& req, std::string_view name, int64_t fallback,
                           int64_t max = kMaxCount);
// A year; `fallback` when absent.
Result<int> YearQuery(const Request& req, std::string_view name, int fallback,
                      YearRange years = {});
// "YYYY-MM-DD" / "YYYY-MM" checked; "" when absent.
Result<std::string> DateQuery(const Request& req, std::string_view name, YearRange years = {});
Result<std::string> MonthQuery(const Request& req, std::string_view name, YearRange years = {});
// A yes/no flag (ParseFlag): false when absent.
Result<bool> FlagQuery(const Request& req, std::string_view name);
// One line of text, at most `max_chars` characters; "" when absent.
Result<std::string> TextQuery(const Request& req, std::string_view name,
                              int64_t max_chars = kDefaultTextMax);

// The page a list route was asked for: limit (kPageDefault when absent; above kPageMax refused
// with kInvalidInput naming `limit`, never clamped) and cursor (one bounded line of text).
Result<PageRequest> ReadPage(const Request& req, PageBounds bounds = {});
// The same for a list whose cursor is an id: {limit, the id after which to go on (0 = first)}.
Result<std::pair<int, int64_t>> ReadIdPage(const Request& req);

// The query of a list route read like a Body: each reader answers its fallback once a
// parameter is refused, and ok()/error() tell the first refusal (naming the parameter):
//
//   http::ListQuery q(req);
//   query.org_id = q.Id("org_id");
//   query.state = q.Text("state", 40);
//   std::tie(query.limit, query.after_id) = q.IdPage();
//   if (!q.ok()) return Response::Problem(req, q.error());
class ListQuery {
 public:
  explicit ListQuery(const Request& req) : req_(req) {}
  int64_t Id(std::string_view name);  // IdQuery: 0 when absent
  std::string Text(std::string_view name, int64_t max_chars = kDefaultTextMax);  // TextQuery
  bool Flag(std::string_view name);          // FlagQuery: false when absent
  int Year(std::string_view name);           // YearQuery: 0 when absent
  std::string Date(std::string_view name);   // DateQuery: "YYYY-MM-DD", "" when absent
  // A code ("application.create", "aid_plan"): a–z, 0–9, '_', '.', ':' only, at most
  // `max_chars`; "" when absent.
  std::string Code(std::string_view name, int64_t max_chars = 64);
  std::pair<int, int64_t> IdPage();          // ReadIdPage: {limit, the id after which to go on}
  PageRequest Page(PageBounds bounds = {});  // ReadPage

  bool ok() const { return !error_; }
  const nj::Error& error() const { return *error_; }

 private:
  template <class T>
  T Take(Result<T> r, T fallback) {
    if (r) return std::move(*r);
    if (!error_) error_ = std::move(r.error());
    return fallback;
  }
  const Request& req_;
  std::optional<nj::Error> error_;
};

// {items: [to_json(item)…], next_cursor: string, or null on the last page (never "")}, and
// total, total_capped when the page gives its total (PageTotal).
template <class T, class F>
boost::json::object PageResponse(const Page<T>& page, F&& to_json) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const auto& x : page.items) items.push_back(to_json(x));
  boost::json::value next = nullptr;
  if (page.next_cursor) next = *page.next_cursor;
  boost::json::object out{{"items", std::move(items)}, {"next_cursor", std::move(next)}};
  if (page.total) {
    out["total"] = page.total->count;
    out["total_capped"] = page.total->capped;
  }
  return out;
}

// {items: [to_json(x)…]}: a whole list, short by nature (a paged list answers PageResponse).
template <class List, class F>
boost::json::object ItemsJson(const List& list, F&& to_json) {
  boost::json::array items;
  items.reserve(std::size(list));
  for (const auto& x : list) items.push_back(to_json(x));
  return {{"items", std::move(items)}};
}
// The same, as the writer Answer takes: http::Answer(req, list, http::Items(PaymentJson)).
template <class F>
auto Items(F to_json) {
  return [to_json = std::move(to_json)](const auto& list) { return ItemsJson(list, to_json); };
}

// The response for a service result: problem+json for an error, else to_json(value).
template <class T, class F>
Response Answer(const Request& req, const Result<T>& r, F&& to_json, int status = 200) {
  if (!r) return Response::Problem(req, r.error());
  return JsonResponse(to_json(*r), status);
}

}  // namespace nj::http
