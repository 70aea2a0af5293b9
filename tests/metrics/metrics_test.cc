// Histograms and the Prometheus text format, without a server.
#include <catch2/catch.hpp>

#include "dispatcher/metrics/histogram.h"
#include "dispatcher/metrics/prometheus_text.h"

using namespace siaga::metrics;

TEST_CASE("a histogram counts each value in the first bucket whose bound is not below it",
          "[unit]") {
  Histogram h({1, 5, 10});
  for (double v : {0.5, 1.0, 3.0, 5.0, 7.0, 100.0}) {
    h.Observe(v);
  }
  const HistogramSnapshot s = h.Snapshot();
  CHECK(s.cumulative == std::vector<std::uint64_t>{2, 4, 5, 6});
  CHECK(s.count == 6);
  CHECK(s.sum == Approx(116.5));
}

TEST_CASE("the text format has HELP, TYPE, escaped labels and histogram series", "[unit]") {
  TextWriter out;
  out.Family("siaga_x", "gauge", "An example.");
  out.Sample("siaga_x", {{"queue", "a\"b\\c\nd"}}, 3);
  Histogram h({0.5});
  h.Observe(0.25);
  out.Family("siaga_h", "histogram", "A histogram.");
  out.Histogram("siaga_h", {{"agency", "fire"}}, h.Snapshot());
  CHECK(out.Take() ==
        "# HELP siaga_x An example.\n# TYPE siaga_x gauge\n"
        "siaga_x{queue=\"a\\\"b\\\\c\\nd\"} 3\n"
        "# HELP siaga_h A histogram.\n# TYPE siaga_h histogram\n"
        "siaga_h_bucket{agency=\"fire\",le=\"0.5\"} 1\n"
        "siaga_h_bucket{agency=\"fire\",le=\"+Inf\"} 1\n"
        "siaga_h_sum{agency=\"fire\"} 0.25\n"
        "siaga_h_count{agency=\"fire\"} 1\n");
}
