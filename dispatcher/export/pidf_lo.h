// A location as PIDF-LO (RFC 4119, RFC 5491 shapes): the XML that EIDO's locationByValue
// carries. Our positions are circles: centre, uncertainty radius in metres, confidence
// (RFC 7459), method and fix time. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "siaga/v1/incident.pb.h"

namespace siaga::eido {

// True when the location has a position (method known or coordinates set), not only a
// description.
bool HasPosition(const v1::Location& location);
// The <presence> document for `entity` (e.g. the call or incident urn). Requires HasPosition.
std::string PidfLo(const v1::Location& location, std::string_view entity);
// Escapes &, <, >, " and ' for XML text and attributes (and so for HTML5 text too).
std::string XmlEscape(std::string_view text);

}  // namespace siaga::eido
