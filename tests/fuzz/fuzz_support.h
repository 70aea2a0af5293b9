// What the fuzz targets share: the libFuzzer entry point's signature, the check that a string
// survives protobuf's own parser, and a quiet protobuf log. Every target is built twice from the
// same source (tests/fuzz/CMakeLists.txt): with libFuzzer by scripts/fuzz, and with the corpus
// replay driver (replay_main.cc) in the normal build.
// Thread-safety: none; libFuzzer and the replay driver call a target from one thread.
#pragma once

#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "siaga/v1/incident.pb.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
// Optional; libFuzzer calls it once before the first input. Targets with a costly setup (the
// shipped rules: a 36 KB TOML file, most of a second under ASan) do it here, so it never
// counts against the first input's timeout. The replay driver does not need it: the setup is
// a function-local static either way.
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace siaga::fuzz {

// Protobuf logs an error for every string that is not UTF-8; millions of inputs make that
// noise, not signal. The targets check UTF-8 themselves (ProtobufAcceptsText).
inline void QuietProtobufLog() {
  static const bool quiet = [] {
    google::protobuf::SetLogHandler(nullptr);
    return true;
  }();
  (void)quiet;
}

// True when protobuf parses `text` back from the wire as a string field. The event log is
// protobuf: a stored string it refuses makes the event unreadable, and every replay stops there.
inline bool ProtobufAcceptsText(std::string_view text) {
  v1::Location holder;
  holder.set_description(std::string(text));
  v1::Location parsed;
  return parsed.ParseFromString(holder.SerializeAsString());
}

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace siaga::fuzz
