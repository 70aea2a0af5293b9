#include "dispatcher/service/incident_record.h"

#include <cstdint>
#include <memory>

#include <fmt/format.h>

#include "common/limits.h"

namespace siaga::service {

absl::Status ReadIncidentRecord(ServiceContext& ctx, std::string incident_id,
                                OnIncidentRecord done) {
  auto record = std::make_shared<IncidentRecord>();
  auto sequences = std::make_shared<std::vector<std::uint64_t>>();
  auto finish = std::make_shared<OnIncidentRecord>(std::move(done));
  return ctx.engine.Submit(
      [incident_id = std::move(incident_id), record, sequences](core::DispatchCore& core) {
        auto found = core.GetIncident(incident_id);
        if (!found.ok()) {
          return found.status();
        }
        record->incident = *std::move(found);
        *sequences = core.HistorySequences(incident_id, limits::kIncidentHistoryEventsMax);
        return absl::OkStatus();
      },
      [&ctx, record, sequences, finish](absl::Status st) {
        if (st.ok()) {
          st = ctx.reader.Post([record, sequences, finish](store::EventLog& log) {
            auto history = log.ReadSequences(*sequences);
            if (!history.ok()) {
              (*finish)(
                  absl::UnavailableError(fmt::format("cannot read the incident's history: {}",
                                                     std::string(history.status().message()))));
              return;
            }
            record->history = *std::move(history);
            (*finish)(std::move(*record));
          });
        }
        if (!st.ok()) {
          (*finish)(st);
        }
      });
}

}  // namespace siaga::service
