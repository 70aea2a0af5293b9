#include "common/geo.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace siaga {

double DistanceMetres(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadiusM = 6371008.8;  // IUGG mean radius
  constexpr double kRadiansPerDegree = std::numbers::pi / 180.0;
  const double phi1 = lat1 * kRadiansPerDegree;
  const double phi2 = lat2 * kRadiansPerDegree;
  const double dphi = (lat2 - lat1) * kRadiansPerDegree;
  const double dlambda = (lon2 - lon1) * kRadiansPerDegree;
  const double a = std::sin(dphi / 2) * std::sin(dphi / 2) +
                   std::cos(phi1) * std::cos(phi2) * std::sin(dlambda / 2) * std::sin(dlambda / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(a)));
}

bool HasCoordinates(const v1::Location& location) {
  return location.latitude() != 0.0 || location.longitude() != 0.0;
}

}  // namespace siaga
