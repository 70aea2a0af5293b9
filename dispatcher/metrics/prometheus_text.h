// Writes the Prometheus text exposition format (version 0.0.4): HELP and TYPE once per family,
// then samples with escaped label values, histograms as _bucket/_sum/_count.
// Thread-safety: none; one writer per scrape.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dispatcher/metrics/histogram.h"

namespace siaga::metrics {

using Labels = std::vector<std::pair<std::string_view, std::string>>;

inline constexpr char kContentType[] = "text/plain; version=0.0.4; charset=utf-8";

class TextWriter {
 public:
  // `type`: counter, gauge or histogram.
  void Family(std::string_view name, std::string_view type, std::string_view help);
  void Sample(std::string_view name, const Labels& labels, double value);
  void Histogram(std::string_view name, const Labels& labels, const HistogramSnapshot& h);
  std::string Take() { return std::move(text_); }

 private:
  void Line(std::string_view name, const Labels& labels, std::string_view value);
  std::string text_;
};

// "a\"b" -> a\"b with backslash, quote and newline escaped.
std::string EscapeLabelValue(std::string_view value);

}  // namespace siaga::metrics
