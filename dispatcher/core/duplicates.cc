#include "dispatcher/core/duplicates.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "common/geo.h"

namespace siaga::core {
namespace {

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

// When the incident last heard from a caller.
TimePoint LastCallTime(const v1::Incident& incident) {
  TimePoint last = FromProto(incident.created_time());
  for (const auto& call : incident.calls()) {
    last = std::max(last, FromProto(call.received_time()));
  }
  return last;
}

struct Scored {
  v1::DuplicateCandidate candidate;
  TimePoint last_call;
};

}  // namespace

std::string_view TypeFamily(std::string_view type_code) {
  const std::string_view family = type_code.substr(0, type_code.find('.'));
  return family == "UNKNOWN" ? std::string_view{} : family;
}

std::vector<v1::DuplicateCandidate> FindDuplicateCandidates(
    const DuplicatePolicy& policy, const std::vector<const v1::Incident*>& open_incidents,
    const DuplicateQuery& query, std::size_t max_candidates) {
  const bool has_fix = query.location != nullptr && HasCoordinates(*query.location);
  const std::string place =
      query.location != nullptr ? PlaceKey(query.location->description()) : std::string{};
  if (!has_fix && place.empty()) {
    return {};
  }
  const std::string_view family = TypeFamily(query.type_code);
  std::vector<Scored> found;
  for (const v1::Incident* incident : open_incidents) {
    const std::string_view incident_type = incident->classification().type_code();
    // The rule of the kind of emergency we know: the new call's, else the incident's.
    const DuplicateRule& rule = policy.RuleFor(family.empty() ? incident_type : query.type_code);
    const TimePoint last_call = LastCallTime(*incident);
    const auto age_s = SecondsBetween(last_call, query.now);
    if (age_s > static_cast<std::int64_t>(rule.window_s)) {
      continue;
    }
    const bool same_kind = !family.empty() && family == TypeFamily(incident_type);
    const std::string kind =
        same_kind        ? fmt::format("same kind ({})", family)
        : family.empty() ? fmt::format("kind of this call not known yet (incident: {})",
                                       incident_type)
                         : fmt::format("{} vs {}", query.type_code, incident_type);
    const v1::Location& where = incident->location();
    v1::DuplicateCandidate candidate;
    if (has_fix && HasCoordinates(where)) {
      const double distance =
          DistanceMetres(query.location->latitude(), query.location->longitude(),
                         where.latitude(), where.longitude());
      const double slack = query.location->radius_m() + where.radius_m();
      if (distance - slack > rule.radius_m) {
        continue;
      }
      const bool precise = query.location->radius_m() <= policy.strong_uncertainty_m_max &&
                           where.radius_m() <= policy.strong_uncertainty_m_max;
      candidate.set_distance_m(distance);
      candidate.set_strong(same_kind && precise && distance <= rule.radius_m);
      candidate.set_explanation(fmt::format(
          "{:.0f} m away (uncertainty ±{:.0f} m / ±{:.0f} m, radius {} m), {}, last call {} s ago",
          distance, query.location->radius_m(), where.radius_m(), rule.radius_m, kind, age_s));
    } else if (!place.empty() && PlaceKey(where.description()) == place) {
      candidate.set_distance_m(-1);
      candidate.set_explanation(
          fmt::format("same place \"{}\", {}, last call {} s ago", where.description(), kind,
                      age_s));
    } else {
      continue;
    }
    candidate.set_incident_id(incident->incident_id());
    *candidate.mutable_incident() = *incident;
    found.push_back({std::move(candidate), last_call});
  }
  std::sort(found.begin(), found.end(), [](const Scored& a, const Scored& b) {
    if (a.candidate.strong() != b.candidate.strong()) {
      return a.candidate.strong();
    }
    // Place-name matches (-1) after any measured distance.
    const double da = a.candidate.distance_m() < 0 ? 1e12 : a.candidate.distance_m();
    const double db = b.candidate.distance_m() < 0 ? 1e12 : b.candidate.distance_m();
    if (da != db) {
      return da < db;
    }
    if (a.last_call != b.last_call) {
      return a.last_call > b.last_call;
    }
    return a.candidate.incident_id() < b.candidate.incident_id();
  });
  std::vector<v1::DuplicateCandidate> out;
  for (std::size_t i = 0; i < found.size() && i < max_candidates; ++i) {
    out.push_back(std::move(found[i].candidate));
  }
  return out;
}

}  // namespace siaga::core
