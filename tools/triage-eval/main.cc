// triage-eval: replays a labelled CSV through the dispatcher's classifier and prints the quality
// tables of docs/triage.md. With --check it exits 1 when a bar given as a flag is missed: that
// is how the test suite uses it. Timings are printed, never checked.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dispatcher/classify/classifier.h"
#include "tools/triage-eval/evaluation.h"

namespace {

struct Bars {
  std::optional<double> agency_recall_min;
  std::optional<double> agencies_per_call_max;
  std::optional<std::size_t> unrouted_max;
  std::optional<double> nuisance_min;
  std::optional<std::size_t> p1_prank_max;
};

// Every bar given on the command line, checked; one line per missed bar.
std::vector<std::string> Check(const Bars& bars, const siaga::triage_eval::Summary& s) {
  std::vector<std::string> failed;
  auto at_least = [&](const std::optional<double>& bar, double value, const char* what) {
    if (bar && value < *bar) {
      failed.push_back(fmt::format("{} is {:.4f}; the bar is >= {:.4f}", what, value, *bar));
    }
  };
  auto at_most = [&](const auto& bar, auto value, const char* what) {
    if (bar && value > *bar) {
      failed.push_back(fmt::format("{} is {}; the bar is <= {}", what, value, *bar));
    }
  };
  at_least(bars.agency_recall_min, s.agency_recall,
           "agency recall (emergencies routed to every expected agency)");
  at_most(bars.agencies_per_call_max, s.agencies_per_routed, "agencies per routed call");
  at_most(bars.unrouted_max, s.unrouted, "emergencies closed without routing or triage");
  at_least(bars.nuisance_min, s.nuisance_disposition,
           "share of prank/ghost/non-emergency notes given that disposition");
  at_most(bars.p1_prank_max, s.p1_as_prank, "P1 emergencies classified as prank");
  return failed;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "triage-eval: classify every record of a labelled CSV with the dispatcher's classifier "
      "and print per-agency recall and precision, agency recall, agencies per call, the triage "
      "share, confusion tables, the commonest misses and the time per note (docs/triage.md)"};
  std::string csv_path;
  std::string rules_path;
  std::string title;
  std::string output_path;
  std::vector<std::string> agencies = {"police", "fire", "health"};
  std::size_t limit = 0;
  int misses_max = 20;
  int repeat = 1;
  bool check = false;
  Bars bars;
  app.add_option("csv", csv_path,
                 "labelled CSV: Montgomery (id,...,reason_text,agency,...) or Indonesian "
                 "(id,text,silent,duration_s,expected_disposition,expected_agencies,"
                 "expected_min_priority,...)")
      ->required();
  app.add_option("--rules", rules_path, "the classifier rules file (the dispatcher's)")
      ->required();
  app.add_option("--agencies", agencies, "the configured agencies")->delimiter(',');
  app.add_option("--title", title, "heading of the report (default: the CSV path)");
  app.add_option("--limit", limit, "read at most this many records (0 = all)");
  app.add_option("--misses", misses_max, "misses to list")->check(CLI::Range(0, 1000));
  app.add_option("--repeat", repeat, "classify everything this many times, for the timing")
      ->check(CLI::Range(1, 1000));
  app.add_option("--output", output_path, "also write the report to this file");
  app.add_flag("--check", check, "exit 1 when one of the bars below is missed");
  app.add_option("--min-agency-recall", bars.agency_recall_min,
                 "Montgomery: agency recall; Indonesian: emergencies reaching every agency");
  app.add_option("--max-agencies-per-call", bars.agencies_per_call_max);
  app.add_option("--max-unrouted", bars.unrouted_max,
                 "emergencies closed as prank/ghost/non-emergency");
  app.add_option("--min-nuisance-disposition", bars.nuisance_min);
  app.add_option("--max-p1-as-prank", bars.p1_prank_max);
  CLI11_PARSE(app, argc, argv);

  const std::set<std::string> known(agencies.begin(), agencies.end());
  auto classifier = siaga::classify::Classifier::FromFile(rules_path, known);
  if (!classifier.ok()) {
    std::cerr << "triage-eval: " << classifier.status().message() << "\n";
    return 2;
  }
  auto dataset = siaga::triage_eval::ReadDataset(csv_path, limit);
  if (!dataset.ok()) {
    std::cerr << "triage-eval: " << dataset.status().message() << "\n";
    return 2;
  }
  const siaga::triage_eval::Report report = siaga::triage_eval::Evaluate(
      **classifier, *dataset, title.empty() ? csv_path : title, misses_max, repeat);
  std::cout << report.markdown;
  if (!output_path.empty()) {
    std::ofstream out(output_path, std::ios::binary | std::ios::trunc);
    out << report.markdown;
    if (!out) {
      std::cerr << "triage-eval: cannot write " << output_path << "\n";
      return 2;
    }
  }
  if (!check) {
    return 0;
  }
  const std::vector<std::string> failed = Check(bars, report.summary);
  for (const std::string& f : failed) {
    std::cerr << "triage-eval: BAR MISSED: " << f << "\n";
  }
  if (failed.empty()) {
    std::cerr << "triage-eval: every bar given is met\n";
  }
  return failed.empty() ? 0 : 1;
}
