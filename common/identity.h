// Who is calling: the gRPC metadata keys that carry a caller's identity and the role names
// used on the wire, in config and on the command line. Shared by the dispatcher (which checks
// them) and the console (which sends them). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "siaga/v1/incident.pb.h"

namespace siaga {

inline constexpr char kMetadataUser[] = "x-siaga-user";
inline constexpr char kMetadataRole[] = "x-siaga-role";
inline constexpr char kMetadataAgencies[] = "x-siaga-agencies";
inline constexpr char kMetadataConsole[] = "x-siaga-console";
// Sent by the dispatcher in the initial metadata of an accepted stream: the console knows it
// is connected before the first message of a quiet queue arrives, without asking the
// channel's connectivity state (which can lag behind the call under load).
inline constexpr char kMetadataStreamOpen[] = "x-siaga-stream-open";

// The pseudo-queue of incidents waiting for a person to classify them.
inline constexpr char kTriageQueue[] = "triage";

// A user or console id as it may travel in metadata and the users file: 1-64 printable ASCII
// characters, no spaces.
bool IsPrintableId(std::string_view id);

// "call-taker", "dispatcher", "supervisor", "admin", "telephony".
std::optional<v1::Role> ParseRole(std::string_view name);
std::string_view RoleName(v1::Role role);

}  // namespace siaga
