// The core's limits from common/limits.h, each pushed one past its bound: the request is
// refused with a clear status and nothing is written. (Text, id and note sizes are in
// validate_test.cc, candidates and recommendations in lifecycle_test.cc and units_test.cc.)
#include <catch2/catch.hpp>

#include "common/limits.h"
#include "tests/core/core_harness.h"

namespace siaga::testing {
namespace {

// A theft call that opens its own incident (never attached to an earlier one as a duplicate).
v1::ReportCallResponse NewTheft(CoreHarness& h, std::size_t n,
                                std::string number = "081234567890") {
  v1::ReportCallRequest request =
      CallRequest(fmt::format("limits-{}", n), "motor saya dicuri di depan indomaret", number);
  request.set_new_incident(true);
  return h.Report(request);
}

// An incident in the police queue, acknowledged so units can be assigned.
std::string AcknowledgedPoliceIncident(CoreHarness& h) {
  static std::size_t calls = 0;
  const auto call = NewTheft(h, ++calls);
  REQUIRE(AsSet(call.classification().agencies()).contains("police"));
  REQUIRE(h.Ack(call.incident_id(), "police", "dx-police").ok());
  return call.incident_id();
}

TEST_CASE("an incident takes at most kUnitsPerDispatchMax units per agency", "[unit][limits]") {
  CoreHarness h;
  const std::string incident = AcknowledgedPoliceIncident(h);
  for (std::size_t i = 0; i < limits::kUnitsPerDispatchMax; ++i) {
    REQUIRE(h.Assign(incident, "police", fmt::format("PATROL-{}", i)).ok());
  }
  const std::uint64_t before = h.core().last_sequence();
  const auto refused = h.Assign(incident, "police", "PATROL-ONE-TOO-MANY");
  CHECK(refused.status().code() == absl::StatusCode::kResourceExhausted);
  CHECK_THAT(std::string(refused.status().message()), Catch::Contains("the most allowed"));
  CHECK(h.core().last_sequence() == before);
  CHECK(h.Get(incident).dispatches(0).units_size() ==
        static_cast<int>(limits::kUnitsPerDispatchMax));
}

TEST_CASE("at most kUnitsMax units are known, and the next new one is refused", "[unit][limits]") {
  CoreHarness h;
  std::size_t known = 0;
  std::string incident;
  while (known < limits::kUnitsMax) {
    if (known % limits::kUnitsPerDispatchMax == 0) {
      incident = AcknowledgedPoliceIncident(h);
    }
    REQUIRE(h.Assign(incident, "police", fmt::format("U-{}", known)).ok());
    ++known;
  }
  incident = AcknowledgedPoliceIncident(h);
  const std::uint64_t before = h.core().last_sequence();
  const auto refused = h.Assign(incident, "police", "U-NEW");
  CHECK(refused.status().code() == absl::StatusCode::kResourceExhausted);
  CHECK(h.core().last_sequence() == before);
}

TEST_CASE("a classification names at most kAgenciesPerIncidentMax agencies", "[unit][limits]") {
  CoreHarness h;
  const auto call = NewTheft(h, 1);
  std::vector<std::string> agencies(limits::kAgenciesPerIncidentMax + 1, "police");
  const std::uint64_t before = h.core().last_sequence();
  const auto refused =
      h.Classify(call.incident_id(), "CRIME.THEFT", v1::PRIORITY_P3, std::move(agencies));
  CHECK(refused.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK_THAT(std::string(refused.status().message()), Catch::Contains("at most 16 agencies"));
  CHECK(h.core().last_sequence() == before);
}

TEST_CASE("caller history keeps the kCallerHistoryCallsMax latest calls", "[unit][limits]") {
  CoreHarness h;
  for (std::size_t i = 0; i < limits::kCallerHistoryCallsMax + 5; ++i) {
    h.clock().Advance(std::chrono::minutes(1));
    NewTheft(h, i, "081299990000");
  }
  const auto history = h.core().GetCallerHistory("081299990000");
  REQUIRE(history.ok());
  CHECK(static_cast<std::size_t>(history->calls_size()) == limits::kCallerHistoryCallsMax);
  // Newest first: the oldest five fell out.
  const std::size_t newest = limits::kCallerHistoryCallsMax + 4;
  CHECK(history->calls(0).telephony_call_id() == fmt::format("limits-{}", newest));
  CHECK(history->calls(history->calls_size() - 1).telephony_call_id() == "limits-5");
}

TEST_CASE("ListIncidents pages at most kListIncidentsMax, kListIncidentsDefault unasked",
          "[unit][limits]") {
  CoreHarness h;
  for (std::size_t i = 0; i < limits::kListIncidentsMax + 10; ++i) {
    NewTheft(h, i, fmt::format("0812{:08}", i));
  }
  v1::ListIncidentsRequest request;
  CHECK(static_cast<std::size_t>(h.core().ListIncidents(request).incidents_size()) ==
        limits::kListIncidentsDefault);
  request.set_limit(100000);
  CHECK(static_cast<std::size_t>(h.core().ListIncidents(request).incidents_size()) ==
        limits::kListIncidentsMax);
}

}  // namespace
}  // namespace siaga::testing
