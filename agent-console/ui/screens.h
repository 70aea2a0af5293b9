// The three screens of the TUI and the few drawing rules they share. Each screen is a thin
// view over the model (agent-console/model) plus the keys that call the dispatcher through
// App::Async. Thread-safety: UI thread only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "agent-console/ui/app.h"

namespace siaga::console::ui {

// A queue (or several) as a dispatcher works it: the list, a detail pane with the incident's
// timeline, and acknowledge / assign / status / note / close; reclassify when the role may.
std::unique_ptr<Screen> MakeDispatcherScreen(App& app, std::vector<std::string> queues);
// The intake form with the live classification, the caller's history and dispositions.
std::unique_ptr<Screen> MakeCallTakerScreen(App& app);
// One agency's units for one incident: those on it (en route / on scene / available keys)
// and the recommended ones, nearest first (assign).
std::unique_ptr<Screen> MakeUnitsScreen(App& app, std::string incident_id, std::string agency);
// Per-queue load, calls per minute, prank share; drill into any queue.
std::unique_ptr<Screen> MakeSupervisorScreen(App& app);

// P1 red, P2 yellow, P3 default, P4 dim.
Style PriorityStyle(v1::Priority priority);
// " F2 report  F5 prank ..." for the footer line, `width` columns at most: keys are dropped
// from the end of the list except the last `keep_last`, which always show (help, quit).
std::string JoinKeys(const std::vector<KeyHelp>& keys, int width, std::size_t keep_last = 2);
// "a,b" from repeated strings.
std::string JoinList(const google::protobuf::RepeatedPtrField<std::string>& items,
                     std::string_view separator = ",");
// Newlines and tabs as spaces, for one-line display.
std::string Flat(std::string text);

}  // namespace siaga::console::ui
