#include "dispatcher/export/pidf_lo.h"

#include <fmt/format.h>

#include "common/assert.h"
#include "common/time_text.h"
#include "dispatcher/export/eido_vocabulary.h"

namespace siaga::eido {

bool HasPosition(const v1::Location& location) {
  return location.method() != v1::LOCATION_METHOD_UNSPECIFIED || location.latitude() != 0.0 ||
         location.longitude() != 0.0;
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string PidfLo(const v1::Location& location, std::string_view entity) {
  SIAGA_ASSERT(HasPosition(location));
  // EPSG 4326 is "latitude longitude" in that order; 9001 is the metre.
  std::string shape = fmt::format(
      "<gs:Circle srsName=\"urn:ogc:def:crs:EPSG::4326\"><gml:pos>{:.7f} {:.7f}</gml:pos>"
      "<gs:radius uom=\"urn:ogc:def:uom:EPSG::9001\">{:.1f}</gs:radius></gs:Circle>",
      location.latitude(), location.longitude(), location.radius_m());
  std::string confidence;
  if (location.confidence_pct() > 0) {
    confidence = fmt::format("<con:confidence pdf=\"normal\">{}</con:confidence>",
                             location.confidence_pct());
  }
  std::string method;
  if (const std::string_view token = LocationMethodToken(location.method()); !token.empty()) {
    method = fmt::format("<gp:method>{}</gp:method>", token);
  }
  std::string timestamp;
  if (!IsUnset(location.fix_time())) {
    timestamp = fmt::format("<dm:timestamp>{}</dm:timestamp>", Rfc3339Utc(location.fix_time()));
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\""
      " xmlns:dm=\"urn:ietf:params:xml:ns:pidf:data-model\""
      " xmlns:gp=\"urn:ietf:params:xml:ns:pidf:geopriv10\""
      " xmlns:gml=\"http://www.opengis.net/gml\""
      " xmlns:gs=\"http://www.opengis.net/pidflo/1.0\""
      " xmlns:con=\"urn:ietf:params:xml:ns:geopriv:conf\""
      " entity=\"{}\"><dm:device id=\"caller\"><gp:geopriv><gp:location-info>{}{}"
      "</gp:location-info><gp:usage-rules/>{}</gp:geopriv>{}</dm:device></presence>",
      XmlEscape(entity), shape, confidence, method, timestamp);
}

}  // namespace siaga::eido
