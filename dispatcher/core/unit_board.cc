#include "dispatcher/core/unit_board.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/assert.h"
#include "common/geo.h"

namespace siaga::core {

UnitBoard::UnitBoard(const std::vector<UnitConfig>& roster) {
  for (const UnitConfig& config : roster) {
    v1::Unit unit;
    unit.set_unit_id(config.id);
    unit.set_agency(config.agency);
    unit.set_type(config.type);
    unit.set_home_station(config.station);
    if (config.has_position) {
      v1::Location& at = *unit.mutable_position();
      at.set_latitude(config.latitude);
      at.set_longitude(config.longitude);
      at.set_description(config.station);
    }
    unit.set_status(v1::UNIT_STATUS_AVAILABLE);
    for (const auto& prefix : config.serves) {
      unit.add_serves(prefix);
    }
    unit.set_listed(true);
    units_.emplace(config.id, std::move(unit));
    roster_order_.push_back(config.id);
    roster_agencies_.insert(config.agency);
  }
}

const v1::Unit* UnitBoard::Find(std::string_view unit_id) const {
  const auto it = units_.find(unit_id);
  return it == units_.end() ? nullptr : &it->second;
}

v1::Unit* UnitBoard::Mutable(std::string_view unit_id) {
  const auto it = units_.find(unit_id);
  return it == units_.end() ? nullptr : &it->second;
}

std::vector<const v1::Unit*> UnitBoard::OfAgency(std::string_view agency) const {
  std::vector<const v1::Unit*> out;
  for (const auto& id : roster_order_) {
    const v1::Unit& unit = units_.find(id)->second;
    if (unit.agency() == agency) {
      out.push_back(&unit);
    }
  }
  for (const auto& [id, unit] : units_) {
    if (!unit.listed() && unit.agency() == agency) {
      out.push_back(&unit);
    }
  }
  return out;
}

void UnitBoard::Commit(const std::string& unit_id, const std::string& agency,
                       const std::string& incident_id, const v1::Event& event) {
  v1::Unit* unit = Mutable(unit_id);
  if (unit == nullptr) {
    unit = &units_[unit_id];
    unit->set_unit_id(unit_id);
    unit->set_agency(agency);
    unit->set_listed(false);
  }
  unit->set_status(v1::UNIT_STATUS_DISPATCHED);
  unit->set_incident_id(incident_id);
  *unit->mutable_status_time() = event.time();
  unit->set_updated_by(event.actor().user_id());
}

void UnitBoard::SetStatus(const v1::Event& event) {
  const v1::UnitStatusChanged& changed = event.unit_status_changed();
  v1::Unit* unit = Mutable(changed.unit_id());
  SIAGA_ASSERT(unit != nullptr);
  unit->set_status(changed.status());
  if (changed.status() == v1::UNIT_STATUS_AVAILABLE ||
      changed.status() == v1::UNIT_STATUS_OUT_OF_SERVICE) {
    unit->clear_incident_id();
  }
  if (changed.has_position()) {
    *unit->mutable_position() = changed.position();
  }
  *unit->mutable_status_time() = event.time();
  unit->set_updated_by(event.actor().user_id());
}

void UnitBoard::Release(const std::string& unit_id, const std::string& incident_id,
                        const v1::Event& event) {
  v1::Unit* unit = Mutable(unit_id);
  if (unit == nullptr || unit->incident_id() != incident_id) {
    return;  // released earlier (and perhaps sent elsewhere since)
  }
  unit->set_status(v1::UNIT_STATUS_AVAILABLE);
  unit->clear_incident_id();
  *unit->mutable_status_time() = event.time();
  unit->set_updated_by(event.actor().user_id());
}

void UnitBoard::MoveTo(const std::string& unit_id, const std::string& incident_id) {
  if (v1::Unit* unit = Mutable(unit_id)) {
    unit->set_incident_id(incident_id);
  }
}

std::vector<v1::UnitRecommendation> RecommendUnits(const UnitBoard& board,
                                                   const v1::Incident& incident,
                                                   std::string_view agency,
                                                   std::size_t max_units) {
  const std::string& type_code = incident.classification().type_code();
  const bool incident_fix = HasCoordinates(incident.location());
  std::vector<v1::UnitRecommendation> out;
  for (const v1::Unit* unit : board.OfAgency(agency)) {
    if (unit->status() != v1::UNIT_STATUS_AVAILABLE) {
      continue;
    }
    const bool suits = unit->serves().empty() ||
                       std::any_of(unit->serves().begin(), unit->serves().end(),
                                   [&type_code](const std::string& prefix) {
                                     return type_code.starts_with(prefix);
                                   });
    if (!suits) {
      continue;
    }
    v1::UnitRecommendation r;
    *r.mutable_unit() = *unit;
    const std::string what = unit->type().empty() ? "unit" : unit->type();
    if (incident_fix && HasCoordinates(unit->position())) {
      const v1::Location& at = unit->position();
      const double d = DistanceMetres(at.latitude(), at.longitude(),
                                      incident.location().latitude(),
                                      incident.location().longitude());
      r.set_distance_m(d);
      r.set_explanation(fmt::format("{} {:.1f} km away in a straight line, from {}", what,
                                    d / 1000.0,
                                    at.description().empty() ? "its last report"
                                                             : at.description()));
    } else {
      r.set_distance_m(-1);
      r.set_explanation(fmt::format("{} available; distance unknown ({} has no position)", what,
                                    incident_fix ? "the unit" : "the incident"));
    }
    out.push_back(std::move(r));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    const bool ka = a.distance_m() >= 0;
    const bool kb = b.distance_m() >= 0;
    if (ka != kb) {
      return ka;
    }
    if (ka && a.distance_m() != b.distance_m()) {
      return a.distance_m() < b.distance_m();
    }
    return a.unit().unit_id() < b.unit().unit_id();
  });
  if (out.size() > max_units) {
    out.resize(max_units);
  }
  return out;
}

}  // namespace siaga::core
