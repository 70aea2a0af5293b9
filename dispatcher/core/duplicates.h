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
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/config.h"
#include "siaga/v1/incident.pb.h"

namespace siaga::core {

struct DuplicateQuery {
  const v1::Location* location = nullptr;  // the new call's, if any
  std::string_view type_code;              // the new call's classification
  TimePoint now;
};

// Strongest first (strong, then nearest, then most recent); at most max_candidates.
std::vector<v1::DuplicateCandidate> FindDuplicateCandidates(
    const DuplicatePolicy& policy, const std::vector<const v1::Incident*>& open_incidents,
    const DuplicateQuery& query, std::size_t max_candidates);

// "FIRE.STRUCTURE" -> "FIRE"; "" and "UNKNOWN" have no family.
std::string_view TypeFamily(std::string_view type_code);

}  // namespace siaga::core
