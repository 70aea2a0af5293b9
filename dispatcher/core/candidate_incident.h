// The incident as a duplicate candidate shows it: a summary. A call-taker picks a candidate by
// kind, priority, place, status and age (both consoles show only those), so it has its id,
// status, location, times, sequence, disposition, merge/split links and, of its
// classification, type, priority, agencies and the triage flag. Its calls (up to 1,000),
// agency parts, notes and the classifier's evidence are GetIncident's: copying them into each
// of up to 5 candidates of every call was, under load, the largest single cost of ReportCall
// (docs/performance.md). Thread-safety: a pure function.
#pragma once

#include "siaga/v1/incident.pb.h"

namespace siaga::core {

// `out` is expected empty; unset message fields stay unset.
void CopyCandidateIncident(const v1::Incident& incident, v1::Incident& out);

}  // namespace siaga::core
