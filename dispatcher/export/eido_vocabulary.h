// Our words -> EIDO's words: the registry texts and codes an EIDO (NENA-STA-021) document
// carries beside our own values. The local value always goes out too (…InternalText/Code), so
// a receiver never depends on a mapping alone. Where NENA's registry texts were not available
// to check (docs/lifecycle.md "EIDO export" lists which), the choice is marked "best effort".
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "siaga/v1/incident.pb.h"

namespace siaga::eido {

// EIDO incidentCommonPriorityNumber: 0 (lowest) .. 10 (highest). P1 -> 10 ... P4 -> 1; 0 when
// the incident has no priority yet (triage).
int CommonPriorityNumber(v1::Priority priority);
// "FIRE.STRUCTURE" -> "Fire": the coarse common incident category (best effort).
std::string_view CommonIncidentType(std::string_view type_code);
// TRIAGE -> "Pending", OPEN -> "Active", CLOSED -> "Closed" (best effort).
std::string_view CommonIncidentStatus(v1::IncidentStatus status);
// Agent Role registry text for the role (best effort), e.g. "Call Taking".
std::string_view AgentRole(v1::Role role);
// IANA urn:emergency:service:responder sub-service for an agency id: police, fire, ems; else
// the id itself.
std::string AgencyType(std::string_view agency_id);
// Primary Unit Status registry text for a unit of an agency part in this state (best effort).
std::string_view UnitStatus(v1::AgencyState state);
// The same for a unit whose own status is known (UnitAssigned / UnitStatusChanged).
std::string_view UnitStatus(v1::UnitStatus status);
// PIDF-LO <method> token (IANA Method Tokens): GPS, 802.11, Cell, Manual; empty if unknown.
std::string_view LocationMethodToken(v1::LocationMethod method);

// Lowercase words for our own enums, as the …InternalText fields carry them.
std::string_view StateWord(v1::AgencyState state);
std::string_view StatusWord(v1::IncidentStatus status);
std::string_view DispositionWord(v1::Disposition disposition);
std::string_view ChannelWord(v1::Channel channel);
std::string_view CallbackOutcomeWord(v1::CallbackOutcome outcome);

}  // namespace siaga::eido
