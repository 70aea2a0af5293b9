#include "dispatcher/core/duplicates.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "common/geo.h"
#include "dispatcher/core/candidate_incident.h"

namespace siaga::core {
namespace {

// What "{:.0f}" prints, for the finite, non-negative metres of an explanation, at a fraction
// of the cost: fmt formats a float with a precision the slow, exact way (about 700
// instructions each; there are three per call that joins an incident). nearbyint rounds half
// to even, as the exact decimal rounding does.
std::int64_t WholeMetres(double metres) {
  return std::isfinite(metres) && std::abs(metres) < 1e15
             ? static_cast<std::int64_t>(std::nearbyint(metres))
             : 0;
}

// "Pasar  Kranggot " and "pasar kranggot" name the same place.
std::string PlaceKey(std::string_view description) {
  std::string key;
  for (const char c : description) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      if (!key.empty() && key.back() != ' ') {
        key += ' ';
      }
    } else {
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  while (!key.empty() && key.back() == ' ') {
    key.pop_back();
  }
  return key;
}

// A match before its candidate message is built: only the best max_candidates are built (each
// holds a copy of its incident and a formatted explanation).
struct Scored {
  const v1::Incident* incident;
  const DuplicateRule* rule;
  bool strong = false;
  double distance_m = -1;  // -1: a place-name match
  TimePoint last_call{};
  std::int64_t age_s = 0;
  bool same_kind = false;
};

// The candidates' order: strong first, then nearest (a place-name match after any measured
// distance), then the most recently called; the incident id makes it total.
bool Better(const Scored& a, const Scored& b) {
  if (a.strong != b.strong) {
    return a.strong;
  }
  const double da = a.distance_m < 0 ? 1e12 : a.distance_m;
  const double db = b.distance_m < 0 ? 1e12 : b.distance_m;
  if (da != db) {
    return da < db;
  }
  if (a.last_call != b.last_call) {
    return a.last_call > b.last_call;
  }
  return a.incident->incident_id() < b.incident->incident_id();
}

// Incidents with a fix less certain than this are kept in a list that every query scans.
constexpr double kNarrowRadiusM = 200;
// The smallest cell side; cells are as wide as a query reaches past a narrow incident (the
// largest rule radius plus kNarrowRadiusM, DuplicateIndex::DuplicateIndex), at least this.
constexpr double kCellMinM = 250;
// Metres per degree of latitude on the sphere common/geo.cc measures on.
constexpr double kMetresPerDegree = 6371008.8 * 3.14159265358979323846 / 180;
// Beyond this many cells to look at, a scan of every incident is as cheap.
constexpr std::int64_t kCellsPerQueryMax = 1024;

// Removes the first item that matches; order is not kept (each list is a set).
template <typename T, typename Matches>
void SwapEraseFirst(std::vector<T>& items, Matches matches) {
  const auto it = std::find_if(items.begin(), items.end(), matches);
  if (it != items.end()) {
    *it = items.back();
    items.pop_back();
  }
}

}  // namespace

DuplicateIndex::DuplicateIndex(const DuplicatePolicy& policy) {
  radius_m_max_ = policy.defaults.radius_m;
  for (const auto& rule : policy.by_type) {
    radius_m_max_ = std::max(radius_m_max_, static_cast<double>(rule.radius_m));
  }
  // A query's box then touches about 3 x 4 cells. Cells of 250 m made it 5 x 7 at the default
  // 300 m radius and about 10 x 13 at deploy/dispatcher.toml's 800 m for fires: each look-up
  // (most cells empty) cost a cache miss, which in the server was the largest part of the
  // duplicate lookup (docs/performance.md, ninth pass). A larger cell holds more points, but
  // they are contiguous and the box test that skips one is four comparisons.
  cell_m_ = std::max(kCellMinM, radius_m_max_ + kNarrowRadiusM);
}

std::int64_t DuplicateIndex::CellOf(double degrees) const {
  return static_cast<std::int64_t>(std::floor(degrees * kMetresPerDegree / cell_m_));
}

std::int64_t DuplicateIndex::CellKey(std::int64_t lat_cell, std::int64_t lon_cell) {
  // |lat cell| < 2^17 and |lon cell| < 2^18 for cells of at least 250 m: no two cells share
  // a key.
  return lat_cell * (std::int64_t{1} << 32) + lon_cell;
}

void DuplicateIndex::Add(std::uint64_t number, const v1::Location& location) {
  if (entries_.contains(number)) {
    return;
  }
  Entry entry;
  if (HasCoordinates(location)) {
    const Point point{.number = number,
                      .latitude = location.latitude(),
                      .longitude = location.longitude(),
                      .radius_m = location.radius_m()};
    if (location.radius_m() > kNarrowRadiusM || !std::isfinite(location.latitude()) ||
        !std::isfinite(location.longitude())) {
      entry.wide = true;
      wide_.push_back(point);
    } else {
      entry.cell = CellKey(CellOf(location.latitude()), CellOf(location.longitude()));
      cells_[*entry.cell].push_back(point);
    }
  }
  entry.place = PlaceKey(location.description());
  if (!entry.place.empty()) {
    places_[entry.place].push_back(number);
  }
  entries_.emplace(number, std::move(entry));
}

void DuplicateIndex::Remove(std::uint64_t number) {
  const auto it = entries_.find(number);
  if (it == entries_.end()) {
    return;
  }
  const Entry& entry = it->second;
  const auto is_it = [number](const Point& point) { return point.number == number; };
  if (entry.cell) {
    auto cell = cells_.find(*entry.cell);
    SwapEraseFirst(cell->second, is_it);
    if (cell->second.empty()) {
      cells_.erase(cell);
    }
  }
  if (entry.wide) {
    SwapEraseFirst(wide_, is_it);
  }
  if (!entry.place.empty()) {
    auto place = places_.find(entry.place);
    SwapEraseFirst(place->second, [number](std::uint64_t n) { return n == number; });
    if (place->second.empty()) {
      places_.erase(place);
    }
  }
  entries_.erase(it);
}

std::optional<std::vector<std::uint64_t>> DuplicateIndex::Near(
    const v1::Location* location) const {
  std::vector<std::uint64_t> out;
  if (location == nullptr) {
    return out;  // FindDuplicateCandidates matches nothing without a location
  }
  const bool has_fix = HasCoordinates(*location);
  const std::string place = PlaceKey(location->description());
  if (const auto it = places_.find(place); !place.empty() && it != places_.end()) {
    // A call with a fix matches an incident with a fix by distance only (below).
    for (const std::uint64_t number : it->second) {
      if (!has_fix || !entries_.at(number).has_fix()) {
        out.push_back(number);
      }
    }
  }
  if (has_fix) {
    // A narrow incident can match only within this distance (rule radius plus both
    // uncertainties, FindDuplicateCandidates).
    const double reach_m = radius_m_max_ + location->radius_m() + kNarrowRadiusM;
    const double lat = location->latitude();
    const double reach_deg = reach_m / kMetresPerDegree;
    const double widest_lat = std::abs(lat) + reach_deg;
    if (!std::isfinite(reach_m) || !std::isfinite(location->longitude()) ||
        !(widest_lat < 85)) {
      return std::nullopt;
    }
    // A great circle between two latitudes no further from the equator than `widest_lat`
    // covers at least cos(widest_lat) of the longitude difference in metres; the 10% and the
    // 1 m cover rounding. The cells looked at are those the box lat ± reach, lon ± reach
    // (in degrees of each) touches.
    const double widest_cos = std::cos(widest_lat * 3.14159265358979323846 / 180);
    const double lat_reach_deg = (reach_m + 1) / kMetresPerDegree;
    const double lon_reach_deg = 1.1 * (reach_m + 1) / (kMetresPerDegree * widest_cos);
    const double lon = location->longitude();
    if (std::abs(lon) + lon_reach_deg >= 180) {
      return std::nullopt;  // the box would wrap around the antimeridian
    }
    const std::int64_t lat_lo = CellOf(lat - lat_reach_deg);
    const std::int64_t lat_hi = CellOf(lat + lat_reach_deg);
    const std::int64_t lon_lo = CellOf(lon - lon_reach_deg);
    const std::int64_t lon_hi = CellOf(lon + lon_reach_deg);
    if ((lat_hi - lat_lo + 1) * (lon_hi - lon_lo + 1) > kCellsPerQueryMax) {
      return std::nullopt;
    }
    // A narrow point in reach is inside the box, by the argument above; the cells' edges
    // reach past it, and a point outside it is dropped here without measuring the distance.
    const Box box{.lat_min = lat - lat_reach_deg, .lat_max = lat + lat_reach_deg,
                  .lon_min = lon - lon_reach_deg, .lon_max = lon + lon_reach_deg};
    for (std::int64_t i = lat_lo; i <= lat_hi; ++i) {
      for (std::int64_t j = lon_lo; j <= lon_hi; ++j) {
        if (const auto it = cells_.find(CellKey(i, j)); it != cells_.end()) {
          AddInReach(*location, it->second, &box, out);
        }
      }
    }
    AddInReach(*location, wide_, nullptr, out);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

TimePoint LastCallTime(const v1::Incident& incident) {
  TimePoint last = FromProto(incident.created_time());
  for (const auto& call : incident.calls()) {
    last = std::max(last, FromProto(call.received_time()));
  }
  return last;
}

RecentIncident RecentOf(const v1::Incident& incident, TimePoint last_call) {
  const v1::Location& where = incident.location();
  return RecentIncident{.incident = &incident,
                        .last_call = last_call,
                        .type_code = incident.classification().type_code(),
                        .has_fix = HasCoordinates(where),
                        .latitude = where.latitude(),
                        .longitude = where.longitude(),
                        .radius_m = where.radius_m()};
}

std::vector<RecentIncident> WithLastCallTimes(const std::vector<const v1::Incident*>& incidents) {
  std::vector<RecentIncident> out;
  out.reserve(incidents.size());
  for (const v1::Incident* incident : incidents) {
    out.push_back(RecentOf(*incident, LastCallTime(*incident)));
  }
  return out;
}

bool DuplicateIndex::InReach(const v1::Location& location, const Point& point) const {
  const double distance =
      DistanceMetres(location.latitude(), location.longitude(), point.latitude, point.longitude);
  // Written as FindDuplicateCandidates' test, negated, so a NaN keeps the point.
  return !(distance - (location.radius_m() + point.radius_m) > radius_m_max_);
}

void DuplicateIndex::AddInReach(const v1::Location& location, const std::vector<Point>& points,
                                const Box* box, std::vector<std::uint64_t>& out) const {
  for (const Point& point : points) {
    if (box != nullptr && !(point.latitude >= box->lat_min && point.latitude <= box->lat_max &&
                            point.longitude >= box->lon_min && point.longitude <= box->lon_max)) {
      continue;
    }
    if (InReach(location, point)) {
      out.push_back(point.number);
    }
  }
}

void CopyCandidateIncident(const v1::Incident& incident, v1::Incident& out) {
  out.set_incident_id(incident.incident_id());
  out.set_status(incident.status());
  if (incident.has_classification()) {
    const v1::Classification& from = incident.classification();
    v1::Classification& to = *out.mutable_classification();
    to.set_type_code(from.type_code());
    to.set_priority(from.priority());
    *to.mutable_agencies() = from.agencies();
    to.set_needs_triage(from.needs_triage());
  }
  if (incident.has_location()) {
    *out.mutable_location() = incident.location();
  }
  if (incident.has_created_time()) {
    *out.mutable_created_time() = incident.created_time();
  }
  if (incident.has_updated_time()) {
    *out.mutable_updated_time() = incident.updated_time();
  }
  out.set_last_sequence(incident.last_sequence());
  out.set_disposition(incident.disposition());
  out.set_merged_into(incident.merged_into());
  out.set_split_from(incident.split_from());
}

std::string_view TypeFamily(std::string_view type_code) {
  const std::string_view family = type_code.substr(0, type_code.find('.'));
  return family == "UNKNOWN" ? std::string_view{} : family;
}

std::vector<v1::DuplicateCandidate> FindDuplicateCandidates(
    const DuplicatePolicy& policy, const std::vector<RecentIncident>& open_incidents,
    const DuplicateQuery& query, std::size_t max_candidates) {
  const bool has_fix = query.location != nullptr && HasCoordinates(*query.location);
  const std::string place =
      query.location != nullptr ? PlaceKey(query.location->description()) : std::string{};
  if (!has_fix && place.empty()) {
    return {};
  }
  const std::string_view family = TypeFamily(query.type_code);
  // The best max_candidates so far, best first: in a dense area hundreds match, and only
  // these few are kept (no list of every match to sort).
  std::vector<Scored> best;
  best.reserve(max_candidates + 1);
  for (const RecentIncident& recent : open_incidents) {
    const v1::Incident* incident = recent.incident;
    const std::string_view incident_type = recent.type_code;
    // The rule of the kind of emergency we know: the new call's, else the incident's.
    const DuplicateRule& rule = policy.RuleFor(family.empty() ? incident_type : query.type_code);
    // Exact, not in whole seconds: the core's pool keeps what is at most the window old to the
    // millisecond, and rounding here took in incidents the pool had already left out.
    if (query.now - recent.last_call > std::chrono::seconds(rule.window_s)) {
      continue;
    }
    const auto age_s = SecondsBetween(recent.last_call, query.now);
    Scored scored{.incident = incident, .rule = &rule, .last_call = recent.last_call,
                  .age_s = age_s};
    scored.same_kind = !family.empty() && family == TypeFamily(incident_type);
    if (has_fix && recent.has_fix) {
      const double distance = DistanceMetres(query.location->latitude(),
                                             query.location->longitude(), recent.latitude,
                                             recent.longitude);
      const double slack = query.location->radius_m() + recent.radius_m;
      if (distance - slack > rule.radius_m) {
        continue;
      }
      const bool precise = query.location->radius_m() <= policy.strong_uncertainty_m_max &&
                           recent.radius_m <= policy.strong_uncertainty_m_max;
      scored.distance_m = distance;
      scored.strong = scored.same_kind && precise && distance <= rule.radius_m;
    } else if (place.empty() || PlaceKey(incident->location().description()) != place) {
      continue;
    }
    if (best.size() == max_candidates && (max_candidates == 0 || !Better(scored, best.back()))) {
      continue;
    }
    best.insert(std::upper_bound(best.begin(), best.end(), scored, Better), scored);
    if (best.size() > max_candidates) {
      best.pop_back();
    }
  }
  std::vector<v1::DuplicateCandidate> out;
  out.reserve(best.size());
  for (const Scored& s : best) {
    const std::string_view incident_type = s.incident->classification().type_code();
    const std::string kind =
        s.same_kind      ? fmt::format("same kind ({})", family)
        : family.empty() ? fmt::format("kind of this call not known yet (incident: {})",
                                       incident_type)
                         : fmt::format("{} vs {}", query.type_code, incident_type);
    const v1::Location& where = s.incident->location();
    v1::DuplicateCandidate candidate;
    candidate.set_distance_m(s.distance_m);
    if (s.distance_m >= 0) {
      candidate.set_strong(s.strong);
      candidate.set_explanation(fmt::format(
          "{} m away (uncertainty ±{} m / ±{} m, radius {} m), {}, last call {} s ago",
          WholeMetres(s.distance_m), WholeMetres(query.location->radius_m()),
          WholeMetres(where.radius_m()), s.rule->radius_m, kind, s.age_s));
    } else {
      candidate.set_explanation(fmt::format("same place \"{}\", {}, last call {} s ago",
                                            where.description(), kind, s.age_s));
    }
    candidate.set_incident_id(s.incident->incident_id());
    if (query.with_incidents) {
      CopyCandidateIncident(*s.incident, *candidate.mutable_incident());
    }
    out.push_back(std::move(candidate));
  }
  return out;
}

}  // namespace siaga::core
