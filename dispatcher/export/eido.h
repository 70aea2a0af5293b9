// Exports one incident as a NENA EIDO (Emergency Incident Data Object, NENA-STA-021) JSON
// document, for another PSAP, a CAD or an archive. What maps to which EIDO field, and what
// EIDO has no field for, is in docs/lifecycle.md ("EIDO export").
//
// Ids: the document is urn:emergency:uid:incidentid:<incident_id>:<domain>, each call
// urn:emergency:uid:callid:<call_id>:<domain>; the PSAP is the agency <domain>, a responding
// agency <agency>.<domain>, a person <user_id>@<domain>; other components get
// <kind>.<local id>@<domain>. All ids are stable: exporting twice gives the same document.
//
// Pure: no clock, no I/O. Thread-safety: none needed (no shared state).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "common/config.h"
#include "siaga/v1/event.pb.h"
#include "siaga/v1/incident.pb.h"

namespace siaga::eido {

std::string IncidentUrn(std::string_view incident_id, std::string_view domain);
std::string CallUrn(std::string_view call_id, std::string_view domain);

// The EIDO JSON (pretty-printed, UTF-8) of `incident` as the dispatcher holds it. `history` is
// the incident's events in sequence order (GetIncident's audit trail); it supplies who did
// what and when (agents, call-takers, split and merge times). An empty history still gives a
// valid document, with fewer agents. config.domain is the id domain; config.agencies names
// the agencies.
std::string IncidentToEido(const v1::Incident& incident, std::span<const v1::Event> history,
                           const DispatcherConfig& config);

}  // namespace siaga::eido
