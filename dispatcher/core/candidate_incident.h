// The incident as a duplicate candidate shows it: every field but its calls. A call-taker picks
// a candidate by kind, priority, place and status (both consoles show only those); an
// incident's calls, up to 1,000, are GetIncident's. Copying them into each of up to 5
// candidates of every call was, under load, the largest single cost of ReportCall
// (docs/performance.md). Thread-safety: a pure function.
#pragma once

#include "siaga/v1/incident.pb.h"

namespace siaga::core {

// `out` is expected empty; unset message fields stay unset.
void CopyCandidateIncident(const v1::Incident& incident, v1::Incident& out);

}  // namespace siaga::core
