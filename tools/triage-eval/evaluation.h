// triage-eval's engine: reads a labelled CSV of call notes (the Montgomery County CAD export or
// our Indonesian set, see tools/triage-eval/README.md), classifies every record with the same
// siaga::classify::Classifier the dispatcher uses, and reports quality and timing.
//
// Thread-safety: none needed; the tool is single-threaded.
#pragma once

#include <absl/status/statusor.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "dispatcher/classify/classifier.h"

namespace siaga::triage_eval {

enum class Format { kMontgomery, kIndonesian };

// One labelled record, whatever the file format.
struct Record {
  std::string id;
  std::string text;
  bool silent = false;
  std::uint32_t duration_s = 0;
  // Montgomery: "EMERGENCY" and one agency. Indonesian: the expected disposition (EMERGENCY,
  // PRANK, GHOST, NON_EMERGENCY, or TRIAGE for notes a person must read) and, for emergencies,
  // every agency the call must reach.
  std::string expected_disposition;
  std::set<std::string> expected_agencies;
  v1::Priority expected_min_priority = v1::PRIORITY_UNSPECIFIED;  // at least this urgent
};

struct Dataset {
  Format format = Format::kIndonesian;
  std::vector<Record> records;
};

// Reads a labelled CSV and recognises its format by the header (a reason_text column means
// Montgomery). limit = 0 reads every record. Errors name the record and the problem.
absl::StatusOr<Dataset> ReadDataset(const std::string& path, std::size_t limit);

// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. Exposed for tests.
absl::StatusOr<std::vector<std::vector<std::string>>> ParseCsv(const std::string& text);

// The figures of one run. Shares are 0..1.
struct Summary {
  std::size_t records = 0;
  // Montgomery: the labelled agency reached. Indonesian: every expected agency reached.
  // "Reached" means routed: a call sent to triage reaches nobody yet.
  double agency_recall = 0;
  double agencies_per_routed = 0;  // mean size of the routed set, over routed records
  double agencies_per_record = 0;  // same, over every record (triage and closed count 0)
  double triage_share = 0;         // records that went to the triage queue
  std::size_t unrouted = 0;        // emergencies closed as prank/ghost/non-emergency
  // Indonesian set only.
  std::size_t emergencies = 0;
  double emergencies_all_agencies = 0;  // share of emergencies routed to every expected agency
  double emergencies_priority_ok = 0;   // share routed at least as urgent as expected
  std::size_t nuisance = 0;             // expected prank, ghost or non-emergency
  double nuisance_disposition = 0;      // share of those that got exactly that disposition
  std::size_t p1_as_prank = 0;          // expected P1, classified as prank
  // Time of Classify() alone, measured in the tool (printed, never asserted).
  double classify_us_median = 0;
  double classify_us_p99 = 0;
  double classify_us_max = 0;
};

struct Report {
  Summary summary;
  std::string markdown;  // the tables of docs/triage.md
};

// Classifies every record `repeat` times (the timing uses every run; the figures the first).
Report Evaluate(const classify::Classifier& classifier, const Dataset& dataset,
                const std::string& title, int misses_max, int repeat);

}  // namespace siaga::triage_eval
