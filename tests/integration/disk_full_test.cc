// A full disk under the real dispatcher: the data directory is a 4 MiB tmpfs the test mounts
// (root only; skipped with a message otherwise). A commit that hits ENOSPC answers
// UNAVAILABLE, changes nothing, is counted in /metrics; once space returns the same call
// succeeds without a restart, and a restart replays a gap-free log.
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <regex>

#include "tests/integration/metrics_scrape.h"
#include "tests/integration/security_fixture.h"
#include "tests/support/fixture.h"

using namespace siaga;
using namespace siaga::testing;

namespace {

constexpr std::size_t kFilesystemBytes = 4 << 20;

// Mounts a size-limited tmpfs on `path`; unmounts it (lazily, so a leftover open file cannot
// keep it) when destroyed.
class SmallFilesystem {
 public:
  explicit SmallFilesystem(const std::string& path) : path_(path) {
    std::filesystem::create_directories(path);
    const std::string options = "size=" + std::to_string(kFilesystemBytes);
    mounted_ = ::mount("tmpfs", path.c_str(), "tmpfs", 0, options.c_str()) == 0;
    error_ = mounted_ ? "" : std::strerror(errno);
  }
  ~SmallFilesystem() {
    if (mounted_) {
      ::umount2(path_.c_str(), MNT_DETACH);
    }
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

  // Writes `file` until the file system is full; bounded by its size.
  void Fill(const std::string& file) const {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE(fd >= 0);
    const std::string chunk(64 << 10, 'x');
    bool full = false;
    for (std::size_t i = 0; i < kFilesystemBytes / chunk.size() + 16 && !full; ++i) {
      full = ::write(fd, chunk.data(), chunk.size()) < static_cast<ssize_t>(chunk.size());
    }
    // Byte by byte into the last partial page, so not even a small append fits.
    for (std::size_t i = 0; i < chunk.size() && ::write(fd, "x", 1) == 1; ++i) {
    }
    ::close(fd);
    REQUIRE(full);
  }

 private:
  std::string path_;
  bool mounted_ = false;
  std::string error_;
};

grpc::Status Report(v1::CallIntake::Stub& stub, const std::string& id) {
  v1::ReportCallResponse response;
  auto context = Context(kCallTaker);
  return stub.ReportCall(context.get(), FireCall(id), &response);
}

}  // namespace

TEST_CASE("a full disk answers UNAVAILABLE, changes nothing, and recovers when space returns",
          "[integration][disk]") {
  if (::geteuid() != 0) {
    WARN("skipped: mounting the size-limited tmpfs this test needs requires root");
    return;
  }
  TempDir tmp;
  SmallFilesystem fs(tmp.File("small"));
  if (!fs.mounted()) {
    WARN("skipped: cannot mount a tmpfs here (" << fs.error() << ")");
    return;
  }
  const std::string config =
      WriteFile(tmp, "metrics.toml", "[metrics]\nlisten = \"127.0.0.1:0\"\n");
  std::filesystem::create_directories(tmp.File("small/data"));
  DispatcherProcess process(SIAGA_DISPATCHER_BIN, tmp.File("small/data"), {"--config", config});
  process.Start();
  const int metrics_port = MetricsPort(process.Log());
  auto channel = Connect(process.address());
  auto intake = v1::CallIntake::NewStub(channel);
  auto supervision = v1::Supervision::NewStub(channel);
  const auto last_sequence = [&] {
    v1::ListIncidentsRequest request;
    v1::ListIncidentsResponse response;
    auto context = Context(kSupervisor);
    REQUIRE(supervision->ListIncidents(context.get(), request, &response).ok());
    return std::pair{response.as_of_sequence(), response.incidents_size()};
  };
  REQUIRE(Report(*intake, "before").ok());
  const auto before = last_sequence();

  fs.Fill(tmp.File("small/filler"));
  const grpc::Status full = Report(*intake, "during");
  CHECK(full.error_code() == grpc::StatusCode::UNAVAILABLE);
  CHECK(full.error_message().find("nothing was changed") != std::string::npos);
  CHECK(last_sequence() == before);  // reads still work, and show nothing of the failed call
  auto samples = Samples(HttpGet(metrics_port, "/metrics"));
  CHECK(Get(samples, "siaga_commit_failures_total") == 1);
  CHECK(Get(samples, R"(siaga_rejects_total{code="UNAVAILABLE"})") == 1);

  std::filesystem::remove(tmp.File("small/filler"));
  v1::ReportCallResponse retried;
  auto context = Context(kCallTaker);
  REQUIRE(intake->ReportCall(context.get(), FireCall("during"), &retried).ok());
  CHECK(retried.incident_id() == "I-000002");  // the failed attempt used up no id
  const auto after = last_sequence();
  CHECK(after.first == before.first + 3);
  samples = Samples(HttpGet(metrics_port, "/metrics"));
  CHECK(Get(samples, "siaga_commit_failures_total") == 1);

  // The log on disk is whole: a restart replays it to the same sequence.
  CHECK(process.Stop() == 0);
  process.Start();
  channel = Connect(process.address());
  supervision = v1::Supervision::NewStub(channel);
  CHECK(last_sequence() == after);
}
