// A seeded, deterministic randomized simulation of the dispatch core: thousands of random
// commands (calls of every kind, retries, bad input, duplicates attached, dispositions,
// classifications, acknowledges by competing dispatchers, units and their status reports,
// merges, splits, notes, callbacks, escalations, closes) under a fake clock. After every step
// it checks the invariants of the projections (queues equal the projection of the log, no unit
// in two incidents); every few hundred steps the core restarts from the log (a core rebuilt
// from the log must read exactly like the live one, and the run goes on with it).
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

#include "common/limits.h"
#include "dispatcher/core/duplicates.h"
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
      FollowCalls(events);
      std::map<std::string, v1::QueueSnapshot> after = Snapshots();
      CheckEventsNameChangedQueues(before, after, events);
      CheckQueues(after);
      CheckUnits();
      before = std::move(after);
      if (step_ % kFullCheckEverySteps == 0) {
        CheckCalls();
      }
      if (step_ % kReplayEverySteps == 0) {
        h_.Restart();
        ++counts_["restart"];
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
          "ack ok", "ack lost", "assign ok", "status ok", "close ok", "flag", "attached",
          "merge ok", "split ok", "note ok", "callback ok", "unit status ok", "unit busy",
          "escalated", "restart", "duplicate check"}) {
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
    } else if (roll < 27) {
      Dispose();
    } else if (roll < 31) {
      Classify();
    } else if (roll < 43) {
      Acknowledge();
    } else if (roll < 50) {
      Assign();
    } else if (roll < 54) {
      Status();
    } else if (roll < 58) {
      UnitStatus();
    } else if (roll < 61) {
      Merge();
    } else if (roll < 63) {
      Split();
    } else if (roll < 65) {
      Note();
    } else if (roll < 67) {
      Callback();
    } else if (roll < 87) {
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
    const std::uint64_t where = Below(8);
    if (where < 2) {
      auto& location = *request.mutable_location();
      location.set_latitude(-6.0 - static_cast<double>(Below(1000)) / 10000.0);
      location.set_longitude(106.0 + static_cast<double>(Below(1000)) / 10000.0);
      location.set_radius_m(static_cast<double>(Below(500)));
      location.set_method(v1::LOCATION_METHOD_AML_GNSS);
    } else if (where < 4) {
      // Near one of three hot spots (a factory fire, a flooded market, a crash on the toll
      // road): precise fixes within ~100 m, so strong duplicates happen.
      auto& location = *request.mutable_location();
      const double spot = static_cast<double>(Below(3));
      location.set_latitude(-6.01 - spot / 100.0 + static_cast<double>(Below(100)) / 1e6);
      location.set_longitude(106.05 + static_cast<double>(Below(100)) / 1e6);
      location.set_radius_m(static_cast<double>(5 + Below(40)));
      location.set_method(v1::LOCATION_METHOD_AML_GNSS);
      request.set_new_incident(Below(10) == 0);
    } else if (where == 4 && !open_.empty() && request.disposition() == v1::DISPOSITION_UNSPECIFIED &&
               !request.silent()) {
      request.set_attach_to_incident_id(Pick(open_).incident_id());
    }
    if (request.has_location()) {
      CheckDuplicatePoolPrunesNothing(request);
    }
    const auto response = h_.core().ReportCall(testing::CallTaker(), request);
    if (!request.attach_to_incident_id().empty() && !response.ok()) {
      // The classifier called it prank/ghost/non-emergency: such calls are never attached.
      CHECK(response.status().code() == absl::StatusCode::kFailedPrecondition);
      return;
    }
    REQUIRE(response.ok());
    CHECK_FALSE(response->duplicate_request());
    if (response->attached()) {
      ++counts_["attached"];
      CHECK(response->incident_status() != v1::INCIDENT_STATUS_CLOSED);
      if (!request.attach_to_incident_id().empty()) {
        CHECK(response->incident_id() == request.attach_to_incident_id());
      }
    }
    if (request.new_incident()) {
      CHECK_FALSE(response->attached());
    }
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
    const v1::Incident incident = h_.Get(incident_of_call_.at(call_id));
    const auto disposition = static_cast<v1::Disposition>(2 + Below(3));
    v1::DisposeCallRequest request;
    request.set_call_id(call_id);
    request.set_disposition(disposition);
    const auto response = h_.core().DisposeCall(testing::CallTaker(), request);
    bool same = false;
    bool others_are_emergencies = false;
    for (const auto& call : incident.calls()) {
      if (call.call_id() == call_id) {
        same = call.disposition() == disposition;
      } else {
        others_are_emergencies = others_are_emergencies ||
                                 call.disposition() == v1::DISPOSITION_EMERGENCY ||
                                 call.disposition() == v1::DISPOSITION_UNSPECIFIED;
      }
    }
    if (incident.status() == v1::INCIDENT_STATUS_CLOSED || same) {
      CHECK(response.status().code() == absl::StatusCode::kFailedPrecondition);
      return;
    }
    REQUIRE(response.ok());
    ++counts_["dispose ok"];
    // One prank among real callers does not close the incident they called about.
    CHECK((response->incident().status() == v1::INCIDENT_STATUS_CLOSED) ==
          !others_are_emergencies);
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
    const v1::Unit* known = h_.core().units().Find(unit);
    const bool busy = known != nullptr && (!known->incident_id().empty() ||
                                           known->status() == v1::UNIT_STATUS_OUT_OF_SERVICE);
    const auto response = h_.Assign(incident.incident_id(), agency, unit);
    if (known != nullptr && known->agency() != agency && Workable(incident, d) &&
        d->state() != v1::AGENCY_STATE_QUEUED) {
      CHECK(response.status().code() == absl::StatusCode::kInvalidArgument);  // another agency's
      return;
    }
    if (Workable(incident, d) && d->state() != v1::AGENCY_STATE_QUEUED && !busy) {
      REQUIRE(response.ok());
      ++counts_["assign ok"];
      return;
    }
    counts_["unit busy"] += busy ? 1 : 0;
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

  // A known unit reports a status; the answer must match what its state allows.
  void UnitStatus() {
    const v1::Unit* unit = h_.core().units().Find(Pick(kUnits));
    if (unit == nullptr) {
      return;
    }
    const v1::Unit before = *unit;
    const auto status = static_cast<v1::UnitStatus>(1 + Below(7));
    v1::UpdateUnitStatusRequest request;
    request.set_unit_id(before.unit_id());
    request.set_agency(before.agency());
    request.set_status(status);
    const auto response =
        h_.core().UpdateUnitStatus(testing::Dispatcher("dx-" + before.agency()), request);
    const bool committed = !before.incident_id().empty();
    if (status == v1::UNIT_STATUS_DISPATCHED) {
      CHECK(response.status().code() == absl::StatusCode::kInvalidArgument);
    } else if (status == before.status() ||
               (status == v1::UNIT_STATUS_OUT_OF_SERVICE && committed) ||
               (status != v1::UNIT_STATUS_AVAILABLE &&
                status != v1::UNIT_STATUS_OUT_OF_SERVICE && !committed)) {
      CHECK(response.status().code() == absl::StatusCode::kFailedPrecondition);
    } else {
      REQUIRE(response.ok());
      ++counts_["unit status ok"];
      CHECK(response->unit().status() == status);
    }
  }

  void Merge() {
    if (open_.size() < 2) {
      return;
    }
    const v1::Incident source = Pick(open_);
    const v1::Incident target = Pick(open_);
    v1::MergeIncidentsRequest request;
    request.set_source_incident_id(source.incident_id());
    request.set_target_incident_id(target.incident_id());
    request.set_reason("same emergency");
    const auto response = h_.core().MergeIncidents(testing::Supervisor(), request);
    if (source.incident_id() == target.incident_id() ||
        source.calls_size() + target.calls_size() >
            static_cast<int>(limits::kCallsPerIncidentMax)) {
      CHECK(response.status().code() == absl::StatusCode::kFailedPrecondition);
      return;
    }
    REQUIRE(response.ok());
    ++counts_["merge ok"];
    CHECK(response->incident().calls_size() == source.calls_size() + target.calls_size());
    CHECK(h_.Get(source.incident_id()).merged_into() == target.incident_id());
  }

  void Split() {
    if (open_.empty()) {
      return;
    }
    const v1::Incident incident = Pick(open_);
    const v1::Call& call = incident.calls(static_cast<int>(Below(incident.calls_size())));
    v1::SplitIncidentRequest request;
    request.set_incident_id(incident.incident_id());
    request.set_call_id(call.call_id());
    request.set_reason("a different emergency");
    const auto response = h_.core().SplitIncident(testing::CallTaker(), request);
    if (incident.calls_size() < 2 || call.disposition() != v1::DISPOSITION_EMERGENCY) {
      CHECK(response.status().code() == absl::StatusCode::kFailedPrecondition);
      return;
    }
    REQUIRE(response.ok());
    ++counts_["split ok"];
    CHECK(response->incident().calls_size() == incident.calls_size() - 1);
    CHECK(response->new_incident().calls(0).call_id() == call.call_id());
  }

  void Note() {
    if (open_.empty()) {
      return;
    }
    v1::AddNoteRequest request;
    request.set_incident_id(Pick(open_).incident_id());
    request.set_text("catatan lapangan");
    const auto response = h_.core().AddNote(testing::CallTaker(), request);
    REQUIRE(response.ok());
    ++counts_["note ok"];
  }

  void Callback() {
    if (call_ids_.empty()) {
      return;
    }
    v1::RecordCallbackRequest request;
    request.set_call_id(Pick(call_ids_));
    request.set_outcome(static_cast<v1::CallbackOutcome>(1 + Below(4)));
    const auto response = h_.core().RecordCallback(testing::CallTaker(), request);
    if (response.ok()) {
      ++counts_["callback ok"];
    } else {
      CHECK(response.status().code() == absl::StatusCode::kResourceExhausted);
    }
  }

  void AdvanceClock() {
    const std::uint64_t kind = Below(20);
    if (kind == 0) {
      h_.clock().Advance(std::chrono::hours(1 + Below(30)));
    } else {
      h_.clock().Advance(std::chrono::milliseconds(Below(600'000)));
    }
    // The engine's deadline tick: whatever is past its deadline escalates, once.
    const std::size_t escalated = h_.core().Escalate();
    counts_["escalated"] += static_cast<int>(escalated);
    if (escalated > 0) {
      CHECK(h_.core().Escalate() == 0);
    }
    CheckNothingOverdue();
  }

  // After a tick, no part of an open incident is past a deadline without its escalation: the
  // tick reads only the front of the core's deadline index, and this scan of every open
  // incident is what it must agree with.
  void CheckNothingOverdue() {
    const TimePoint now = h_.clock().Now();
    for (const auto& incident : OpenIncidents()) {
      if (incident.status() != v1::INCIDENT_STATUS_OPEN) {
        continue;
      }
      const auto index = static_cast<std::size_t>(
          std::clamp<int>(incident.classification().priority(), 1, 4) - 1);
      for (const auto& d : incident.dispatches()) {
        const AgencyConfig* agency = h_.config().FindAgency(d.agency());
        if (agency == nullptr || d.state() == v1::AGENCY_STATE_CLOSED) {
          continue;
        }
        const std::int64_t waited_s = SecondsBetween(FromProto(d.queued_time()), now);
        SIM_CHECK(!(d.state() == v1::AGENCY_STATE_QUEUED && !d.has_acknowledge_escalated_time() &&
                    waited_s >= agency->acknowledge_deadline_s[index]),
                  incident.incident_id() << " " << d.agency() << " overdue to acknowledge");
        SIM_CHECK(!(d.units_size() == 0 && !d.has_dispatch_escalated_time() &&
                    waited_s >= agency->dispatch_deadline_s[index] &&
                    (d.state() == v1::AGENCY_STATE_QUEUED ||
                     d.state() == v1::AGENCY_STATE_ACKNOWLEDGED)),
                  incident.incident_id() << " " << d.agency() << " overdue for a unit");
      }
    }
  }

  // ---- Invariants

  std::string NewTelephonyId() { return "sim-" + std::to_string(++telephony_counter_); }

  // The core looks only at recently called incidents (its recency index); a brute-force scan
  // of every open incident must find exactly the same candidates.
  void CheckDuplicatePoolPrunesNothing(const v1::ReportCallRequest& request) {
    v1::FindDuplicatesRequest find;
    *find.mutable_location() = request.location();
    find.set_text(request.text());
    const auto found = h_.core().FindDuplicates(find);
    REQUIRE(found.ok());
    std::vector<const v1::Incident*> all;
    for (const auto& incident : open_) {
      all.push_back(&incident);
    }
    const auto expected = FindDuplicateCandidates(
        h_.config().duplicates, WithLastCallTimes(all),
        {.location = &request.location(),
         .type_code = testing::ShippedClassifier().Classify({.text = request.text()}).type_code(),
         .now = h_.clock().Now()},
        limits::kDuplicateCandidatesMax);
    SIM_CHECK(static_cast<std::size_t>(found->candidates_size()) == expected.size(),
              found->candidates_size() << " vs " << expected.size());
    for (std::size_t i = 0; i < expected.size() && i < static_cast<std::size_t>(found->candidates_size()); ++i) {
      SIM_CHECK(found->candidates(static_cast<int>(i)).incident_id() == expected[i].incident_id(),
                "candidate " << i);
    }
    counts_["duplicate check"] += 1;
  }

  // Where each call is, as the log says: received into an incident, moved by a merge or a
  // split. CheckCalls compares the projections with it.
  void FollowCalls(const std::vector<v1::Event>& events) {
    for (const auto& event : events) {
      if (event.has_call_received()) {
        SIM_CHECK(incident_of_call_
                      .emplace(event.call_received().call().call_id(), event.incident_id())
                      .second,
                  "call received twice");
      } else if (event.has_incident_merged()) {
        for (const auto& call_id : event.incident_merged().call_ids()) {
          incident_of_call_[call_id] = event.incident_merged().into_incident_id();
        }
      } else if (event.has_call_detached()) {
        incident_of_call_[event.call_detached().call_id()] =
            event.call_detached().new_incident_id();
      }
    }
  }

  // No unit in two incidents: a committed unit is listed by exactly the open part of its
  // agency in its incident, and every unit an open part lists is committed there.
  void CheckUnits() {
    std::map<std::string, std::string> listed_by;  // unit -> incident whose open part lists it
    for (const auto& incident : open_) {
      for (const auto& d : incident.dispatches()) {
        if (d.state() == v1::AGENCY_STATE_CLOSED) {
          continue;
        }
        for (const auto& unit : d.units()) {
          SIM_CHECK(listed_by.emplace(unit, incident.incident_id()).second,
                    "unit " << unit << " in " << incident.incident_id() << " and "
                            << listed_by[unit]);
          const v1::Unit* u = h_.core().units().Find(unit);
          SIM_CHECK(u != nullptr && u->incident_id() == incident.incident_id() &&
                        u->agency() == d.agency(),
                    "unit " << unit << " of " << incident.incident_id());
        }
      }
    }
    for (const auto& id : kUnits) {
      const v1::Unit* unit = h_.core().units().Find(id);
      if (unit != nullptr && !unit->incident_id().empty()) {
        SIM_CHECK(listed_by.count(id) == 1 && listed_by[id] == unit->incident_id(),
                  "unit " << id << " committed to " << unit->incident_id());
      }
    }
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

  // Every call belongs to exactly one incident: the one the log last put it in.
  void CheckCalls() {
    INFO("step " << step_);
    const auto& incident_of_call = incident_of_call_;
    std::uint64_t incidents = 0;
    for (const auto& event : h_.log()) {
      incidents += event.has_incident_opened() || event.has_call_detached() ? 1 : 0;
    }
    std::set<std::string> seen;
    for (std::uint64_t n = 1; n <= incidents; ++n) {
      const v1::Incident incident = h_.Get(fmt::format("I-{:06d}", n));
      // Only an incident merged into another is left without calls.
      SIM_CHECK(incident.calls_size() >= 1 || !incident.merged_into().empty(),
                incident.incident_id());
      for (const auto& call : incident.calls()) {
        SIM_CHECK(seen.insert(call.call_id()).second, call.call_id() << " in two incidents");
        SIM_CHECK(incident_of_call.at(call.call_id()) == incident.incident_id(), call.call_id());
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
  std::map<std::string, std::string> incident_of_call_;
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
