// The spatial index behind duplicate detection: for any call, the incidents it hands to
// FindDuplicateCandidates must give exactly the candidates a scan of every incident gives.
// Random incidents and calls around one city, with precise, vague and missing fixes and shared
// place names; the seed is fixed and printed.
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

#include "common/config.h"
#include "dispatcher/core/duplicates.h"

using namespace siaga;
using namespace siaga::core;

namespace {

v1::Location RandomLocation(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> offset(-0.03, 0.03);  // about ±3 km
  std::uniform_int_distribution<int> kind(0, 9);
  std::uniform_int_distribution<int> place(0, 4);
  const char* places[] = {"Pasar Kranggot", "pasar  kranggot ", "Stasiun Merak", "", ""};
  v1::Location location;
  const int k = kind(rng);
  if (k < 7) {  // a fix: precise, vague, or cell-tower wide
    location.set_latitude(-6.02 + offset(rng));
    location.set_longitude(106.05 + offset(rng));
    location.set_radius_m(k < 4 ? 10 : k < 6 ? 150 : 2500);
  }
  location.set_description(places[place(rng)]);
  return location;
}

}  // namespace

TEST_CASE("the duplicate index finds exactly what a scan of every open incident finds",
          "[unit][core][duplicates]") {
  const std::uint64_t seed = 20261126;
  INFO("seed " << seed);
  std::mt19937_64 rng(seed);
  DuplicatePolicy policy;
  policy.by_type.push_back({.type_prefix = "FIRE", .radius_m = 1000, .window_s = 3600});
  const char* types[] = {"FIRE.STRUCTURE", "MEDICAL.CARDIAC", "UNKNOWN", "TRAFFIC.CRASH"};
  std::uniform_int_distribution<int> type(0, 3);

  const TimePoint now = TimePoint(std::chrono::milliseconds(1717228800000));
  std::vector<v1::Incident> incidents(600);
  DuplicateIndex index(policy);
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    auto& incident = incidents[i];
    incident.set_incident_id("I-" + std::to_string(i + 1));
    incident.mutable_classification()->set_type_code(types[type(rng)]);
    *incident.mutable_location() = RandomLocation(rng);
    *incident.mutable_created_time() = ToProto(now - std::chrono::minutes(i % 50));
    index.Add(i + 1, incident.location());
  }
  // Some close, as merges and closures do.
  for (std::uint64_t number = 5; number <= incidents.size(); number += 7) {
    index.Remove(number);
  }
  std::vector<const v1::Incident*> open;
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    if ((i + 1 < 5) || (i + 1 - 5) % 7 != 0) {
      open.push_back(&incidents[i]);
    }
  }

  int narrowed = 0;
  for (int q = 0; q < 400; ++q) {
    const v1::Location location = RandomLocation(rng);
    const DuplicateQuery query{.location = &location, .type_code = types[type(rng)], .now = now};
    const auto all = FindDuplicateCandidates(policy, open, query, 5);
    const auto near = index.Near(&location);
    if (!near) {
      continue;
    }
    ++narrowed;
    std::vector<const v1::Incident*> pool;
    for (const std::uint64_t number : *near) {
      pool.push_back(&incidents[number - 1]);
    }
    const auto found = FindDuplicateCandidates(policy, pool, query, 5);
    REQUIRE(found.size() == all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
      CHECK(found[i].SerializeAsString() == all[i].SerializeAsString());
    }
  }
  CHECK(narrowed > 300);
  CHECK(index.Near(nullptr)->empty());
}
