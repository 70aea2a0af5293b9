// Fuzz target requests: sequences of client requests, as protobuf wire bytes, through the
// validators (dispatcher/core/validate.cc) and the full DispatchCore commands, on an in-memory
// core that already holds three incidents and a unit roster (the core harness of tests/core,
// without Catch2). Input: up to kRecordsMax records of [kind byte][payload length, 2 bytes
// little-endian][payload]; a length past the end takes what is left (request_kinds.h).
// Checks, beyond no crash, hang or undefined behaviour:
//  - a rejected request changes nothing: no event, the same queues, load, incidents and units;
//  - an accepted one emits events that continue the sequence and that protobuf parses back;
//  - a core rebuilt by replaying the log reads exactly like the live one (the restart path).
#include <memory>
#include <string>
#include <vector>

#include "common/assert.h"
#include "common/config.h"
#include "common/identity.h"
#include "dispatcher/classify/classifier.h"
#include "dispatcher/core/dispatch_core.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/request_kinds.h"
#include "tests/support/fake_clock.h"

namespace {

using siaga::core::DispatchCore;
namespace v1 = siaga::v1;

constexpr std::size_t kRecordsMax = 16;  // deep enough for report-ack-assign-close chains

siaga::DispatcherConfig FuzzConfig() {
  siaga::DispatcherConfig config = siaga::DefaultConfig();
  config.units = {
      {"DAMKAR-01", "fire", "engine", "Pos Damkar Merak", true, -5.93, 106.00, {"FIRE"}},
      {"DAMKAR-02", "fire", "ladder", "Pos Damkar Cilegon", false, 0, 0, {}},
      {"AMB-01", "health", "ambulance", "PSC 119", true, -6.01, 106.05, {}},
      {"POL-01", "police", "patrol", "Polsek Pulomerak", true, -5.95, 106.02, {}},
  };
  return config;
}

// Everything built once: the config, the shipped rules, the clock and the log of the
// starting state. Each input gets a fresh core replayed from that log.
struct World {
  siaga::DispatcherConfig config = FuzzConfig();
  std::unique_ptr<siaga::classify::Classifier> classifier;
  siaga::testing::FakeClock clock;
  std::vector<v1::Event> seed_log;
  siaga::TimePoint seed_time;

  World() {
    auto loaded = siaga::classify::Classifier::FromFile(SIAGA_RULES_PATH, config.AgencyIds());
    SIAGA_ASSERT(loaded.ok());
    classifier = std::move(loaded).value();
    DispatchCore core(config, *classifier, clock);
    const char* notes[] = {"kebakaran rumah di jl merdeka, anak terjebak di lantai 2",
                           "tabrakan motor dan truk, korban tidak sadar",
                           "halo halo, suara tidak jelas"};
    for (int i = 0; i < 3; ++i) {
      v1::ReportCallRequest request;
      request.set_telephony_call_id("tel-seed-" + std::to_string(i));
      request.set_caller_number("08123456789" + std::to_string(i));
      request.set_channel(v1::CHANNEL_VOICE);
      request.set_text(notes[i]);
      request.mutable_location()->set_latitude(-5.94 - 0.01 * i);
      request.mutable_location()->set_longitude(106.01);
      request.mutable_location()->set_radius_m(50);
      v1::Actor actor;
      actor.set_user_id("ct-ayu");
      actor.set_role(v1::ROLE_CALL_TAKER);
      SIAGA_ASSERT(core.ReportCall(actor, request).ok());
      clock.Advance(std::chrono::seconds(30));
    }
    seed_log = core.TakePendingEvents();
    seed_time = clock.Now();
  }

  std::unique_ptr<DispatchCore> Replayed(const std::vector<v1::Event>& tail) const {
    auto core = std::make_unique<DispatchCore>(config, *classifier, clock);
    for (const auto* log : {&seed_log, &tail}) {
      for (const v1::Event& event : *log) {
        core->Replay(event);
      }
    }
    return core;
  }
};

// Every read a client can make of the whole state, as bytes.
std::string Fingerprint(const DispatchCore& core, const siaga::DispatcherConfig& config) {
  std::string out = std::to_string(core.last_sequence());
  auto snapshot = core.Snapshot(siaga::kTriageQueue);
  SIAGA_ASSERT(snapshot.ok());
  out += snapshot->SerializeAsString();
  for (const auto& agency : config.agencies) {
    snapshot = core.Snapshot(agency.id);
    SIAGA_ASSERT(snapshot.ok());
    out += snapshot->SerializeAsString();
    v1::ListUnitsRequest units;
    units.set_agency(agency.id);
    out += core.ListUnits(units)->SerializeAsString();
  }
  out += core.Load().SerializeAsString();
  v1::ListIncidentsRequest all;
  all.set_include_closed(true);
  all.set_limit(siaga::limits::kListIncidentsMax);
  out += core.ListIncidents(all).SerializeAsString();
  return out;
}

World& TheWorld() {
  static World world;
  return world;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  TheWorld();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  siaga::fuzz::QuietProtobufLog();
  World& world = TheWorld();
  world.clock.Set(world.seed_time);
  std::unique_ptr<DispatchCore> core = world.Replayed({});
  std::vector<v1::Event> log;  // what this input's commands emitted, as stored

  std::size_t at = 0;
  for (std::size_t record = 0; record < kRecordsMax && at + 3 <= size; ++record) {
    const std::uint8_t kind = data[at];
    const std::size_t length =
        std::min<std::size_t>(data[at + 1] | (data[at + 2] << 8), size - at - 3);
    const std::string_view payload = siaga::fuzz::AsText(data + at + 3, length);
    at += 3 + length;

    const std::string before = Fingerprint(*core, world.config);
    const auto result = siaga::fuzz::RunRequest(kind, payload, *core, world.clock);
    std::vector<v1::Event> events = core->TakePendingEvents();
    if (result.outcome != siaga::fuzz::Outcome::kAccepted) {
      SIAGA_ASSERT(events.empty());
      SIAGA_ASSERT(Fingerprint(*core, world.config) == before);
      continue;
    }
    for (const v1::Event& event : events) {
      v1::Event stored;
      SIAGA_ASSERT(stored.ParseFromString(event.SerializeAsString()));
      SIAGA_ASSERT(stored.sequence() == world.seed_log.size() + log.size() + 1);
      log.push_back(std::move(stored));
    }
    SIAGA_ASSERT(core->last_sequence() == world.seed_log.size() + log.size());
  }
  SIAGA_ASSERT(Fingerprint(*world.Replayed(log), world.config) == Fingerprint(*core, world.config));
  return 0;
}
