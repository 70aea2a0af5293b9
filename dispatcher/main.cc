// The dispatcher: flags and config, wiring of log -> engine -> service, signals. Nothing else.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>

#include <CLI/CLI.hpp>
#include <asio.hpp>

#include "common/clock.h"
#include "common/config.h"
#include "common/log.h"
#include "dispatcher/classify/classifier.h"
#include "dispatcher/engine/deadline_ticker.h"
#include "dispatcher/engine/engine.h"
#include "dispatcher/engine/event_feed.h"
#include "dispatcher/engine/store_reader.h"
#include "dispatcher/metrics/engine_metrics.h"
#include "dispatcher/metrics/metrics_server.h"
#include "dispatcher/service/authenticator.h"
#include "dispatcher/service/gatekeeper.h"
#include "dispatcher/service/metrics_page.h"
#include "dispatcher/service/server.h"
#include "dispatcher/service/transport_security.h"
#include "dispatcher/service/watch_load.h"
#include "dispatcher/store/sqlite_event_log.h"

namespace {

using namespace siaga;

constexpr auto kLoadTick = std::chrono::milliseconds(100);
// Deadlines are in seconds; checking each second escalates at most a second late.
constexpr auto kDeadlineTick = std::chrono::seconds(1);

// Calls `fn` every `period` on the io_context's thread until the io_context stops.
class RepeatingTimer {
 public:
  RepeatingTimer(asio::io_context& io, std::chrono::steady_clock::duration period,
                 std::function<void()> fn)
      : timer_(io), period_(period), fn_(std::move(fn)) {
    Schedule();
  }

 private:
  void Schedule() {
    timer_.expires_after(period_);
    timer_.async_wait([this](const std::error_code& error) {
      if (!error) {
        fn_();
        Schedule();
      }
    });
  }

  asio::steady_timer timer_;
  std::chrono::steady_clock::duration period_;
  std::function<void()> fn_;
};
constexpr std::size_t kStoreReadsQueuedMax = 1024;

int Fail(std::string_view what, const absl::Status& status) {
  LogError("{}: {}", what, std::string(status.message()));
  return 1;
}

// Written atomically so a test or script polling for it never reads half a number.
absl::Status WritePortFile(const std::string& path, int port) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    out << port << "\n";
    if (!out) {
      return absl::UnavailableError(fmt::format("cannot write port file {}", tmp));
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    return absl::UnavailableError(fmt::format("cannot rename {}: {}", tmp, ec.message()));
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Siaga112 dispatcher: the 112 dispatch core (gRPC, SQLite event log)"};
  std::string config_path, listen, data_dir, rules_path, port_file;
  std::size_t backlog = 0, subscribers = 0;
  int grace_ms = 5000;
  app.add_option("--config", config_path, "TOML config file (see deploy/dispatcher.toml)");
  app.add_option("--listen", listen, "host:port to serve on (port 0: any free port)");
  app.add_option("--data-dir", data_dir, "directory of the event log file siaga.db");
  app.add_option("--rules", rules_path, "classifier rules file");
  app.add_option("--port-file", port_file, "write the bound port here once serving");
  app.add_option("--stream-backlog-events-max", backlog,
                 "events a watcher may fall behind before it is cut off");
  app.add_option("--subscribers-max", subscribers, "open streams allowed at once");
  app.add_option("--shutdown-grace-ms", grace_ms, "time in-flight calls get at shutdown")
      ->check(CLI::Range(0, 60000));
  std::string log_format = "text";
  app.add_option("--log-format", log_format, "text (for people) or json (one object per line)")
      ->check(CLI::IsMember({"text", "json"}));
  CLI11_PARSE(app, argc, argv);
  service::ApplyRuntimeSettings();
  SetLogFormat(log_format == "json" ? LogFormat::kJson : LogFormat::kText);

  auto config = config_path.empty() ? absl::StatusOr<DispatcherConfig>(DefaultConfig())
                                    : LoadConfig(config_path);
  if (!config.ok()) {
    return Fail("invalid config", config.status());
  }
  if (!listen.empty()) config->listen = listen;
  if (!data_dir.empty()) config->data_dir = data_dir;
  if (!rules_path.empty()) config->rules_path = rules_path;
  if (backlog != 0) config->stream_backlog_events_max = backlog;
  if (subscribers != 0) config->subscribers_max = subscribers;
  if (config->rules_path.empty()) config->rules_path = SIAGA_DEFAULT_RULES;
  if (auto st = ValidateConfig(*config); !st.ok()) {
    return Fail("invalid config", st);
  }
  if (auto st = service::CheckTransportPolicy(*config); !st.ok()) {
    return Fail("unsafe transport", st);
  }
  auto credentials = service::ServerCredentialsFor(config->tls);
  if (!credentials.ok()) {
    return Fail("invalid [tls]", credentials.status());
  }
  std::unique_ptr<service::Authenticator> authenticator;
  if (!config->auth.users_file.empty()) {
    auto users = auth::UserDirectory::Load(config->auth.users_file, config->AgencyIds());
    if (!users.ok()) {
      return Fail("invalid users file", users.status());
    }
    authenticator = std::make_unique<service::Authenticator>(*std::move(users));
    LogInfo("authentication: {} users from {}; every call needs a token or a listed client "
            "certificate",
            authenticator->users(), config->auth.users_file);
  } else {
    LogWarning("authentication: no [auth] users_file, so callers' x-siaga-user/-role/-agencies "
               "metadata is trusted (allowed on a loopback address only)");
  }

  auto classifier = classify::Classifier::FromFile(config->rules_path, config->AgencyIds());
  if (!classifier.ok()) {
    return Fail("invalid classifier rules", classifier.status());
  }
  std::error_code ec;
  std::filesystem::create_directories(config->data_dir, ec);
  if (ec) {
    return Fail("data directory",
                absl::UnavailableError(fmt::format("{}: {}", config->data_dir, ec.message())));
  }
  const std::string db_path = (std::filesystem::path(config->data_dir) / "siaga.db").string();
  auto log = store::SqliteEventLog::Open(db_path);
  if (!log.ok()) {
    return Fail("cannot open the event log", log.status());
  }

  SystemClock clock;
  engine::EventFeed feed(config->stream_backlog_events_max);
  const auto replay_start = std::chrono::steady_clock::now();
  metrics::EngineMetrics engine_metrics(config->AgencyIds());
  auto engine =
      engine::Engine::Start(*config, **classifier, clock, **log, feed, &engine_metrics);
  if (!engine.ok()) {
    return Fail("cannot rebuild state from the event log", engine.status());
  }
  LogInfo("event log {}: {} events replayed in {} ms", db_path, (*log)->LastSequence(),
          std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::steady_clock::now() - replay_start)
              .count());

  engine::StoreReader reader(**log, kStoreReadsQueuedMax);
  service::StreamRegistry streams(config->subscribers_max, config->streams_per_user_max);
  service::LoadHub load_hub;
  service::Gatekeeper gatekeeper(*config, **engine);
  service::ServiceContext ctx{*config, **classifier, **engine, feed,
                              reader,  streams,      load_hub, gatekeeper};
  service::MetricsPage metrics_page(ctx, engine_metrics);
  std::unique_ptr<metrics::MetricsServer> metrics_server;
  if (!config->metrics.listen.empty()) {
    auto started = metrics::MetricsServer::Start(config->metrics.listen,
                                                 [&metrics_page] { return metrics_page.Render(); });
    if (!started.ok()) {
      return Fail("cannot start the metrics endpoint", started.status());
    }
    metrics_server = *std::move(started);
    const std::string metrics_host =
        config->metrics.listen.substr(0, config->metrics.listen.rfind(':'));
    LogInfo("metrics: Prometheus text on http://{}:{}/metrics", metrics_host,
            metrics_server->port());
    if (!service::IsLoopbackListen(config->metrics.listen)) {
      LogWarning("metrics: {} is not loopback and the endpoint has no authentication; limit "
                 "who can reach it (firewall)",
                 config->metrics.listen);
    }
  }
  service::Server server(ctx);
  service::InstallAuthenticator(authenticator.get());
  auto port = server.Start(config->listen, *std::move(credentials));
  if (!port.ok()) {
    return Fail("cannot start serving", port.status());
  }
  const std::string host = config->listen.substr(0, config->listen.rfind(':'));
  if (!config->tls.enabled()) {
    LogWarning("transport: plaintext gRPC on loopback {}; configure [tls] before serving "
               "anything beyond this machine",
               config->listen);
  } else if (config->tls.mutual()) {
    LogInfo("transport: mutual TLS (cert {}, client certificates signed by {} required)",
            config->tls.cert_path, config->tls.client_ca_path);
  } else {
    LogInfo("transport: TLS (cert {})", config->tls.cert_path);
  }
  LogInfo("dispatcher serving on {}:{} (agencies: {} + triage)", host, *port,
          fmt::join(config->AgencyIds(), ", "));
  LogInfo("attach a console: agent-console --server {}:{} --role dispatcher --agencies police "
          "watch police",
          host, *port);
  if (!port_file.empty()) {
    if (auto st = WritePortFile(port_file, *port); !st.ok()) {
      return Fail("port file", st);
    }
  }

  asio::io_context io;
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const std::error_code&, int signal) {
    LogInfo("signal {}: shutting down", signal);
    io.stop();
  });
  engine::DeadlineTicker deadlines(**engine);
  RepeatingTimer load_timer(io, kLoadTick, [&] { load_hub.Tick(**engine); });
  RepeatingTimer deadline_timer(io, kDeadlineTick, [&] { deadlines.Tick(); });
  io.run();

  // Stop intake and streams, let in-flight calls commit and answer, then stop the writer.
  if (metrics_server) {
    metrics_server->Stop();  // its page submits read jobs to the engine
  }
  server.Shutdown(std::chrono::milliseconds(grace_ms));
  service::InstallAuthenticator(nullptr);
  (*engine)->Stop();
  reader.Stop();
  const auto stats = (*engine)->stats();
  LogInfo("stopped cleanly at sequence {} ({} commits, {} events, {} requests this run)",
          (*log)->LastSequence(), stats.commits, stats.events, stats.jobs);
  return 0;
}
