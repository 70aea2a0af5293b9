#include "dispatcher/core/internal.h"

namespace siaga::core {

std::string_view DispositionWord(v1::Disposition d) {
  switch (d) {
    case v1::DISPOSITION_PRANK:
      return "prank";
    case v1::DISPOSITION_GHOST:
      return "ghost (silent)";
    case v1::DISPOSITION_NON_EMERGENCY:
      return "non-emergency";
    case v1::DISPOSITION_EMERGENCY:
      return "emergency";
    default:
      return "unspecified";
  }
}

std::string_view PriorityWord(v1::Priority p) {
  switch (p) {
    case v1::PRIORITY_P1:
      return "P1";
    case v1::PRIORITY_P2:
      return "P2";
    case v1::PRIORITY_P3:
      return "P3";
    case v1::PRIORITY_P4:
      return "P4";
    default:
      return "P?";
  }
}

std::vector<std::string> TouchedIncidents(const v1::Event& event) {
  std::vector<std::string> ids{event.incident_id()};
  if (event.has_incident_merged()) {
    ids.push_back(event.incident_merged().into_incident_id());
  } else if (event.has_call_detached()) {
    ids.push_back(event.call_detached().new_incident_id());
  }
  return ids;
}

v1::Actor SystemActor() {
  v1::Actor actor;
  actor.set_user_id("siaga112");
  actor.set_role(v1::ROLE_SYSTEM);
  return actor;
}

}  // namespace siaga::core
