// DispatchCore: units — which may be sent, their status reports, and recommendations
// (docs/lifecycle.md "Units"). The live status itself is the UnitBoard projection.
#include <algorithm>

#include <fmt/format.h>

#include "common/assert.h"
#include "common/geo.h"
#include "common/limits.h"
#include "dispatcher/core/dispatch_core.h"
#include "dispatcher/core/validate.h"

namespace siaga::core {
namespace {

std::string_view UnitStatusWord(v1::UnitStatus status) {
  switch (status) {
    case v1::UNIT_STATUS_AVAILABLE: return "available";
    case v1::UNIT_STATUS_DISPATCHED: return "dispatched";
    case v1::UNIT_STATUS_EN_ROUTE: return "en route";
    case v1::UNIT_STATUS_ON_SCENE: return "on scene";
    case v1::UNIT_STATUS_TRANSPORTING: return "transporting";
    case v1::UNIT_STATUS_AT_HOSPITAL: return "at hospital";
    case v1::UNIT_STATUS_OUT_OF_SERVICE: return "out of service";
    default: return "unknown";
  }
}

bool NeedsIncident(v1::UnitStatus status) {
  return status == v1::UNIT_STATUS_EN_ROUTE || status == v1::UNIT_STATUS_ON_SCENE ||
         status == v1::UNIT_STATUS_TRANSPORTING || status == v1::UNIT_STATUS_AT_HOSPITAL;
}

void AddOnce(google::protobuf::RepeatedPtrField<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) {
    *list.Add() = item;
  }
}

void Remove(google::protobuf::RepeatedPtrField<std::string>& list, const std::string& item) {
  list.erase(std::remove(list.begin(), list.end(), item), list.end());
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Commands

absl::Status DispatchCore::CheckUnitCanGo(std::string_view agency,
                                          std::string_view unit_id) const {
  const v1::Unit* unit = units_.Find(unit_id);
  if (unit == nullptr) {
    if (units_.HasRoster(agency)) {
      return absl::InvalidArgumentError(fmt::format(
          "{}'s roster has no unit {}: ListUnits shows the units you can send", agency,
          unit_id));
    }
    if (units_.size() >= limits::kUnitsMax) {
      return absl::ResourceExhaustedError(
          fmt::format("{} units are known, the most allowed", limits::kUnitsMax));
    }
    return absl::OkStatus();  // an agency without a roster: the unit is recorded as it comes
  }
  if (unit->agency() != agency) {
    return absl::InvalidArgumentError(
        fmt::format("unit {} belongs to {}, not {}", unit_id, unit->agency(), agency));
  }
  if (unit->status() == v1::UNIT_STATUS_OUT_OF_SERVICE) {
    return absl::FailedPreconditionError(fmt::format(
        "unit {} is out of service (set by {}): report it available first", unit_id,
        unit->updated_by()));
  }
  if (!unit->incident_id().empty()) {
    return absl::FailedPreconditionError(fmt::format(
        "unit {} is committed to incident {} ({}): release it there first", unit_id,
        unit->incident_id(), UnitStatusWord(unit->status())));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::UpdateUnitStatusResponse> DispatchCore::UpdateUnitStatus(
    const v1::Actor& actor, const v1::UpdateUnitStatusRequest& request) {
  if (auto st = ValidateAgency(config_, request.agency()); !st.ok()) {
    return st;
  }
  if (auto st = ValidateIdentifier("unit_id", request.unit_id()); !st.ok()) {
    return st;
  }
  const v1::UnitStatus status = request.status();
  if (!v1::UnitStatus_IsValid(status) || status == v1::UNIT_STATUS_UNSPECIFIED ||
      status == v1::UNIT_STATUS_DISPATCHED) {
    return absl::InvalidArgumentError(
        "status must be EN_ROUTE, ON_SCENE, TRANSPORTING, AT_HOSPITAL, AVAILABLE or "
        "OUT_OF_SERVICE (AssignUnit dispatches a unit)");
  }
  if (request.has_position()) {
    if (auto st = ValidateLocation(request.position()); !st.ok()) {
      return st;
    }
    if (!HasCoordinates(request.position())) {
      return absl::InvalidArgumentError("position needs a latitude and a longitude");
    }
  }
  if (auto st = ValidateReason("note", request.note(), false); !st.ok()) {
    return st;
  }
  const v1::Unit* unit = units_.Find(request.unit_id());
  if (unit == nullptr) {
    return absl::NotFoundError(fmt::format(
        "unknown unit {}: it is not in the roster and was never assigned", request.unit_id()));
  }
  if (unit->agency() != request.agency()) {
    return absl::InvalidArgumentError(fmt::format("unit {} belongs to {}, not {}",
                                                  request.unit_id(), unit->agency(),
                                                  request.agency()));
  }
  const bool committed = !unit->incident_id().empty();
  if (NeedsIncident(status) && !committed) {
    return absl::FailedPreconditionError(fmt::format(
        "unit {} is not committed to an incident: assign it first", request.unit_id()));
  }
  if (status == v1::UNIT_STATUS_OUT_OF_SERVICE && committed) {
    return absl::FailedPreconditionError(
        fmt::format("unit {} is committed to incident {}: release it (AVAILABLE) first",
                    request.unit_id(), unit->incident_id()));
  }
  if (status == unit->status() && !request.has_position() && request.note().empty()) {
    return absl::FailedPreconditionError(
        fmt::format("unit {} is already {}", request.unit_id(), UnitStatusWord(status)));
  }
  v1::Event event;
  event.set_incident_id(unit->incident_id());
  event.set_reason(fmt::format("unit {} {}{} by {}", request.unit_id(), UnitStatusWord(status),
                               status == v1::UNIT_STATUS_AVAILABLE && committed
                                   ? fmt::format(" (released from {})", unit->incident_id())
                                   : "",
                               actor.user_id()));
  auto& body = *event.mutable_unit_status_changed();
  body.set_unit_id(request.unit_id());
  body.set_agency(request.agency());
  body.set_status(status);
  if (request.has_position()) {
    *body.mutable_position() = request.position();
  }
  body.set_note(request.note());
  Emit(actor, std::move(event));

  v1::UpdateUnitStatusResponse response;
  *response.mutable_unit() = *units_.Find(request.unit_id());
  response.set_sequence(last_sequence_);
  return response;
}

// ---------------------------------------------------------------------------------------------
// Reads

absl::StatusOr<v1::ListUnitsResponse> DispatchCore::ListUnits(
    const v1::ListUnitsRequest& request) const {
  if (auto st = ValidateAgency(config_, request.agency()); !st.ok()) {
    return st;
  }
  v1::ListUnitsResponse response;
  for (const v1::Unit* unit : units_.OfAgency(request.agency())) {
    *response.add_units() = *unit;
  }
  return response;
}

absl::StatusOr<v1::RecommendUnitsResponse> DispatchCore::RecommendUnits(
    const v1::RecommendUnitsRequest& request) const {
  if (auto st = ValidateAgency(config_, request.agency()); !st.ok()) {
    return st;
  }
  if (request.max_units() > limits::kRecommendationsMax) {
    return absl::InvalidArgumentError(fmt::format("max_units is {}, at most {}",
                                                  request.max_units(),
                                                  limits::kRecommendationsMax));
  }
  const auto it = incidents_.find(request.incident_id());
  if (it == incidents_.end()) {
    return absl::NotFoundError(fmt::format("no incident {}", request.incident_id()));
  }
  if (it->second.status() == v1::INCIDENT_STATUS_CLOSED) {
    return absl::FailedPreconditionError(
        fmt::format("incident {} is closed", request.incident_id()));
  }
  v1::RecommendUnitsResponse response;
  for (auto& r : core::RecommendUnits(units_, it->second, request.agency(),
                                      request.max_units() == 0 ? 5 : request.max_units())) {
    *response.add_recommendations() = std::move(r);
  }
  return response;
}

// ---------------------------------------------------------------------------------------------
// Apply

void DispatchCore::ApplyUnitStatusChanged(const v1::Event& event) {
  const v1::UnitStatusChanged& changed = event.unit_status_changed();
  const v1::Unit* unit = units_.Find(changed.unit_id());
  SIAGA_ASSERT(unit != nullptr);
  if (changed.status() == v1::UNIT_STATUS_AVAILABLE && !unit->incident_id().empty()) {
    for (auto& part : *incidents_.at(unit->incident_id()).mutable_dispatches()) {
      if (part.agency() == unit->agency()) {
        Remove(*part.mutable_units(), changed.unit_id());
        AddOnce(*part.mutable_released_units(), changed.unit_id());
      }
    }
  }
  units_.SetStatus(event);
}

void DispatchCore::ReleaseUnitsOf(const std::string& incident_id, const v1::AgencyDispatch& part,
                                  const v1::Event& event) {
  for (const auto& unit : part.units()) {
    units_.Release(unit, incident_id, event);
  }
}

}  // namespace siaga::core
