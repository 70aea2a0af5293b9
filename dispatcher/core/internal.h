// Small helpers shared by the core's own files (dispatch_core.cc, lifecycle.cc,
// escalation.cc); not part of the core's interface.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "siaga/v1/event.pb.h"

namespace siaga::core {

inline bool IsNuisance(v1::Disposition d) {
  return d == v1::DISPOSITION_PRANK || d == v1::DISPOSITION_GHOST ||
         d == v1::DISPOSITION_NON_EMERGENCY;
}

inline bool IsPrankOrGhost(v1::Disposition d) {
  return d == v1::DISPOSITION_PRANK || d == v1::DISPOSITION_GHOST;
}

std::string_view DispositionWord(v1::Disposition d);
std::string_view PriorityWord(v1::Priority p);

// The incidents an event changes: its own, plus the target of a merge or the incident a
// detached call starts. Their queues, before and after, are the event's queues.
std::vector<std::string> TouchedIncidents(const v1::Event& event);

// The dispatcher itself, as the actor of the events it emits on its own (escalations).
v1::Actor SystemActor();

}  // namespace siaga::core
