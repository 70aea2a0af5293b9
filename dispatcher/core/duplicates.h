// Duplicate detection: which open incidents a new call may be about. Pure and deterministic;
// the core calls it at ReportCall (attaching on a strong match) and for FindDuplicates.
//
// A candidate is an open incident whose last call is inside the window and whose position is
// within the radius once both uncertainty radii are allowed for (the circles may overlap), or,
// without coordinates, whose place name is the same. It is **strong** — attached without
// asking — only when it is the same kind of emergency (type family: "FIRE" of
// "FIRE.STRUCTURE"), both fixes are precise (uncertainty <= strong_uncertainty_m_max) and the
// centres are within the radius. Everything else is offered to the call-taker.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "common/clock.h"
#include "common/config.h"
#include "siaga/v1/incident.pb.h"

namespace siaga::core {

struct DuplicateQuery {
  const v1::Location* location = nullptr;  // the new call's, if any
  std::string_view type_code;              // the new call's classification
  TimePoint now;
  // Whether each candidate carries its incident's summary (CopyCandidateIncident); without,
  // only its id, strength, distance and explanation: for a caller that shows none of them.
  bool with_incidents = true;
};

// An open incident as the lookup sees it: the time it last heard from a caller (see
// LastCallTime), which the core keeps up to date (reading it from the incident means reading
// every call, and under a disaster's load an incident has hundreds), and what the lookup reads
// of every incident it looks at, kept beside the pointer: in the server, reading them from the
// incident (its classification, its type code, its location: a cache miss each) was half of
// FindDuplicateCandidates' time. The incident itself is read only for the candidates kept.
struct RecentIncident {
  const v1::Incident* incident = nullptr;
  TimePoint last_call;
  // Its classification's type code: must stay valid while the entry is used (the core points
  // it into an intern table, and renews it when the incident is classified again).
  std::string_view type_code;
  // Its location (which never changes), when it has coordinates.
  bool has_fix = false;
  double latitude = 0;
  double longitude = 0;
  double radius_m = 0;
};

// The entry for `incident`; its type code points into the incident.
RecentIncident RecentOf(const v1::Incident& incident, TimePoint last_call);
// When the incident last heard from a caller: the later of its creation and its newest call.
TimePoint LastCallTime(const v1::Incident& incident);
// `incidents` with LastCallTime, for callers that keep no such index (tests, simulations).
std::vector<RecentIncident> WithLastCallTimes(const std::vector<const v1::Incident*>& incidents);

// Strongest first (strong, then nearest, then most recent); at most max_candidates.
std::vector<v1::DuplicateCandidate> FindDuplicateCandidates(
    const DuplicatePolicy& policy, const std::vector<RecentIncident>& open_incidents,
    const DuplicateQuery& query, std::size_t max_candidates);

// Where the open, recently called incidents are, so that a new call looks only at the ones it
// could match (near it, or at the same named place) instead of at all of them: at thousands of
// open incidents the full scan cost about 1 ms per call. Incidents are keyed by number.
// Thread-safety: none (the core's).
class DuplicateIndex {
 public:
  explicit DuplicateIndex(const DuplicatePolicy& policy);

  void Add(std::uint64_t number, const v1::Location& location);
  void Remove(std::uint64_t number);  // no-op when absent

  // Every indexed incident FindDuplicateCandidates could match for a call at `location`
  // (a superset, sorted, no repeats), or nullopt when the index cannot narrow it down (a very
  // uncertain fix, near a pole): then look at all of them. Incidents with a fix are measured
  // here against the largest radius of any rule, so that in a dense area (a disaster, or
  // bench/run's replay) the caller gets the few within reach, not every one in the cells.
  std::optional<std::vector<std::uint64_t>> Near(const v1::Location* location) const;

 private:
  // An incident with a fix, where Near measures it.
  struct Point {
    std::uint64_t number;
    double latitude;
    double longitude;
    double radius_m;
  };
  struct Entry {
    std::optional<std::int64_t> cell;  // with coordinates and a small uncertainty
    bool wide = false;                 // with coordinates, uncertainty > kNarrowRadiusM
    std::string place;                 // PlaceKey of its description, may be empty
    bool has_fix() const { return cell.has_value() || wide; }
  };
  // Degrees; a query's reach around it, for points whose radius is at most kNarrowRadiusM.
  struct Box {
    double lat_min, lat_max, lon_min, lon_max;
  };
  static std::int64_t CellKey(std::int64_t lat_cell, std::int64_t lon_cell);
  // The cell of a latitude or a longitude, in degrees (cells are cell_m_ of latitude).
  std::int64_t CellOf(double degrees) const;
  // Could a point be within reach of `location`? Never false for one that FindDuplicateCandidates
  // would measure as a match (same distance function and arguments, largest radius).
  bool InReach(const v1::Location& location, const Point& point) const;
  // Adds the points InReach; with a box, only those inside it are measured.
  void AddInReach(const v1::Location& location, const std::vector<Point>& points,
                  const Box* box, std::vector<std::uint64_t>& out) const;

  double radius_m_max_ = 0;  // the largest radius of any rule
  double cell_m_ = 0;        // the side of a cell, north-south
  // Flat (open addressing) tables: a query looks up every cell of its box, most of them
  // empty, and a node-based map's bucket chains made each look-up a cache miss.
  absl::flat_hash_map<std::uint64_t, Entry> entries_;
  absl::flat_hash_map<std::int64_t, std::vector<Point>> cells_;
  std::vector<Point> wide_;
  std::unordered_map<std::string, std::vector<std::uint64_t>> places_;
};

// "FIRE.STRUCTURE" -> "FIRE"; "" and "UNKNOWN" have no family.
std::string_view TypeFamily(std::string_view type_code);

}  // namespace siaga::core
