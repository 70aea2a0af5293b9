#include "agent-console/cli/format_lifecycle.h"

#include <fmt/format.h>

#include "agent-console/cli/format.h"

namespace siaga::console {
namespace {

std::string TypeOrUnknown(const v1::Incident& incident) {
  return incident.classification().type_code().empty() ? "?"
                                                       : incident.classification().type_code();
}

std::string Age(const google::protobuf::Timestamp& since, TimePoint now) {
  if (since.seconds() == 0 && since.nanos() == 0) {
    return "-";
  }
  return FormatAge(SecondsBetween(FromProto(since), now));
}

}  // namespace

std::string FormatDistance(double distance_m) {
  if (distance_m < 0) {
    return "-";
  }
  if (distance_m < 1000) {
    return fmt::format("{:.0f} m", distance_m);
  }
  return fmt::format("{:.1f} km", distance_m / 1000);
}

std::string FormatCandidateLine(const v1::DuplicateCandidate& candidate) {
  const v1::Incident& incident = candidate.incident();
  return fmt::format("{} {} {} {} {} — {}", candidate.incident_id(),
                     candidate.strong() ? "STRONG" : "weak", FormatDistance(candidate.distance_m()),
                     PriorityName(incident.classification().priority()), TypeOrUnknown(incident),
                     candidate.explanation());
}

std::string FormatDuplicates(const v1::FindDuplicatesResponse& response) {
  if (response.candidates().empty()) {
    return "no open incident nearby: the call opens a new incident";
  }
  std::string text = fmt::format(
      "{} open incident(s) nearby, strongest first (STRONG: the report attaches to it by "
      "itself):\n",
      response.candidates_size());
  for (const auto& candidate : response.candidates()) {
    text += "  " + FormatCandidateLine(candidate) + "\n";
  }
  return text;
}

std::string FormatUnitsTable(const google::protobuf::RepeatedPtrField<v1::Unit>& units,
                             TimePoint now) {
  std::string text = fmt::format("{:<14} {:<10} {:<15} {:>7}  {:<10} {}\n", "UNIT", "TYPE",
                                 "STATUS", "SINCE", "INCIDENT", "STATION");
  for (const auto& unit : units) {
    text += fmt::format("{:<14} {:<10} {:<15} {:>7}  {:<10} {}{}\n", unit.unit_id(),
                        unit.type().empty() ? "-" : unit.type(), UnitStatusName(unit.status()),
                        Age(unit.status_time(), now),
                        unit.incident_id().empty() ? "-" : unit.incident_id(),
                        unit.home_station().empty() ? "-" : unit.home_station(),
                        unit.listed() ? "" : " (not in the roster)");
  }
  if (units.empty()) {
    text += "(no units)\n";
  }
  return text;
}

std::string FormatRecommendations(const v1::RecommendUnitsResponse& response,
                                  const std::string& incident_id) {
  if (response.recommendations().empty()) {
    return fmt::format("no available unit suits {}", incident_id);
  }
  std::string text = fmt::format("units for {}, nearest first (straight line):\n", incident_id);
  int rank = 0;
  for (const auto& recommendation : response.recommendations()) {
    const v1::Unit& unit = recommendation.unit();
    text += fmt::format("  {}. {:<14} {:<10} {:>8}  {} — {}\n", ++rank, unit.unit_id(),
                        unit.type().empty() ? "-" : unit.type(),
                        FormatDistance(recommendation.distance_m()),
                        unit.home_station().empty() ? "-" : unit.home_station(),
                        recommendation.explanation());
  }
  return text;
}

std::string FormatUnitStatusResult(const v1::UpdateUnitStatusResponse& response) {
  const v1::Unit& unit = response.unit();
  std::string text = fmt::format("unit {} ({}) {}", unit.unit_id(), unit.agency(),
                                 UnitStatusName(unit.status()));
  text += unit.incident_id().empty() ? ", free" : ", on " + unit.incident_id();
  return text + fmt::format(" (#{})", response.sequence());
}

std::string FormatSplitResult(const v1::SplitIncidentResponse& response, TimePoint now) {
  const v1::Incident& left = response.incident();
  const v1::Incident& fresh = response.new_incident();
  const std::string call_id =
      fresh.calls_size() > 0 ? fresh.calls(0).call_id() : std::string("the call");
  return fmt::format(
      "call {} split from {} into {} (#{}): {} {}  {}\n  {} keeps {} call(s): {} {}  {}",
      call_id, left.incident_id(), fresh.incident_id(), response.sequence(),
      PriorityName(fresh.classification().priority()), TypeOrUnknown(fresh),
      FormatDispatches(fresh, now), left.incident_id(), left.calls_size(),
      PriorityName(left.classification().priority()), TypeOrUnknown(left),
      FormatDispatches(left, now));
}

}  // namespace siaga::console
