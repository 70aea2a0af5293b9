#include "agent-console/cli/commands.h"

#include <signal.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "agent-console/cli/format.h"
#include "agent-console/cli/format_lifecycle.h"
#include "agent-console/client/queue_watcher.h"

namespace siaga::console {
namespace {

// How often the stop watchdog looks at the idle limit; also bounds how long it takes to notice
// that the command finished on its own.
constexpr std::chrono::milliseconds kWatchdogTick{50};

class Printer {
 public:
  Printer(std::ostream& out, std::ostream& err, bool json) : out_(out), err_(err), json_(json) {}

  bool json() const { return json_; }
  // Every line is flushed at once: scripts read the output while the command still runs.
  void Out(const std::string& text) {
    out_ << text;
    if (text.empty() || text.back() != '\n') {
      out_ << '\n';
    }
    out_.flush();
  }
  void Err(const std::string& text) { err_ << text << '\n' << std::flush; }
  int Error(const absl::Status& status) {
    Err("error: " + DescribeStatus(status));
    return kExitRpcError;
  }

 private:
  std::ostream& out_;
  std::ostream& err_;
  const bool json_;
};

// Ends a streaming command from a second thread: on SIGINT/SIGTERM (taken synchronously with
// sigtimedwait, so stop() never runs in a signal handler) or after idle_ms without Touch().
class StopWatchdog {
 public:
  StopWatchdog(std::function<void()> stop, std::optional<std::int64_t> idle_ms)
      : stop_(std::move(stop)), idle_ms_(idle_ms) {
    Touch();
    thread_ = std::thread([this] { Loop(); });
  }
  ~StopWatchdog() {
    done_ = true;
    thread_.join();
  }
  StopWatchdog(const StopWatchdog&) = delete;
  StopWatchdog& operator=(const StopWatchdog&) = delete;

  void Touch() { last_activity_ms_ = NowMs(); }

 private:
  static std::int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

  void Loop() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    const auto tick_ns = std::chrono::nanoseconds(kWatchdogTick).count();
    while (!done_) {
      const timespec timeout{0, static_cast<long>(tick_ns)};
      const int signal_number = sigtimedwait(&signals, nullptr, &timeout);
      if (signal_number == SIGINT || signal_number == SIGTERM) {
        stop_();
        return;
      }
      if (idle_ms_ && NowMs() - last_activity_ms_ >= *idle_ms_) {
        stop_();
        return;
      }
    }
  }

  std::function<void()> stop_;
  const std::optional<std::int64_t> idle_ms_;
  std::atomic<std::int64_t> last_activity_ms_{0};
  std::atomic<bool> done_{false};
  std::thread thread_;
};

template <typename Response, typename Human>
int PrintResult(const absl::StatusOr<Response>& result, Printer& printer, Human human) {
  if (!result.ok()) {
    return printer.Error(result.status());
  }
  printer.Out(printer.json() ? ToJsonLine(*result) : human(*result));
  return kExitOk;
}

int RunWatch(const WatchCommand& command, ConsoleClient& client, Printer& printer,
             const Clock& clock) {
  if (command.max_events && *command.max_events == 0 && command.after_sequence > 0) {
    return kExitOk;  // nothing to wait for: no snapshot comes after --after
  }
  std::uint64_t events = 0;
  bool reconnected = false;
  StopWatchdog* watchdog = nullptr;  // set before Run(), outlives it

  QueueWatcherOptions options;
  options.queue = command.queue;
  options.after_sequence = command.after_sequence;
  options.on_message = [&](const v1::WatchQueueResponse& message) {
    watchdog->Touch();
    if (printer.json()) {
      printer.Out(ToJsonLine(message));
    } else if (message.has_snapshot()) {
      const v1::QueueSnapshot& snapshot = message.snapshot();
      printer.Out(fmt::format("queue {}: {} incident(s) as of #{}", snapshot.queue(),
                              snapshot.incidents_size(), snapshot.as_of_sequence()));
      printer.Out(FormatIncidentTable(snapshot.incidents(), clock.Now()));
    } else {
      printer.Out(FormatEventLine(message.event()));
    }
    if (message.has_event()) {
      ++events;
    }
    return !(command.max_events && events >= *command.max_events);
  };
  options.on_state = [&](const ConnectionState& state) {
    const bool reconnecting = state.kind == ConnectionState::Kind::kReconnecting;
    if (reconnecting || reconnected) {
      printer.Err(FormatConnectionState(state));
    }
    reconnected = reconnected || reconnecting;
    if (printer.json()) {
      printer.Out(ConnectionStateJsonLine(state));
    }
  };
  QueueWatcher watcher(client, std::move(options));
  StopWatchdog stopper([&watcher] { watcher.Stop(); }, command.idle_exit_ms);
  watchdog = &stopper;
  const absl::Status status = watcher.Run();
  if (!status.ok()) {
    return printer.Error(status);
  }
  return kExitOk;
}

int RunLoad(const LoadCommand& command, ConsoleClient& client, Printer& printer) {
  if (command.count && *command.count == 0) {
    return kExitOk;
  }
  CallCanceller canceller;
  std::uint64_t reports = 0;
  StopWatchdog stopper([&canceller] { canceller.Cancel(); }, std::nullopt);
  const grpc::Status status = client.WatchLoad(
      command.request,
      [&](const v1::LoadReport& report) {
        printer.Out(printer.json() ? ToJsonLine(report) : FormatLoadTable(report));
        ++reports;
        return !(command.count && reports >= *command.count);
      },
      canceller);
  if (!status.ok()) {
    return printer.Error(FromGrpcStatus(status));
  }
  return kExitOk;
}

// To stdout: the document as the dispatcher wrote it (with --json: the response as one JSON
// line, like every command). With --out: the file, and one human line unless --json.
int RunExport(const ExportCommand& command, ConsoleClient& client, Printer& printer) {
  auto result = client.ExportIncident(command.request);
  if (!result.ok()) {
    return printer.Error(result.status());
  }
  if (command.out_path.empty()) {
    printer.Out(printer.json() ? ToJsonLine(*result) : result->eido_json());
    return kExitOk;
  }
  std::ofstream file(command.out_path, std::ios::binary | std::ios::trunc);
  file << result->eido_json() << '\n';
  file.close();
  if (!file) {
    printer.Err(fmt::format("error: cannot write {}", command.out_path));
    return kExitRpcError;
  }
  if (!printer.json()) {
    printer.Out(fmt::format("exported {} as EIDO to {} ({} bytes)",
                            command.request.incident_id(), command.out_path,
                            result->eido_json().size() + 1));
  }
  return kExitOk;
}

}  // namespace

bool IsStreaming(const Command& command) {
  return std::holds_alternative<WatchCommand>(command) ||
         std::holds_alternative<LoadCommand>(command);
}

void BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

int Execute(const Invocation& invocation, ConsoleClient& client, std::ostream& out,
            std::ostream& err, const Clock& clock) {
  Printer printer(out, err, invocation.global.json);
  const auto incident_result = [&clock](std::string_view what) {
    return [what, &clock](const auto& response) {
      return FormatIncidentResult(what, response.incident(), response.sequence(), clock.Now());
    };
  };
  const Command& command = invocation.command;
  if (const auto* report = std::get_if<v1::ReportCallRequest>(&command)) {
    return PrintResult(client.ReportCall(*report), printer, FormatReportCallResult);
  }
  if (const auto* dispose = std::get_if<v1::DisposeCallRequest>(&command)) {
    return PrintResult(client.DisposeCall(*dispose), printer,
                       incident_result("call " + dispose->call_id() + " disposed; incident"));
  }
  if (const auto* classify = std::get_if<v1::ClassifyIncidentRequest>(&command)) {
    return PrintResult(client.ClassifyIncident(*classify), printer, incident_result("classified"));
  }
  if (const auto* watch = std::get_if<WatchCommand>(&command)) {
    return RunWatch(*watch, client, printer, clock);
  }
  if (const auto* ack = std::get_if<v1::AcknowledgeRequest>(&command)) {
    return PrintResult(client.Acknowledge(*ack), printer, incident_result("acknowledged"));
  }
  if (const auto* assign = std::get_if<v1::AssignUnitRequest>(&command)) {
    return PrintResult(client.AssignUnit(*assign), printer,
                       incident_result("unit " + assign->unit_id() + " assigned to"));
  }
  if (const auto* update = std::get_if<v1::UpdateStatusRequest>(&command)) {
    return PrintResult(client.UpdateStatus(*update), printer, incident_result("status of"));
  }
  if (const auto* close = std::get_if<v1::CloseIncidentRequest>(&command)) {
    return PrintResult(client.CloseIncident(*close), printer,
                       incident_result(close->agency() + " closed its part of"));
  }
  if (const auto* load = std::get_if<LoadCommand>(&command)) {
    return RunLoad(*load, client, printer);
  }
  if (const auto* list = std::get_if<v1::ListIncidentsRequest>(&command)) {
    return PrintResult(client.ListIncidents(*list), printer,
                       [&clock](const v1::ListIncidentsResponse& response) {
                         return FormatIncidentTable(response.incidents(), clock.Now()) +
                                fmt::format("as of #{}", response.as_of_sequence());
                       });
  }
  if (const auto* export_eido = std::get_if<ExportCommand>(&command)) {
    return RunExport(*export_eido, client, printer);
  }
  if (const auto* find = std::get_if<v1::FindDuplicatesRequest>(&command)) {
    return PrintResult(client.FindDuplicates(*find), printer, FormatDuplicates);
  }
  if (const auto* merge = std::get_if<v1::MergeIncidentsRequest>(&command)) {
    return PrintResult(client.MergeIncidents(*merge), printer,
                       incident_result("merged " + merge->source_incident_id() + " into"));
  }
  if (const auto* split = std::get_if<v1::SplitIncidentRequest>(&command)) {
    return PrintResult(client.SplitIncident(*split), printer,
                       [&clock](const v1::SplitIncidentResponse& response) {
                         return FormatSplitResult(response, clock.Now());
                       });
  }
  if (const auto* note = std::get_if<v1::AddNoteRequest>(&command)) {
    return PrintResult(client.AddNote(*note), printer, incident_result("note added to"));
  }
  if (const auto* callback = std::get_if<v1::RecordCallbackRequest>(&command)) {
    return PrintResult(client.RecordCallback(*callback), printer,
                       incident_result(fmt::format("callback to the caller of {} ({}) recorded in",
                                                   callback->call_id(),
                                                   CallbackOutcomeName(callback->outcome()))));
  }
  if (const auto* units = std::get_if<v1::ListUnitsRequest>(&command)) {
    return PrintResult(client.ListUnits(*units), printer,
                       [&clock](const v1::ListUnitsResponse& response) {
                         return FormatUnitsTable(response.units(), clock.Now());
                       });
  }
  if (const auto* recommend = std::get_if<v1::RecommendUnitsRequest>(&command)) {
    return PrintResult(client.RecommendUnits(*recommend), printer,
                       [&recommend](const v1::RecommendUnitsResponse& response) {
                         return FormatRecommendations(response, recommend->incident_id());
                       });
  }
  if (const auto* unit_status = std::get_if<v1::UpdateUnitStatusRequest>(&command)) {
    return PrintResult(client.UpdateUnitStatus(*unit_status), printer, FormatUnitStatusResult);
  }
  if (std::holds_alternative<TuiCommand>(command)) {
    err << "error: the full-screen console runs through RunCli, not Execute\n";
    return kExitUsage;
  }
  const auto& show = std::get<v1::GetIncidentRequest>(command);
  return PrintResult(client.GetIncident(show), printer,
                     [&clock](const v1::GetIncidentResponse& response) {
                       std::string text = FormatIncidentDetail(response.incident(), clock.Now());
                       text += "history:\n";
                       for (const auto& event : response.history()) {
                         text += "  " + FormatEventLine(event) + "\n";
                       }
                       return text;
                     });
}

}  // namespace siaga::console
