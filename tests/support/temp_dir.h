// TempDir: a fresh directory for one test, removed with everything in it when the TempDir goes
// out of scope, so tests that need real files (SQLite, config) never share or leak state.
// Header-only so any test target can use it with the include dir ${SIAGA_SOURCE_DIR} (public via
// siaga_common): #include "tests/support/temp_dir.h".
//
// Thread-safety: path() and File() may be called from any thread; construction and destruction
// belong to the owning test.
#pragma once

#include <stdlib.h>  // mkdtemp (POSIX)

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace siaga::testing {

class TempDir {
 public:
  // Creates <$TMPDIR or /tmp>/siaga-test-XXXXXX. Throws std::runtime_error if it cannot: a test
  // without its directory cannot run, and Catch2 reports the exception as the test's failure.
  TempDir() {
    const char* tmpdir = std::getenv("TMPDIR");
    const std::filesystem::path base = (tmpdir != nullptr && *tmpdir != '\0') ? tmpdir : "/tmp";
    std::string pattern = (base / "siaga-test-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) == nullptr) {
      throw std::runtime_error("TempDir: mkdtemp(" + pattern + ") failed: " + std::strerror(errno));
    }
    path_ = buffer.data();
  }

  ~TempDir() {
    std::error_code ignored;  // a destructor must not throw; a leftover dir is only clutter
    std::filesystem::remove_all(path_, ignored);
  }

  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // The path of name inside the directory, as a string (what most APIs take).
  std::string File(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace siaga::testing
