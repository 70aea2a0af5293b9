// Fuzz target classify_text: a call-taker's notes, as typed, through the shipped classifier
// rules (dispatcher/classify). Input: byte 0 bit 0 = silent call, bytes 1-2 = the call's
// duration in seconds (little-endian), the rest = the notes.
// Checks, beyond no crash, hang or undefined behaviour: the answer is one the core can route
// (a valid priority and disposition, only configured agencies, a confidence in 0..1), and for
// notes protobuf accepts, every string of the answer is accepted too: the classification is
// written into the event log, where a string protobuf refuses would stop every replay.
#include <cmath>
#include <memory>
#include <set>
#include <string>

#include "common/assert.h"
#include "common/limits.h"
#include "dispatcher/classify/classifier.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

const std::set<std::string> kAgencies = {"police", "fire", "health"};

const siaga::classify::Classifier& Shipped() {
  static const std::unique_ptr<siaga::classify::Classifier> classifier = [] {
    auto loaded = siaga::classify::Classifier::FromFile(SIAGA_RULES_PATH, kAgencies);
    SIAGA_ASSERT(loaded.ok());
    return std::move(loaded).value();
  }();
  return *classifier;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  Shipped();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  siaga::fuzz::QuietProtobufLog();
  if (size < 3) {
    return 0;
  }
  const bool silent = (data[0] & 1) != 0;
  const std::uint32_t duration_s = data[1] | (static_cast<std::uint32_t>(data[2]) << 8);
  const std::string_view text = siaga::fuzz::AsText(data + 3, size - 3);

  const siaga::v1::Classification c =
      Shipped().Classify({.text = text, .silent = silent, .duration_s = duration_s});

  SIAGA_ASSERT(siaga::v1::Priority_IsValid(c.priority()));
  SIAGA_ASSERT(c.disposition() != siaga::v1::DISPOSITION_UNSPECIFIED);
  SIAGA_ASSERT(siaga::v1::Disposition_IsValid(c.disposition()));
  SIAGA_ASSERT(std::isfinite(c.confidence()) && c.confidence() >= 0.0 && c.confidence() <= 1.0);
  SIAGA_ASSERT(c.agencies_size() <= static_cast<int>(siaga::limits::kAgenciesPerIncidentMax));
  for (const std::string& agency : c.agencies()) {
    SIAGA_ASSERT(kAgencies.contains(agency));
  }
  // Every caller bounds the notes at kCallTextBytesMax first (validate.cc, the service).
  if (text.size() <= siaga::limits::kCallTextBytesMax && siaga::fuzz::ProtobufAcceptsText(text)) {
    siaga::v1::Classification parsed;
    SIAGA_ASSERT(parsed.ParseFromString(c.SerializeAsString()));
  }
  return 0;
}
