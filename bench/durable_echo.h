// The "durable echo" and "durable push" baselines (bench_bare_server --durable-dir): the bare
// echo's ReportCall, answered only once two events of the dispatcher's size for the call are
// on disk. It writes through the dispatcher's own event log (dispatcher/store: SQLite WAL,
// synchronous=FULL, its checkpointer thread), with group commit on one committer thread that
// answers each batch after its commit, as the dispatcher's engine does, and pushes the report
// to the watchers only then. It is the dispatcher without its core: no classification, no
// state. Against the bare echo it shows what durability costs at the framework's limit;
// against it the dispatcher shows what its core costs.
//
// Thread-safety: Submit() from any thread; the reactors are finished on the committer thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <absl/status/statusor.h>
#include <grpcpp/grpcpp.h>

#include "dispatcher/store/sqlite_event_log.h"
#include "siaga/v1/dispatch.pb.h"

namespace siaga::bench {

class DurableEcho {
 public:
  // Opens (creates) the log in `dir`/siaga.db and starts the committer.
  static absl::StatusOr<std::unique_ptr<DurableEcho>> Open(const std::string& dir);
  // Answers what is still pending, then stops the committer. Call after the server's Wait().
  ~DurableEcho();
  DurableEcho(const DurableEcho&) = delete;
  DurableEcho& operator=(const DurableEcho&) = delete;

  // Called on the committer thread once the events are durable, with the first one's sequence.
  using OnDurable = std::function<void(std::uint64_t)>;

  // Appends `events` (their sequences are set here) in the next commit; once it is durable,
  // calls `on_durable` (if any), sets the response's sequence and finishes `reactor` OK. If
  // the commit fails, finishes it UNAVAILABLE.
  void Submit(std::vector<v1::Event> events, v1::ReportCallResponse* response,
              grpc::ServerUnaryReactor* reactor, OnDurable on_durable = {});

  // "stopped cleanly at sequence S (C commits, E events, R requests": the dispatcher's last
  // log line, which bench/bench.cc reads for calls per commit.
  std::string Summary() const;

 private:
  struct Job {
    std::vector<v1::Event> events;
    v1::ReportCallResponse* response;
    grpc::ServerUnaryReactor* reactor;
    OnDurable on_durable;
    std::uint64_t first_sequence = 0;
  };

  explicit DurableEcho(std::unique_ptr<store::SqliteEventLog> log);
  void CommitLoop();

  std::unique_ptr<store::SqliteEventLog> log_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::vector<Job> inbox_;                                 // guarded by mu_
  bool stopping_ = false;                                  // guarded by mu_
  std::uint64_t commits_ = 0, events_ = 0, requests_ = 0;  // guarded by mu_
  std::thread committer_;
};

}  // namespace siaga::bench
