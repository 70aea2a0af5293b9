// The units' live status (docs/lifecycle.md "Units"): the roster from the config, plus units
// first seen in an AssignUnit for agencies without a roster (mutual aid, volunteers). It is a
// projection of the log like the incidents: DispatchCore's Apply changes it, nothing else, so
// a replayed core has the same board.
//
// Invariant kept by the core's commands: a unit is committed to at most one incident, and a
// committed unit is listed in `units` of exactly that incident's open part of its agency.
// Thread-safety: none; owned by DispatchCore.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.h"
#include "siaga/v1/dispatch.pb.h"
#include "siaga/v1/event.pb.h"

namespace siaga::core {

class UnitBoard {
 public:
  explicit UnitBoard(const std::vector<UnitConfig>& roster);

  const v1::Unit* Find(std::string_view unit_id) const;
  // True when the config lists units for the agency: then only those may be assigned.
  bool HasRoster(std::string_view agency) const { return roster_agencies_.contains(agency); }
  // The agency's units: the roster's order, then unlisted units by id.
  std::vector<const v1::Unit*> OfAgency(std::string_view agency) const;
  std::size_t size() const { return units_.size(); }

  // ---- Apply (from DispatchCore::Apply only)
  // UnitAssigned: the unit is DISPATCHED to incident_id (created if it is unlisted).
  void Commit(const std::string& unit_id, const std::string& agency,
              const std::string& incident_id, const v1::Event& event);
  // UnitStatusChanged: the new status (and position); AVAILABLE uncommits.
  void SetStatus(const v1::Event& event);
  // The unit's part closed (or its incident did): AVAILABLE again if still committed there.
  void Release(const std::string& unit_id, const std::string& incident_id,
               const v1::Event& event);
  // Its part moved with a merge.
  void MoveTo(const std::string& unit_id, const std::string& incident_id);

 private:
  v1::Unit* Mutable(std::string_view unit_id);

  std::map<std::string, v1::Unit, std::less<>> units_;  // by id
  std::vector<std::string> roster_order_;
  std::set<std::string, std::less<>> roster_agencies_;
};

// The nearest AVAILABLE units of `agency` whose `serves` suits the incident's type, nearest
// first (straight-line distance from the unit's last known position to the incident's);
// units or incidents without coordinates come last, by unit id. At most max_units.
std::vector<v1::UnitRecommendation> RecommendUnits(const UnitBoard& board,
                                                   const v1::Incident& incident,
                                                   std::string_view agency,
                                                   std::size_t max_units);

}  // namespace siaga::core
