// The rules-file classifier: a call-taker's free text (Bahasa Indonesia or English) in, an
// incident type, priority P1-P4, the agencies to route to, a confidence and the evidence out.
// Rules are data (dispatcher/rules/classifier.toml, format in docs/classifier.md), loaded and
// validated once at start.
//
// Thread-safety: immutable after construction; Classify() may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include <absl/status/statusor.h>

#include "siaga/v1/incident.pb.h"

namespace siaga::classify {

struct CallFacts {
  std::string_view text;    // the call-taker's notes
  bool silent = false;      // telephony heard no voice
  std::uint32_t duration_s = 0;  // 0 = unknown
};

class Classifier {
 public:
  // Parses and validates a rules file. Every agency a rule names must be in known_agencies;
  // any error names the rule and what is wrong with it.
  static absl::StatusOr<std::unique_ptr<Classifier>> FromToml(
      std::string_view toml_text, const std::set<std::string>& known_agencies);
  static absl::StatusOr<std::unique_ptr<Classifier>> FromFile(
      const std::string& path, const std::set<std::string>& known_agencies);

  ~Classifier();
  Classifier(const Classifier&) = delete;
  Classifier& operator=(const Classifier&) = delete;

  // Never fails: text it cannot place gets needs_triage = true (a person decides), never a
  // dropped call. A ghost/prank/non-emergency suggestion is in Classification.disposition;
  // otherwise disposition is DISPOSITION_EMERGENCY.
  v1::Classification Classify(const CallFacts& facts) const;

 private:
  struct Rules;
  explicit Classifier(std::unique_ptr<const Rules> rules);
  std::unique_ptr<const Rules> rules_;
};

}  // namespace siaga::classify
