// What the console prints for an incident's later life: duplicate candidates, units and
// recommendations, merge / split results. Same rules as format.h: short human lines, the
// most important first; --json output goes through ToJsonLine (format.h).
// Thread-safety: pure functions. Times print in the process's local time zone (TZ).
#pragma once

#include <cstdint>
#include <string>

#include <google/protobuf/repeated_field.h>

#include "common/clock.h"
#include "siaga/v1/dispatch.pb.h"

namespace siaga::console {

// "42 m", "1.3 km"; "-" for a negative distance (unknown, or matched by place name only).
std::string FormatDistance(double distance_m);
// "I-000001 STRONG 42 m P1 FIRE.STRUCTURE — 42 m away (...)" with no trailing newline.
std::string FormatCandidateLine(const v1::DuplicateCandidate& candidate);
// A header line and one line per candidate, or a line saying there is none.
std::string FormatDuplicates(const v1::FindDuplicatesResponse& response);

// Column header and one row per unit: id, type, status and since when, incident, station.
std::string FormatUnitsTable(const google::protobuf::RepeatedPtrField<v1::Unit>& units,
                             TimePoint now);
// Nearest first, numbered; the distance and the dispatcher's explanation.
std::string FormatRecommendations(const v1::RecommendUnitsResponse& response,
                                  const std::string& incident_id);
// "unit DAMKAR-01 (fire) en-route, on I-000001 (#12)".
std::string FormatUnitStatusResult(const v1::UpdateUnitStatusResponse& response);
// "call C-000002 split from I-000001 into I-000003 (#9): P2 FIRE.STRUCTURE -> fire".
std::string FormatSplitResult(const v1::SplitIncidentResponse& response, TimePoint now);

}  // namespace siaga::console
