// The spatial index behind duplicate detection: for any call, the incidents it hands to
// FindDuplicateCandidates must give exactly the candidates a scan of every incident gives.
// Random incidents and calls around one city, with precise, vague and missing fixes and shared
// place names; the seed is fixed and printed.
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

#include "common/config.h"
#include "dispatcher/core/candidate_incident.h"
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
  // The largest rule radius sets the index's cell size (1,200 m here, 500 m with the default
  // 300 m radius alone): the answer must not depend on it.
  const std::uint32_t fire_radius_m = GENERATE(1000u, 300u);
  INFO("fire radius " << fire_radius_m << " m");
  DuplicatePolicy policy;
  policy.by_type.push_back({.type_prefix = "FIRE", .radius_m = fire_radius_m, .window_s = 3600});
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
  std::size_t handed_over = 0;  // incidents Near returned, over all narrowed queries
  for (int q = 0; q < 400; ++q) {
    const v1::Location location = RandomLocation(rng);
    const DuplicateQuery query{.location = &location, .type_code = types[type(rng)], .now = now};
    const auto all = FindDuplicateCandidates(policy, WithLastCallTimes(open), query, 5);
    const auto near = index.Near(&location);
    if (!near) {
      continue;
    }
    ++narrowed;
    handed_over += near->size();
    std::vector<const v1::Incident*> pool;
    for (const std::uint64_t number : *near) {
      pool.push_back(&incidents[number - 1]);
    }
    const auto found = FindDuplicateCandidates(policy, WithLastCallTimes(pool), query, 5);
    REQUIRE(found.size() == all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
      CHECK(found[i].SerializeAsString() == all[i].SerializeAsString());
    }
    // For a caller that shows no candidates: the same ones, without the incidents' summaries.
    DuplicateQuery bare = query;
    bare.with_incidents = false;
    const auto ids_only = FindDuplicateCandidates(policy, WithLastCallTimes(pool), bare, 5);
    REQUIRE(ids_only.size() == all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
      v1::DuplicateCandidate expected = all[i];
      expected.clear_incident();
      CHECK(ids_only[i].SerializeAsString() == expected.SerializeAsString());
    }
  }
  CHECK(narrowed > 300);
  // It narrows: measured against the largest radius, not handed whole cells (0.18 with this
  // seed; 0.24 when every point of the cells looked at was handed over).
  const double share =
      static_cast<double>(handed_over) / (static_cast<double>(narrowed) * open.size());
  INFO("share of the open incidents handed over per query: " << share);
  CHECK(share < 0.21);
  CHECK(index.Near(nullptr)->empty());
}

TEST_CASE("a candidate's incident is a summary: no calls, parts, notes or evidence",
          "[unit][core][duplicates]") {
  v1::Incident incident;
  incident.set_incident_id("I-000042");
  incident.set_status(v1::INCIDENT_STATUS_OPEN);
  auto& classification = *incident.mutable_classification();
  classification.set_type_code("FIRE.STRUCTURE");
  classification.set_priority(v1::PRIORITY_P1);
  classification.add_agencies("fire");
  classification.set_confidence(0.9);
  classification.add_evidence("kebakaran");
  classification.set_rule_id("fire-structure");
  classification.set_needs_triage(true);
  classification.set_disposition(v1::DISPOSITION_EMERGENCY);
  classification.set_explanation("fire: kebakaran");
  incident.add_calls()->set_call_id("C-000001");
  incident.add_calls()->set_call_id("C-000002");
  incident.add_dispatches()->set_agency("fire");
  incident.mutable_location()->set_latitude(-6.02);
  *incident.mutable_created_time() = ToProto(TimePoint(std::chrono::seconds(1717228800)));
  *incident.mutable_updated_time() = ToProto(TimePoint(std::chrono::seconds(1717228900)));
  incident.set_last_sequence(7);
  incident.set_disposition(v1::DISPOSITION_EMERGENCY);
  incident.set_close_reason("x");
  incident.add_notes()->set_text("note");
  incident.add_merged_from("I-000040");
  incident.set_merged_into("I-000050");
  incident.set_split_from("I-000030");
  // Every field of Incident and Classification is set above: a field added to the proto fails
  // here until the sample and CopyCandidateIncident know it.
  const auto check_all_set = [](const google::protobuf::Message& message) {
    const auto* descriptor = message.GetDescriptor();
    const auto* reflection = message.GetReflection();
    for (int i = 0; i < descriptor->field_count(); ++i) {
      const auto* field = descriptor->field(i);
      INFO("field " << descriptor->name() << "." << field->name());
      CHECK((field->is_repeated() ? reflection->FieldSize(message, field) > 0
                                  : reflection->HasField(message, field)));
    }
  };
  check_all_set(incident);
  check_all_set(incident.classification());

  v1::Incident copy;
  CopyCandidateIncident(incident, copy);
  v1::Incident expected = incident;
  expected.clear_calls();
  expected.clear_dispatches();
  expected.clear_notes();
  expected.clear_merged_from();
  expected.clear_close_reason();
  auto& summary = *expected.mutable_classification();
  summary.clear_confidence();
  summary.clear_evidence();
  summary.clear_rule_id();
  summary.clear_disposition();
  summary.clear_explanation();
  CHECK(copy.SerializeAsString() == expected.SerializeAsString());
  // What both consoles show of a candidate is there.
  CHECK(copy.classification().type_code() == "FIRE.STRUCTURE");
  CHECK(copy.classification().priority() == v1::PRIORITY_P1);

  v1::Incident bare;  // unset messages stay unset
  bare.set_incident_id("I-000001");
  v1::Incident bare_copy;
  CopyCandidateIncident(bare, bare_copy);
  CHECK_FALSE(bare_copy.has_location());
  CHECK(bare_copy.SerializeAsString() == bare.SerializeAsString());
}

TEST_CASE("the duplicate window is exact to the millisecond, as the core's pool is",
          "[unit][core][duplicates]") {
  const DuplicatePolicy policy;  // default window 30 min
  v1::Incident incident;
  incident.set_incident_id("I-1");
  incident.mutable_classification()->set_type_code("FIRE.STRUCTURE");
  incident.mutable_location()->set_latitude(-6.02);
  incident.mutable_location()->set_longitude(106.05);
  incident.mutable_location()->set_radius_m(10);
  const TimePoint now = TimePoint(std::chrono::milliseconds(1717228800000));
  const DuplicateQuery query{.location = &incident.location(), .type_code = "FIRE.STRUCTURE",
                             .now = now};
  const auto window = std::chrono::seconds(policy.defaults.window_s);
  const auto at = [&](TimePoint last_call) {
    return FindDuplicateCandidates(policy, {RecentOf(incident, last_call)}, query, 5).size();
  };
  CHECK(at(now - window) == 1);
  // Half a second past the window: whole seconds would still call it 1,800 s old.
  CHECK(at(now - window - std::chrono::milliseconds(500)) == 0);
}
