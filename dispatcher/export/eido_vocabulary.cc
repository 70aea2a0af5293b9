#include "dispatcher/export/eido_vocabulary.h"

namespace siaga::eido {

int CommonPriorityNumber(v1::Priority priority) {
  switch (priority) {
    case v1::PRIORITY_P1:
      return 10;
    case v1::PRIORITY_P2:
      return 7;
    case v1::PRIORITY_P3:
      return 4;
    case v1::PRIORITY_P4:
      return 1;
    default:
      return 0;
  }
}

std::string_view CommonIncidentType(std::string_view type_code) {
  const std::string_view family = type_code.substr(0, type_code.find('.'));
  struct Entry {
    std::string_view family;
    std::string_view common;
  };
  static constexpr Entry kFamilies[] = {
      {"FIRE", "Fire"},
      {"MED", "Medical"},
      {"CRIME", "Law Enforcement"},
      {"TRAFFIC", "Traffic"},
      {"RESCUE", "Rescue"},
      {"HAZMAT", "Hazardous Materials"},
      {"HAZARD", "Hazard"},
      {"DISASTER", "Natural Disaster"},
      {"PERSON", "Missing Person"},
      {"SUICIDE", "Medical"},
      {"NONEMERGENCY", "Non-Emergency"},
  };
  for (const Entry& e : kFamilies) {
    if (e.family == family) {
      return e.common;
    }
  }
  return "Other";
}

std::string_view CommonIncidentStatus(v1::IncidentStatus status) {
  switch (status) {
    case v1::INCIDENT_STATUS_TRIAGE:
      return "Pending";
    case v1::INCIDENT_STATUS_CLOSED:
      return "Closed";
    default:
      return "Active";
  }
}

std::string_view AgentRole(v1::Role role) {
  switch (role) {
    case v1::ROLE_CALL_TAKER:
      return "Call Taking";
    case v1::ROLE_DISPATCHER:
      return "Dispatching";
    case v1::ROLE_SUPERVISOR:
      return "Supervisor";
    case v1::ROLE_ADMIN:
      return "Administrator";
    default:
      return "Automaton";  // telephony gateway, the dispatcher itself
  }
}

std::string AgencyType(std::string_view agency_id) {
  if (agency_id.find("police") != std::string_view::npos) {
    return "police";
  }
  if (agency_id.find("fire") != std::string_view::npos) {
    return "fire";
  }
  for (std::string_view ems : {"health", "ems", "ambulance", "medical"}) {
    if (agency_id.find(ems) != std::string_view::npos) {
      return "ems";
    }
  }
  return std::string(agency_id);
}

std::string_view UnitStatus(v1::AgencyState state) {
  switch (state) {
    case v1::AGENCY_STATE_EN_ROUTE:
      return "Enroute";
    case v1::AGENCY_STATE_ON_SCENE:
      return "OnScene";
    case v1::AGENCY_STATE_CLOSED:
      return "Cleared";
    default:
      return "Dispatched";
  }
}

std::string_view UnitStatus(v1::UnitStatus status) {
  switch (status) {
    case v1::UNIT_STATUS_EN_ROUTE:
      return "Enroute";
    case v1::UNIT_STATUS_ON_SCENE:
      return "OnScene";
    case v1::UNIT_STATUS_TRANSPORTING:
      return "Transporting";
    case v1::UNIT_STATUS_AT_HOSPITAL:
      return "AtHospital";
    case v1::UNIT_STATUS_AVAILABLE:
    case v1::UNIT_STATUS_OUT_OF_SERVICE:
      return "Cleared";  // no longer on this incident
    default:
      return "Dispatched";
  }
}

std::string_view LocationMethodToken(v1::LocationMethod method) {
  switch (method) {
    case v1::LOCATION_METHOD_AML_GNSS:
      return "GPS";
    case v1::LOCATION_METHOD_AML_WIFI:
      return "802.11";
    case v1::LOCATION_METHOD_CELL:
      return "Cell";
    case v1::LOCATION_METHOD_MANUAL:
      return "Manual";
    default:
      return "";
  }
}

std::string_view StateWord(v1::AgencyState state) {
  switch (state) {
    case v1::AGENCY_STATE_QUEUED:
      return "queued";
    case v1::AGENCY_STATE_ACKNOWLEDGED:
      return "acknowledged";
    case v1::AGENCY_STATE_DISPATCHED:
      return "dispatched";
    case v1::AGENCY_STATE_EN_ROUTE:
      return "en-route";
    case v1::AGENCY_STATE_ON_SCENE:
      return "on-scene";
    case v1::AGENCY_STATE_CLOSED:
      return "closed";
    default:
      return "unspecified";
  }
}

std::string_view StatusWord(v1::IncidentStatus status) {
  switch (status) {
    case v1::INCIDENT_STATUS_TRIAGE:
      return "triage";
    case v1::INCIDENT_STATUS_OPEN:
      return "open";
    case v1::INCIDENT_STATUS_CLOSED:
      return "closed";
    default:
      return "unspecified";
  }
}

std::string_view DispositionWord(v1::Disposition disposition) {
  switch (disposition) {
    case v1::DISPOSITION_EMERGENCY:
      return "emergency";
    case v1::DISPOSITION_PRANK:
      return "prank";
    case v1::DISPOSITION_GHOST:
      return "ghost";
    case v1::DISPOSITION_NON_EMERGENCY:
      return "non-emergency";
    default:
      return "unspecified";
  }
}

std::string_view ChannelWord(v1::Channel channel) {
  switch (channel) {
    case v1::CHANNEL_VOICE:
      return "voice";
    case v1::CHANNEL_SMS:
      return "sms";
    case v1::CHANNEL_APP:
      return "app";
    default:
      return "unspecified";
  }
}

std::string_view CallbackOutcomeWord(v1::CallbackOutcome outcome) {
  switch (outcome) {
    case v1::CALLBACK_OUTCOME_REACHED:
      return "reached";
    case v1::CALLBACK_OUTCOME_NO_ANSWER:
      return "no answer";
    case v1::CALLBACK_OUTCOME_BUSY:
      return "busy";
    case v1::CALLBACK_OUTCOME_UNREACHABLE:
      return "unreachable";
    default:
      return "unspecified";
  }
}

}  // namespace siaga::eido
