// Every bound in the system, in one place, with its unit last in the name and the reason for it.
// Defaults only: the dispatcher's config (docs/api.md, deploy/dispatcher.toml) may lower or
// raise the configurable ones, and it rejects values outside the hard ranges below.
#pragma once

#include <cstddef>
#include <cstdint>

namespace siaga::limits {

// A call-taker's notes: a few sentences. 4 KiB leaves room for long SMS threads while keeping
// every event small enough to stream and store cheaply.
inline constexpr std::size_t kCallTextBytesMax = 4096;
// Telephony call ids are UUID-like; 128 bytes is generous and bounds the idempotency index.
inline constexpr std::size_t kTelephonyCallIdBytesMax = 128;
// E.164 numbers have at most 15 digits; 32 leaves room for prefixes and extensions.
inline constexpr std::size_t kCallerNumberBytesMax = 32;
// Free-text reasons and notes from a person.
inline constexpr std::size_t kReasonBytesMax = 1024;
// Identifiers typed by people: unit ids, agency ids, type codes, user ids.
inline constexpr std::size_t kIdentifierBytesMax = 64;
// Agencies one incident may be routed to (a city routes to 8-13 agencies in all).
inline constexpr std::size_t kAgenciesPerIncidentMax = 16;
// Agencies in the configuration.
inline constexpr std::size_t kAgenciesMax = 64;
// Units one agency part of an incident may hold.
inline constexpr std::size_t kUnitsPerDispatchMax = 32;
// Units in the roster plus units first seen in an AssignUnit (agencies without a roster).
inline constexpr std::size_t kUnitsMax = 5000;
// Recommendations one RecommendUnits answer may hold (the default is 5).
inline constexpr std::size_t kRecommendationsMax = 20;
// Calls attached to one incident (a surge of callers about one fire).
inline constexpr std::size_t kCallsPerIncidentMax = 1000;

// Notes on one incident, and callbacks on one call: enough for a long incident, bounded so
// one incident cannot grow without end.
inline constexpr std::size_t kNotesPerIncidentMax = 200;
inline constexpr std::size_t kCallbacksPerCallMax = 20;
// Duplicate candidates offered to the call-taker for one call.
inline constexpr std::size_t kDuplicateCandidatesMax = 5;

// Recent calls kept per caller number for the call-taker's history panel.
inline constexpr std::size_t kCallerHistoryCallsMax = 20;

// gRPC message size, both directions. The largest request is a ReportCall (a few KiB); the
// largest response is a queue snapshot or an incident history, which are paged below this.
inline constexpr int kGrpcMessageBytesMax = 4 * 1024 * 1024;

// Commands the engine queues before it answers RESOURCE_EXHAUSTED: bounds memory when the
// disk is slower than the offered load, instead of queueing without end.
inline constexpr std::size_t kEngineInboxMaxDefault = 10000;
// How long the oldest queued command may have waited before the engine refuses new reports
// from telephony (RESOURCE_EXHAUSTED), so that overload turns into quick refusals the gateway
// can retry or overflow, not into seconds of queue for everyone. 100 ms is five times the
// worst commit p99 seen under normal load (~20 ms), so a real surge (hundreds of calls a
// second, ~0.1 ms of work each) stays far from it. Overload runs with 500, 250 and 100 ms are
// in docs/performance.md (recovery 2.5, 1.75 and 0.3-0.9 s).
inline constexpr std::size_t kEngineWaitMaxMsDefault = 100;
// Commands in one group commit: bounds one transaction's size and the latency of its first
// command. It must hold what arrives while the commit in front runs, answers included (the
// committer answers each batch itself): with 512, the batch filled under 150% load, the inbox
// aged past engine_wait_max_ms and 14-19k reports a run were shed against 1-6k with 2048
// (docs/performance.md, seventh pass).
inline constexpr std::size_t kCommitBatchMaxDefault = 2048;

// Open WatchQueue and WatchLoad streams, all together.
inline constexpr std::size_t kSubscribersMaxDefault = 1024;
// Open streams one user may hold: a dispatcher watches a few queues, a supervisor's wall
// board one per queue plus the load. Keeps one runaway client from taking every stream.
inline constexpr std::size_t kStreamsPerUserMaxDefault = 32;

// Requests one user may send: `burst` at once, then `per second` (a token bucket per user id).
// A person at a console sends a few per second at most (typing, a duplicate check after a
// pause); a telephony gateway carries every caller's calls, so it has its own, higher rate:
// 2,000/s is 12x the 10,000-calls-in-a-minute surge that docs/performance.md measures.
inline constexpr std::size_t kRequestsPerSecondPerUserDefault = 50;
inline constexpr std::size_t kRequestBurstPerUserDefault = 200;
inline constexpr std::size_t kTelephonyRequestsPerSecondDefault = 2000;
inline constexpr std::size_t kTelephonyRequestBurstDefault = 10000;
// Users whose request rate is tracked at once (idle users are forgotten first).
inline constexpr std::size_t kRateLimitedUsersMax = 10000;

// Refusals (unauthenticated, no permission) written to the log as AccessDenied audit events:
// at most this many per second after a burst; the rest are counted, and the next audit event
// says how many were left out. A flood of refusals must not fill the disk.
inline constexpr double kAccessDeniedAuditPerSecond = 10;
inline constexpr double kAccessDeniedAuditBurst = 100;

// How far (in events of the whole log) a watcher may fall behind the head before it is ended
// with RESOURCE_EXHAUSTED. It is also the size of the in-memory ring of recent events, so a
// watcher that keeps up never needs the store.
inline constexpr std::size_t kStreamBacklogEventsMaxDefault = 10000;
// Events a resuming watcher reads from the store in one go.
inline constexpr std::size_t kReplayPageEvents = 1000;
// Events GetIncident returns in one incident's history.
inline constexpr std::size_t kIncidentHistoryEventsMax = 10000;
// ListIncidents page size.
inline constexpr std::size_t kListIncidentsDefault = 50;
inline constexpr std::size_t kListIncidentsMax = 500;

// WatchLoad report interval bounds.
inline constexpr std::uint32_t kLoadReportIntervalMsDefault = 1000;
inline constexpr std::uint32_t kLoadReportIntervalMsMin = 100;

// Acknowledge times kept per queue for the p50/p90 in load reports.
inline constexpr std::size_t kAcknowledgeSamplesPerQueue = 256;

// Deadline a client puts on every unary call.
inline constexpr int kUnaryDeadlineMsDefault = 10000;

}  // namespace siaga::limits
