// The metrics endpoint: a minimal HTTP/1.1 server (standalone Asio) on its own thread that
// answers GET /metrics with what `render` returns, and nothing else. It is separate from the
// gRPC port so that scraping needs no gRPC identity and a scraper can never disturb dispatch.
// Every connection is bounded: one request of at most 8 KiB, read within 5 s, then closed;
// at most 16 connections at once.
// Thread-safety: Start/Stop from one thread (main); `render` runs on the server's thread.
#pragma once

#include <absl/status/statusor.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace siaga::metrics {

class MetricsServer {
 public:
  using Render = std::function<std::string()>;

  // Binds `listen` (host:port; port 0 picks a free one) and starts the thread.
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(const std::string& listen,
                                                              Render render);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  int port() const { return port_; }
  // Closes the listener and every connection, joins the thread. Idempotent.
  void Stop();

  struct State;  // opaque: the io_context, acceptor and connections (metrics_server.cc)

 private:
  explicit MetricsServer(std::unique_ptr<State> state, int port);

  std::unique_ptr<State> state_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace siaga::metrics
