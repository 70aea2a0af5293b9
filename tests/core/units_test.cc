// Unit tests of units in the pure core (docs/lifecycle.md "Units"): the roster, assign and
// release, one incident at a time, status reports, what closing and merging do to units, and
// the nearest-unit recommendation. Every test ends with the replay check.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "dispatcher/core/dispatch_core.h"
#include "tests/core/core_harness.h"

namespace siaga::core {
namespace {

using namespace std::chrono_literals;
using testing::CallRequest;
using testing::CoreHarness;

constexpr double kLat = -6.0174;  // Krakatau Steel's gate, Cilegon
constexpr double kLon = 106.0538;
constexpr double kMetresPerDegree = 111320.0;

UnitConfig RosterUnit(std::string id, std::string agency, std::string type, double north_m,
                      std::vector<std::string> serves = {}) {
  UnitConfig unit;
  unit.id = std::move(id);
  unit.agency = std::move(agency);
  unit.type = std::move(type);
  unit.station = "Pos " + unit.id;
  unit.has_position = true;
  unit.latitude = kLat + north_m / kMetresPerDegree;
  unit.longitude = kLon;
  unit.serves = std::move(serves);
  return unit;
}

DispatcherConfig WithRoster() {
  DispatcherConfig config = DefaultConfig();
  config.units = {
      RosterUnit("DAMKAR-01", "fire", "engine", 4000),
      RosterUnit("DAMKAR-02", "fire", "engine", 1500),
      RosterUnit("DAMKAR-LADDER", "fire", "ladder", 500, {"FIRE.STRUCTURE"}),
      RosterUnit("RESCUE-01", "fire", "rescue", 300, {"RESCUE"}),
      RosterUnit("AMB-01", "health", "ambulance", 2500),
      RosterUnit("AMB-02", "health", "ambulance", 800),
  };
  return config;
}

class Units {
 public:
  explicit Units(DispatcherConfig config = WithRoster()) : h(std::move(config)) {}

  CoreHarness h;

  // A fire call at the gate (precise fix) that the fire dispatcher acknowledged.
  std::string AcknowledgedFire(const std::string& text = "kebakaran gudang", double north_m = 0) {
    v1::ReportCallRequest request = CallRequest("u-" + std::to_string(++ids_), text);
    request.mutable_location()->set_latitude(kLat + north_m / kMetresPerDegree);
    request.mutable_location()->set_longitude(kLon);
    request.mutable_location()->set_radius_m(10);
    request.set_new_incident(true);
    const auto response = h.Report(request);
    REQUIRE(h.Ack(response.incident_id(), "fire", "dx-fire").ok());
    return response.incident_id();
  }
  absl::StatusOr<v1::UpdateUnitStatusResponse> Report(const std::string& unit,
                                                      const std::string& agency,
                                                      v1::UnitStatus status,
                                                      std::string note = "") {
    v1::UpdateUnitStatusRequest request;
    request.set_unit_id(unit);
    request.set_agency(agency);
    request.set_status(status);
    request.set_note(std::move(note));
    auto response = h.core().UpdateUnitStatus(testing::Dispatcher("dx-" + agency), request);
    h.Take();
    return response;
  }
  const v1::Unit& Unit(const std::string& id) const {
    const v1::Unit* unit = h.core().units().Find(id);
    REQUIRE(unit != nullptr);
    return *unit;
  }
  std::vector<std::string> Recommended(const std::string& incident_id, const std::string& agency,
                                       std::uint32_t max = 0) const {
    v1::RecommendUnitsRequest request;
    request.set_incident_id(incident_id);
    request.set_agency(agency);
    request.set_max_units(max);
    auto response = h.core().RecommendUnits(request);
    REQUIRE(response.ok());
    std::vector<std::string> ids;
    for (const auto& r : response->recommendations()) {
      ids.push_back(r.unit().unit_id());
    }
    return ids;
  }

 private:
  int ids_ = 0;
};

const v1::AgencyDispatch& PartOf(const v1::Incident& incident, const std::string& agency) {
  for (const auto& d : incident.dispatches()) {
    if (d.agency() == agency) {
      return d;
    }
  }
  FAIL("no part for " << agency);
  return incident.dispatches(0);
}

TEST_CASE("the roster starts available and ListUnits shows it in roster order", "[core][units]") {
  Units t;
  v1::ListUnitsRequest request;
  request.set_agency("fire");
  auto list = t.h.core().ListUnits(request);
  REQUIRE(list.ok());
  REQUIRE(list->units_size() == 4);
  CHECK(list->units(0).unit_id() == "DAMKAR-01");
  CHECK(list->units(0).status() == v1::UNIT_STATUS_AVAILABLE);
  CHECK(list->units(0).listed());
  CHECK(list->units(0).home_station() == "Pos DAMKAR-01");
  request.set_agency("navy");
  CHECK(t.h.core().ListUnits(request).status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("a unit is in one incident at a time", "[core][units]") {
  Units t;
  const std::string first = t.AcknowledgedFire("kebakaran gudang");
  const std::string second = t.AcknowledgedFire("kebakaran rumah", 3000);
  REQUIRE(t.h.Assign(first, "fire", "DAMKAR-01").ok());
  CHECK(t.Unit("DAMKAR-01").status() == v1::UNIT_STATUS_DISPATCHED);
  CHECK(t.Unit("DAMKAR-01").incident_id() == first);

  const std::uint64_t before = t.h.core().last_sequence();
  const auto refused = t.h.Assign(second, "fire", "DAMKAR-01");
  CHECK(refused.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(std::string(refused.status().message()).find(first) != std::string::npos);
  CHECK(t.h.core().last_sequence() == before);

  SECTION("released, it can go to the other incident") {
    REQUIRE(t.Report("DAMKAR-01", "fire", v1::UNIT_STATUS_AVAILABLE, "not needed").ok());
    const v1::Incident incident = t.h.Get(first);
    CHECK(PartOf(incident, "fire").units_size() == 0);
    CHECK(PartOf(incident, "fire").released_units(0) == "DAMKAR-01");
    CHECK(t.Unit("DAMKAR-01").incident_id().empty());
    REQUIRE(t.h.Assign(second, "fire", "DAMKAR-01").ok());
    CHECK(t.Unit("DAMKAR-01").incident_id() == second);
  }
  SECTION("closing the part frees its units") {
    REQUIRE(t.h.Close(first, "fire").ok());
    CHECK(t.Unit("DAMKAR-01").status() == v1::UNIT_STATUS_AVAILABLE);
    REQUIRE(t.h.Assign(second, "fire", "DAMKAR-01").ok());
  }
  t.h.CheckReplayEquivalent();
}

TEST_CASE("the roster decides which units exist", "[core][units]") {
  Units t;
  const std::string fire = t.AcknowledgedFire();
  CHECK(t.h.Assign(fire, "fire", "DAMKAR-99").status().code() ==
        absl::StatusCode::kInvalidArgument);  // fire has a roster without it
  CHECK(t.h.Assign(fire, "fire", "AMB-01").status().code() ==
        absl::StatusCode::kInvalidArgument);  // a health unit

  SECTION("an agency without a roster takes any unit id, and then tracks it") {
    Units open(DefaultConfig());
    const std::string id = open.AcknowledgedFire();
    REQUIRE(open.h.Assign(id, "fire", "RELAWAN-7").ok());
    CHECK_FALSE(open.Unit("RELAWAN-7").listed());
    const std::string other = open.AcknowledgedFire("kebakaran rumah", 5000);
    CHECK(open.h.Assign(other, "fire", "RELAWAN-7").status().code() ==
          absl::StatusCode::kFailedPrecondition);
    open.h.CheckReplayEquivalent();
  }
}

TEST_CASE("unit status reports follow the unit's life", "[core][units]") {
  Units t;
  const std::string fire = t.AcknowledgedFire();
  CHECK(t.Report("DAMKAR-02", "fire", v1::UNIT_STATUS_EN_ROUTE).status().code() ==
        absl::StatusCode::kFailedPrecondition);  // not committed
  REQUIRE(t.h.Assign(fire, "fire", "DAMKAR-02").ok());
  t.h.clock().Advance(3min);
  const auto en_route = t.Report("DAMKAR-02", "fire", v1::UNIT_STATUS_EN_ROUTE);
  REQUIRE(en_route.ok());
  CHECK(en_route->unit().status() == v1::UNIT_STATUS_EN_ROUTE);
  CHECK(FromProto(en_route->unit().status_time()) == t.h.clock().Now());
  CHECK(t.h.log().back().incident_id() == fire);  // on the incident's record and queues
  REQUIRE(t.Report("DAMKAR-02", "fire", v1::UNIT_STATUS_ON_SCENE).ok());
  CHECK(t.Report("DAMKAR-02", "fire", v1::UNIT_STATUS_ON_SCENE).status().code() ==
        absl::StatusCode::kFailedPrecondition);  // already on scene, nothing new
  CHECK(t.Report("DAMKAR-02", "fire", v1::UNIT_STATUS_OUT_OF_SERVICE).status().code() ==
        absl::StatusCode::kFailedPrecondition);  // committed: release first
  CHECK(t.Report("DAMKAR-02", "fire", v1::UNIT_STATUS_DISPATCHED).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(t.Report("DAMKAR-02", "police", v1::UNIT_STATUS_AVAILABLE).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(t.Report("NOPE", "fire", v1::UNIT_STATUS_AVAILABLE).status().code() ==
        absl::StatusCode::kNotFound);

  REQUIRE(t.Report("DAMKAR-02", "fire", v1::UNIT_STATUS_AVAILABLE).ok());
  REQUIRE(t.Report("DAMKAR-02", "fire", v1::UNIT_STATUS_OUT_OF_SERVICE, "pump repair").ok());
  const std::string other = t.AcknowledgedFire("kebakaran rumah", 5000);
  CHECK(t.h.Assign(other, "fire", "DAMKAR-02").status().code() ==
        absl::StatusCode::kFailedPrecondition);  // out of service
  t.h.CheckReplayEquivalent();
}

TEST_CASE("ambulance statuses: transporting and at hospital", "[core][units]") {
  Units t;
  const auto call = t.h.Report("bapak saya pingsan tidak sadar");
  REQUIRE(t.h.Ack(call.incident_id(), "health", "dx-health").ok());
  REQUIRE(t.h.Assign(call.incident_id(), "health", "AMB-02").ok());
  for (auto status : {v1::UNIT_STATUS_EN_ROUTE, v1::UNIT_STATUS_ON_SCENE,
                      v1::UNIT_STATUS_TRANSPORTING, v1::UNIT_STATUS_AT_HOSPITAL}) {
    REQUIRE(t.Report("AMB-02", "health", status).ok());
    CHECK(t.Unit("AMB-02").status() == status);
  }
  REQUIRE(t.h.Close(call.incident_id(), "health").ok());
  CHECK(t.Unit("AMB-02").status() == v1::UNIT_STATUS_AVAILABLE);
  t.h.CheckReplayEquivalent();
}

TEST_CASE("recommendation: nearest available suitable units first", "[core][units]") {
  Units t;
  const std::string fire = t.AcknowledgedFire("kebakaran rumah, api besar");  // at the gate
  const std::vector<std::string> all = t.Recommended(fire, "fire");
  // RESCUE-01 (300 m) serves only RESCUE; the ladder (500 m) serves FIRE.STRUCTURE.
  const bool structure =
      t.h.Get(fire).classification().type_code().rfind("FIRE.STRUCTURE", 0) == 0;
  if (structure) {
    CHECK(all == std::vector<std::string>{"DAMKAR-LADDER", "DAMKAR-02", "DAMKAR-01"});
  } else {
    CHECK(all == std::vector<std::string>{"DAMKAR-02", "DAMKAR-01"});
  }
  CHECK(t.Recommended(fire, "fire", 1).size() == 1);

  REQUIRE(t.h.Assign(fire, "fire", "DAMKAR-02").ok());
  const std::vector<std::string> after = t.Recommended(fire, "fire");
  CHECK(std::find(after.begin(), after.end(), "DAMKAR-02") == after.end());

  v1::RecommendUnitsRequest request;
  request.set_incident_id(fire);
  request.set_agency("fire");
  request.set_max_units(21);
  CHECK(t.h.core().RecommendUnits(request).status().code() ==
        absl::StatusCode::kInvalidArgument);
  request.set_max_units(0);
  request.set_incident_id("I-999999");
  CHECK(t.h.core().RecommendUnits(request).status().code() == absl::StatusCode::kNotFound);

  auto response = t.h.core().RecommendUnits([&] {
    v1::RecommendUnitsRequest r;
    r.set_incident_id(fire);
    r.set_agency("health");
    return r;
  }());
  REQUIRE(response.ok());
  REQUIRE(response->recommendations_size() == 2);
  CHECK(response->recommendations(0).unit().unit_id() == "AMB-02");
  CHECK(response->recommendations(0).distance_m() == Approx(800).margin(5));
  CHECK(response->recommendations(0).explanation().find("0.8 km") != std::string::npos);
}

TEST_CASE("an incident without a position still gets units, distance unknown",
          "[core][units]") {
  Units t;
  const auto call = t.h.Report("kebakaran gudang");  // no location
  const auto response = t.h.core().RecommendUnits([&] {
    v1::RecommendUnitsRequest r;
    r.set_incident_id(call.incident_id());
    r.set_agency("fire");
    return r;
  }());
  REQUIRE(response.ok());
  REQUIRE(response->recommendations_size() >= 2);
  CHECK(response->recommendations(0).distance_m() == -1);
  CHECK(response->recommendations(0).unit().unit_id() <
        response->recommendations(1).unit().unit_id());
}

TEST_CASE("merging moves committed units with their part", "[core][units]") {
  Units t;
  const std::string a = t.AcknowledgedFire("kebakaran gudang");
  const std::string b = t.AcknowledgedFire("kebakaran gudang", 5000);
  REQUIRE(t.h.Assign(a, "fire", "DAMKAR-01").ok());
  REQUIRE(t.h.Assign(b, "fire", "DAMKAR-02").ok());
  v1::MergeIncidentsRequest request;
  request.set_source_incident_id(b);
  request.set_target_incident_id(a);
  request.set_reason("one fire, two addresses");
  REQUIRE(t.h.core().MergeIncidents(testing::Supervisor(), request).ok());
  t.h.Take();
  CHECK(t.Unit("DAMKAR-02").incident_id() == a);
  const v1::Incident merged = t.h.Get(a);  // PartOf returns a reference into it
  CHECK(PartOf(merged, "fire").units_size() == 2);
  REQUIRE(t.h.Close(a, "fire").ok());
  CHECK(t.Unit("DAMKAR-01").status() == v1::UNIT_STATUS_AVAILABLE);
  CHECK(t.Unit("DAMKAR-02").status() == v1::UNIT_STATUS_AVAILABLE);
  t.h.CheckReplayEquivalent();
}

}  // namespace
}  // namespace siaga::core
