// A seeded, deterministic randomized simulation of the dispatch core: thousands of random
// commands (calls of every kind, retries, bad input, dispositions, classifications,
// acknowledges by competing dispatchers, units, statuses, closes) under a fake clock. After
// every step it checks the invariants of the projections; every few hundred steps and at the
// end, a core rebuilt from the log must read exactly like the live one.
//
// The seed is printed; rerun one with SIAGA_SIM_SEED=<seed>.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "tests/core/core_harness.h"

namespace siaga::core {
namespace {

using namespace std::chrono_literals;
using testing::CoreHarness;

// Like CHECK, but costs nothing while the condition holds (the invariants below are checked
// millions of times); `context` is streamed only on failure.
#define SIM_CHECK(cond, context)                                        \
  do {                                                                  \
    if (!(cond)) {                                                      \
      FAIL_CHECK("step " << step_ << ": " << #cond << "; " << context); \
    }                                                                   \
  } while (false)

constexpr std::uint64_t kDefaultSeed = 112112;
constexpr int kSteps = 5000;
constexpr int kReplayEverySteps = 500;
constexpr int kFullCheckEverySteps = 100;

std::uint64_t SeedFromEnv() {
  const char* text = std::getenv("SIAGA_SIM_SEED");
  if (text == nullptr || *text == '\0') {
    return kDefaultSeed;
  }
  return std::strtoull(text, nullptr, 10);
}

const std::vector<std::string> kEmergencyTexts = {
    "kebakaran rumah dekat pasar, ada korban luka",
    "House fire on Jalan Merdeka, thick smoke",
    "kecelakaan di tol, 1 orang terjepit",
    "car crash on the highway, driver trapped",
    "bapak saya pingsan, tidak sadar",
    "my father is not breathing",
    "motor saya dicuri di depan indomaret",
    "toko emas dirampok",
    "ibu dijambret di halte",
    "kebakaran hutan di gunung",
    "gempa, rumah retak",
    "ledakan di pabrik, banyak korban",
    "kakek kena serangan jantung",
    "demam tinggi",
    "tabrakan mobil dan motor di simpang",
};
const std::vector<std::string> kTriageTexts = {"ada kucing di atas pohon", "halo halo",
                                               "suara aneh di luar", "tolong"};
const std::vector<std::string> kNuisanceTexts = {"cuma iseng", "salah sambung", "test call"};
const std::vector<std::string> kNumbers = {"081200000001", "081200000002", "+6281200000003",
                                           "025400000004", "081200000005", ""};
const std::vector<std::string> kAgencies = {"police", "fire", "health"};
const std::vector<std::string> kUsers = {"dx-budi", "dx-sari", "dx-joko", "dx-ayu"};
const std::vector<std::string> kUnits = {"DAMKAR-01", "DAMKAR-02", "AMB-1", "AMB-2", "PATROL-7"};
const std::vector<std::string> kTypes = {"FIRE.STRUCTURE", "MED.CARDIAC", "CRIME.THEFT",
                                         "RESCUE.ANIMAL"};

class Simulation {
 public:
  explicit Simulation(std::uint64_t seed) : rng_(seed) {}

  void Run() {
    std::map<std::string, v1::QueueSnapshot> before = Snapshots();
    for (step_ = 1; step_ <= kSteps; ++step_) {
      const std::size_t logged_before = h_.log().size();
      Step();
      h_.Take();  // also checks the step's events continue the log without a gap
      const std::vector<v1::Event> events(
          h_.log().begin() + static_cast<std::ptrdiff_t>(logged_before), h_.log().end());
      std::map<std::string, v1::QueueSnapshot> after = Snapshots();
      CheckEventsNameChangedQueues(before, after, events);
      CheckQueues(after);
      before = std::move(after);
      if (step_ % kFullCheckEverySteps == 0) {
        CheckCalls();
      }
      if (step_ % kReplayEverySteps == 0) {
        h_.CheckReplayEquivalent();
      }
    }
    CheckCalls();
    h_.CheckReplayEquivalent();
    WARN("simulation: " << h_.core().last_sequence() << " events, " << counts_["report"]
                        << " reports, " << counts_["ack ok"] << " acknowledges, "
                        << counts_["close ok"] << " closes, " << h_.core().open_incident_count()
                        << " incidents open");
    // The run must have exercised the interesting paths, or it checks little.
    for (const char* what :
         {"report", "triage", "prank", "ghost", "retry", "rejected", "dispose ok", "classify ok",
          "ack ok", "ack lost", "assign ok", "status ok", "close ok", "flag"}) {
      INFO("path: " << what);
      CHECK(counts_[what] > 0);
    }
  }

 private:
  std::uint64_t Below(std::uint64_t n) { return rng_() % n; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

  void Step() {
    INFO("step " << step_);
    // Closes outnumber reports so the open incidents stay at a realistic few dozen (an
    // incident needs a close from each of its agencies).
    const std::uint64_t roll = Below(100);
    if (roll < 25) {
      Report();
    } else if (roll < 28) {
      Dispose();
    } else if (roll < 33) {
      Classify();
    } else if (roll < 48) {
      Acknowledge();
    } else if (roll < 56) {
      Assign();
    } else if (roll < 61) {
      Status();
    } else if (roll < 85) {
      Close();
    } else {
      AdvanceClock();
    }
  }

  // ---- Commands, each with the answer the current state says it must get

  void Report() {
    ++counts_["report"];
    const std::uint64_t kind = Below(100);
    if (kind < 5 && !telephony_ids_.empty()) {
      ++counts_["retry"];
      auto request = testing::CallRequest(Pick(telephony_ids_), "retry with other notes");
      const auto response = h_.core().ReportCall(testing::CallTaker(), request);
      REQUIRE(response.ok());
      CHECK(response->duplicate_request());
      return;
    }
    if (kind < 8) {
      ++counts_["rejected"];
      auto request = testing::CallRequest(NewTelephonyId(), "");
      const auto response = h_.core().ReportCall(testing::CallTaker(), request);
      CHECK(response.status().code() == absl::StatusCode::kInvalidArgument);
      return;
    }
    const std::string& number = Pick(kNumbers);
    v1::ReportCallRequest request;
    if (kind < 55) {
      request = testing::CallRequest(NewTelephonyId(), Pick(kEmergencyTexts), number);
    } else if (kind < 65) {
      ++counts_["triage"];
      request = testing::CallRequest(NewTelephonyId(), Pick(kTriageTexts), number);
    } else if (kind < 80) {
      ++counts_["prank"];
      request = testing::CallRequest(NewTelephonyId(), Below(2) == 0 ? "" : Pick(kEmergencyTexts),
                                     number);
      request.set_disposition(v1::DISPOSITION_PRANK);
    } else if (kind < 92) {
      ++counts_["ghost"];
      request = testing::CallRequest(NewTelephonyId(), "", number);
      request.set_silent(true);
    } else {
      request = testing::CallRequest(NewTelephonyId(), Pick(kNuisanceTexts), number);
    }
    if (Below(4) == 0) {
      auto& location = *request.mutable_location();
      location.set_latitude(-6.0 - static_cast<double>(Below(1000)) / 10000.0);
      location.set_longitude(106.0 + static_cast<double>(Below(1000)) / 10000.0);
      location.set_radius_m(static_cast<double>(Below(500)));
      location.set_method(v1::LOCATION_METHOD_AML_GNSS);
    }
    const auto response = h_.core().ReportCall(testing::CallTaker(), request);
    REQUIRE(response.ok());
    CHECK_FALSE(response->duplicate_request());
    const bool nuisance = response->disposition() != v1::DISPOSITION_EMERGENCY;
    CHECK(nuisance == (response->incident_status() == v1::INCIDENT_STATUS_CLOSED));
    if (request.disposition() == v1::DISPOSITION_PRANK) {
      CHECK(response->disposition() == v1::DISPOSITION_PRANK);
    }
    if (request.silent()) {
      CHECK(response->disposition() == v1::DISPOSITION_GHOST);
    }
    if (!response->caller_flags().empty()) {
      ++counts_["flag"];
      CHECK_FALSE(number.empty());
    }
    telephony_ids_.push_back(request.telephony_call_id());
    call_ids_.push_back(response->call_id());
  }

  void Dispose() {
    if (call_ids_.empty()) {
      return;
    }
    const std::string call_id = Pick(call_ids_);
    const v1::Incident incident = h_.Get(IncidentOfCall(call_id));
    const auto disposition = static_cast<v1::Disposition>(2 + Below(3));
    v1::DisposeCallRequest request;
    request.set_call_id(call_id);
    request.set_disposition(disposition);
    const auto response = h_.core().DisposeCall(testing::CallTaker(), request);
    if (incident.status() == v1::INCIDENT_STATUS_CLOSED) {
      CHECK(response.status().code() == absl::StatusCode::kFailedPrecondition);
      return;
    }
    REQUIRE(response.ok());
    ++counts_["dispose ok"];
    CHECK(response->incident().status() == v1::INCIDENT_STATUS_CLOSED);
  }

  void Classify() {
    const auto& open = open_;
    if (open.empty()) {
      return;
    }
    // Prefer incidents waiting in triage: that is what classification is for.
    std::vector<v1::Incident> triage;
    for (const auto& incident : open) {
      if (incident.status() == v1::INCIDENT_STATUS_TRIAGE) {
        triage.push_back(incident);
      }
    }
    const v1::Incident incident = !triage.empty() && Below(4) != 0 ? Pick(triage) : Pick(open);
    std::vector<std::string> agencies;
    for (const auto& agency : kAgencies) {
      if (Below(2) == 0) {
        agencies.push_back(agency);
      }
    }
    const auto priority = static_cast<v1::Priority>(1 + Below(4));
    const auto response = h_.Classify(incident.incident_id(), Pick(kTypes), priority, agencies);
    if (agencies.empty()) {
      CHECK(response.status().code() == absl::StatusCode::kInvalidArgument);
      return;
    }
    REQUIRE(response.ok());
    ++counts_["classify ok"];
    CHECK(response->incident().status() == v1::INCIDENT_STATUS_OPEN);
    CHECK(response->incident().classification().priority() == priority);
  }

  // A random open incident and one of its agencies (sometimes one it is not routed to).
  bool PickDispatch(v1::Incident& incident, std::string& agency) {
    const auto& open = open_;
    if (open.empty()) {
      return false;
    }
    incident = Pick(open);
    std::vector<std::string> working;  // the agencies still working on it
    for (const auto& d : incident.dispatches()) {
      if (d.state() != v1::AGENCY_STATE_CLOSED) {
        working.push_back(d.agency());
      }
    }
    const std::uint64_t kind = Below(10);
    if (working.empty() || kind == 0) {
      agency = Pick(kAgencies);
    } else if (kind == 1 && incident.dispatches_size() > 0) {
      agency = incident.dispatches(static_cast<int>(Below(incident.dispatches_size()))).agency();
    } else {
      agency = Pick(working);
    }
    return true;
  }

  static const v1::AgencyDispatch* Find(const v1::Incident& incident, const std::string& agency) {
    for (const auto& d : incident.dispatches()) {
      if (d.agency() == agency) {
        return &d;
      }
    }
    return nullptr;
  }

  static bool Workable(const v1::Incident& incident, const v1::AgencyDispatch* d) {
    return incident.status() == v1::INCIDENT_STATUS_OPEN && d != nullptr &&
           d->state() != v1::AGENCY_STATE_CLOSED;
  }

  void Acknowledge() {
    v1::Incident incident;
    std::string agency;
    if (!PickDispatch(incident, agency)) {
      return;
    }
    const v1::AgencyDispatch* d = Find(incident, agency);
    const auto response = h_.Ack(incident.incident_id(), agency, Pick(kUsers));
    if (Workable(incident, d) && d->state() == v1::AGENCY_STATE_QUEUED) {
      REQUIRE(response.ok());
      ++counts_["ack ok"];
      return;
    }
    CHECK(response.status().code() == absl::StatusCode::kFailedPrecondition);
    if (Workable(incident, d)) {
      ++counts_["ack lost"];
      CHECK_THAT(std::string(response.status().message()), Catch::Contains(d->acknowledged_by()));
    }
  }

  void Assign() {
    v1::Incident incident;
    std::string agency;
    if (!PickDispatch(incident, agency)) {
      return;
    }
    const v1::AgencyDispatch* d = Find(incident, agency);
    const std::string unit = Pick(kUnits);
    const auto response = h_.Assign(incident.incident_id(), agency, unit);
    const bool has_unit =
        d != nullptr && std::find(d->units().begin(), d->units().end(), unit) != d->units().end();
    if (Workable(incident, d) && d->state() != v1::AGENCY_STATE_QUEUED && !has_unit) {
      REQUIRE(response.ok());
      ++counts_["assign ok"];
      return;
    }
    CHECK(response.status().code() == absl::StatusCode::kFailedPrecondition);
  }

  void Status() {
    v1::Incident incident;
    std::string agency;
    if (!PickDispatch(incident, agency)) {
      return;
    }
    const v1::AgencyDispatch* d = Find(incident, agency);
    const auto state = Below(2) == 0 ? v1::AGENCY_STATE_EN_ROUTE : v1::AGENCY_STATE_ON_SCENE;
    const auto response = h_.Status(incident.incident_id(), agency, state, "catatan");
    if (Workable(incident, d) && d->state() != v1::AGENCY_STATE_QUEUED) {
      REQUIRE(response.ok());
      ++counts_["status ok"];
      return;
    }
    CHECK(response.status().code() == absl::StatusCode::kFailedPrecondition);
  }

  void Close() {
    v1::Incident incident;
    std::string agency;
    if (!PickDispatch(incident, agency)) {
      return;
    }
    const v1::AgencyDispatch* d = Find(incident, agency);
    const auto response = h_.Close(incident.incident_id(), agency, "selesai");
    if (!Workable(incident, d)) {
      CHECK(response.status().code() == absl::StatusCode::kFailedPrecondition);
      return;
    }
    REQUIRE(response.ok());
    ++counts_["close ok"];
    bool others_open = false;
    for (const auto& other : incident.dispatches()) {
      others_open =
          others_open || (other.agency() != agency && other.state() != v1::AGENCY_STATE_CLOSED);
    }
    CHECK((response->incident().status() == v1::INCIDENT_STATUS_CLOSED) == !others_open);
  }

  void AdvanceClock() {
    const std::uint64_t kind = Below(20);
    if (kind == 0) {
      h_.clock().Advance(std::chrono::hours(1 + Below(30)));
    } else {
      h_.clock().Advance(std::chrono::milliseconds(Below(600'000)));
    }
  }

  // ---- Invariants

  std::string NewTelephonyId() { return "sim-" + std::to_string(++telephony_counter_); }

  std::string IncidentOfCall(const std::string& call_id) const {
    for (const auto& event : h_.log()) {
      if (event.has_call_received() && event.call_received().call().call_id() == call_id) {
        return event.incident_id();
      }
    }
    FAIL("no CallReceived for " << call_id);
    return {};
  }

  std::vector<v1::Incident> OpenIncidents() const {
    v1::ListIncidentsRequest request;
    request.set_limit(500);
    const auto response = h_.core().ListIncidents(request);
    REQUIRE(static_cast<std::size_t>(response.incidents_size()) == h_.core().open_incident_count());
    return {response.incidents().begin(), response.incidents().end()};
  }

  std::map<std::string, v1::QueueSnapshot> Snapshots() const {
    std::map<std::string, v1::QueueSnapshot> snapshots;
    for (const auto& queue : h_.Queues()) {
      snapshots[queue] = h_.Snap(queue);
    }
    return snapshots;
  }

  // A snapshot's incidents, serialized, without the sequence stamp.
  static std::string Content(v1::QueueSnapshot snapshot) {
    snapshot.set_as_of_sequence(0);
    return snapshot.SerializeAsString();
  }

  // A queue whose content changed must be named by one of the step's events (that is what
  // WatchQueue filters on).
  void CheckEventsNameChangedQueues(const std::map<std::string, v1::QueueSnapshot>& before,
                                    const std::map<std::string, v1::QueueSnapshot>& after,
                                    const std::vector<v1::Event>& events) {
    std::set<std::string> named;
    for (const auto& event : events) {
      named.insert(event.queues().begin(), event.queues().end());
    }
    for (const auto& [queue, snapshot] : after) {
      if (named.count(queue) == 0 && Content(snapshot) != Content(before.at(queue))) {
        SIM_CHECK(named.count(queue) == 1, "queue " << queue << " changed");
      }
    }
  }

  void CheckQueues(const std::map<std::string, v1::QueueSnapshot>& snapshots) {
    INFO("step " << step_);
    std::map<std::string, std::set<std::string>> in_queue;  // incident -> queues
    for (const auto& queue : h_.Queues()) {
      const v1::QueueSnapshot& snapshot = snapshots.at(queue);
      SIM_CHECK(snapshot.as_of_sequence() == h_.core().last_sequence(), "");
      std::pair<int, std::int64_t> previous = {0, 0};
      for (const auto& incident : snapshot.incidents()) {
        SIM_CHECK(in_queue[incident.incident_id()].insert(queue).second,
                  "queue " << queue << ", incident " << incident.incident_id());
        SIM_CHECK(incident.status() != v1::INCIDENT_STATUS_CLOSED,
                  "queue " << queue << ", incident " << incident.incident_id());
        std::int64_t arrived_ms = FromProto(incident.created_time()).time_since_epoch().count();
        if (queue == kTriageQueue) {
          SIM_CHECK(incident.status() == v1::INCIDENT_STATUS_TRIAGE,
                    "queue " << queue << ", incident " << incident.incident_id());
        } else {
          SIM_CHECK(incident.status() == v1::INCIDENT_STATUS_OPEN,
                    "queue " << queue << ", incident " << incident.incident_id());
          const v1::AgencyDispatch* d = Find(incident, queue);
          if (d == nullptr) {
            FAIL("no dispatch for its queue");
          }
          SIM_CHECK(d->state() != v1::AGENCY_STATE_CLOSED,
                    "queue " << queue << ", incident " << incident.incident_id());
          arrived_ms = FromProto(d->queued_time()).time_since_epoch().count();
        }
        const std::pair<int, std::int64_t> order = {incident.classification().priority(),
                                                    arrived_ms};
        SIM_CHECK(previous <= order, "queue " << queue << ", incident " << incident.incident_id());
        previous = order;
      }
    }
    // The other way round: every open incident waits in the queues its state says, so no
    // accepted call is ever out of sight.
    std::uint32_t triage_depth = 0;
    open_ = OpenIncidents();
    for (const auto& incident : open_) {
      std::set<std::string> expected;
      if (incident.status() == v1::INCIDENT_STATUS_TRIAGE) {
        expected.insert(kTriageQueue);
        ++triage_depth;
      } else {
        for (const auto& d : incident.dispatches()) {
          if (d.state() != v1::AGENCY_STATE_CLOSED) {
            expected.insert(d.agency());
          }
        }
      }
      SIM_CHECK(!expected.empty(), "open incident " << incident.incident_id() << " is in no queue");
      SIM_CHECK(in_queue[incident.incident_id()] == expected,
                "open incident " << incident.incident_id());
      in_queue.erase(incident.incident_id());
    }
    for (const auto& [id, queues] : in_queue) {
      SIM_CHECK(queues.empty(), "incident " << id << " is queued but not open");
    }
    const v1::LoadReport load = h_.core().Load();
    SIM_CHECK(load.incidents_open() == h_.core().open_incident_count(), "");
    for (const auto& queue_load : load.queues()) {
      if (queue_load.queue() == kTriageQueue) {
        SIM_CHECK(queue_load.depth() == triage_depth, "");
      }
      std::uint32_t by_priority = 0;
      for (auto n : queue_load.depth_by_priority()) {
        by_priority += n;
      }
      SIM_CHECK(by_priority == queue_load.depth(), "");
      SIM_CHECK(queue_load.depth() + queue_load.in_progress() ==
                    static_cast<std::uint32_t>(snapshots.at(queue_load.queue()).incidents_size()),
                "");
    }
  }

  // Every call belongs to exactly one incident, the one its CallReceived named.
  void CheckCalls() {
    INFO("step " << step_);
    std::map<std::string, std::string> incident_of_call;
    std::uint64_t incidents = 0;
    for (const auto& event : h_.log()) {
      if (event.has_call_received()) {
        SIM_CHECK(
            incident_of_call.emplace(event.call_received().call().call_id(), event.incident_id())
                .second,
            "");
      }
      incidents += event.has_incident_opened() ? 1 : 0;
    }
    std::set<std::string> seen;
    for (std::uint64_t n = 1; n <= incidents; ++n) {
      const v1::Incident incident = h_.Get(fmt::format("I-{:06d}", n));
      SIM_CHECK(incident.calls_size() >= 1, incident.incident_id());
      for (const auto& call : incident.calls()) {
        SIM_CHECK(seen.insert(call.call_id()).second, call.call_id() << " in two incidents");
        SIM_CHECK(incident_of_call[call.call_id()] == incident.incident_id(), call.call_id());
      }
    }
    SIM_CHECK(seen.size() == incident_of_call.size(), "");
    SIM_CHECK(h_.core().Load().calls_total() == incident_of_call.size(), "");
  }

  std::mt19937_64 rng_;
  CoreHarness h_;
  int step_ = 0;
  int telephony_counter_ = 0;
  std::vector<std::string> telephony_ids_;
  std::vector<std::string> call_ids_;
  std::map<std::string, int> counts_;
  std::vector<v1::Incident> open_;  // as of the last step's checks
};

TEST_CASE("A random mix of thousands of commands keeps every invariant and replays exactly",
          "[sim]") {
  const std::uint64_t seed = SeedFromEnv();
  WARN("SIAGA_SIM_SEED=" << seed);
  INFO("SIAGA_SIM_SEED=" << seed);
  Simulation(seed).Run();
}

}  // namespace
}  // namespace siaga::core
