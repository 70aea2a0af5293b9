// Distances on the Earth's surface, for duplicate detection and (later) unit recommendation.
// Straight-line (great-circle) distance is a fine first answer inside one city; road distance
// would need a routing engine (docs/lifecycle.md says so).
#pragma once

#include "siaga/v1/incident.pb.h"

namespace siaga {

// Great-circle distance in metres between two WGS84 points (haversine, mean Earth radius).
double DistanceMetres(double lat1, double lon1, double lat2, double lon2);

// True when the location carries coordinates. proto3 cannot tell 0 from unset, and (0, 0) is
// open sea in the Gulf of Guinea, so it is read as "no fix".
bool HasCoordinates(const v1::Location& location);

}  // namespace siaga
