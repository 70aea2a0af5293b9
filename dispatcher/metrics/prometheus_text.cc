#include "dispatcher/metrics/prometheus_text.h"

#include <fmt/format.h>

#include <cmath>

namespace siaga::metrics {
namespace {

std::string FormatValue(double value) {
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  if (std::isnan(value)) {
    return "NaN";
  }
  return fmt::format("{}", value);
}

}  // namespace

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void TextWriter::Family(std::string_view name, std::string_view type, std::string_view help) {
  text_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void TextWriter::Sample(std::string_view name, const Labels& labels, double value) {
  Line(name, labels, FormatValue(value));
}

void TextWriter::Histogram(std::string_view name, const Labels& labels,
                           const HistogramSnapshot& h) {
  const std::string bucket = fmt::format("{}_bucket", name);
  for (std::size_t i = 0; i < h.cumulative.size(); ++i) {
    Labels with_le = labels;
    with_le.emplace_back(
        "le", i < h.upper_bounds.size() ? FormatValue(h.upper_bounds[i]) : std::string("+Inf"));
    Line(bucket, with_le, fmt::format("{}", h.cumulative[i]));
  }
  Line(fmt::format("{}_sum", name), labels, FormatValue(h.sum));
  Line(fmt::format("{}_count", name), labels, fmt::format("{}", h.count));
}

void TextWriter::Line(std::string_view name, const Labels& labels, std::string_view value) {
  text_ += name;
  if (!labels.empty()) {
    text_ += '{';
    for (std::size_t i = 0; i < labels.size(); ++i) {
      text_ += fmt::format("{}{}=\"{}\"", i == 0 ? "" : ",", labels[i].first,
                           EscapeLabelValue(labels[i].second));
    }
    text_ += '}';
  }
  text_ += ' ';
  text_ += value;
  text_ += '\n';
}

}  // namespace siaga::metrics
