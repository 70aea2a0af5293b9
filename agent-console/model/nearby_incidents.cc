#include "agent-console/model/nearby_incidents.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace siaga::console::model {
namespace {

// Splits on commas, spaces and '±' (UTF-8 C2 B1); drops a trailing 'm' of the radius.
std::vector<std::string> FixWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  const auto end_word = [&words, &word] {
    if (!word.empty()) {
      words.push_back(word);
    }
    word.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ',' || c == ' ' || c == '\t') {
      end_word();
    } else if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xB1') {
      end_word();
      ++i;
    } else {
      word += c;
    }
  }
  end_word();
  if (words.size() == 3 && words[2].size() > 1 && words[2].back() == 'm') {
    words[2].pop_back();
  }
  return words;
}

std::optional<double> Number(const std::string& word) {
  char* end = nullptr;
  const double value = std::strtod(word.c_str(), &end);
  if (end == word.c_str() || *end != '\0' || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

absl::StatusOr<std::optional<v1::Location>> ParseFix(std::string_view text) {
  const std::vector<std::string> words = FixWords(text);
  if (words.empty()) {
    return std::optional<v1::Location>();
  }
  const auto bad = absl::InvalidArgumentError(
      "Location: latitude, longitude and an optional ± metres, e.g. -6.0027, 106.0414 ±25");
  if (words.size() < 2 || words.size() > 3) {
    return bad;
  }
  const auto lat = Number(words[0]);
  const auto lon = Number(words[1]);
  const auto radius = words.size() == 3 ? Number(words[2]) : std::optional<double>(0.0);
  if (!lat || !lon || !radius) {
    return bad;
  }
  if (*lat < -90 || *lat > 90 || *lon < -180 || *lon > 180 || *radius < 0) {
    return absl::InvalidArgumentError(
        "Location: latitude -90..90, longitude -180..180, radius >= 0 metres");
  }
  v1::Location location;
  location.set_latitude(*lat);
  location.set_longitude(*lon);
  location.set_radius_m(*radius);
  location.set_method(v1::LOCATION_METHOD_MANUAL);
  return std::optional<v1::Location>(location);
}

void NearbyIncidents::Edited(TimePoint now) { edited_ = now; }

std::optional<v1::FindDuplicatesRequest> NearbyIncidents::TakeDue(
    TimePoint now, const std::optional<v1::Location>& where, const std::string& text) {
  if (!edited_ || now < *edited_ + kDuplicatesDebounce) {
    return std::nullopt;
  }
  edited_.reset();
  if (!where) {
    // Nowhere to look: whatever was shown was for a place that is gone.
    sent_.clear();
    looking_ = false;
    answered_ = false;
    candidates_.clear();
    error_.clear();
    return std::nullopt;
  }
  v1::FindDuplicatesRequest request;
  *request.mutable_location() = *where;
  request.set_text(text);
  std::string question = request.SerializeAsString();
  if (question == sent_) {
    return std::nullopt;
  }
  sent_ = std::move(question);
  looking_ = true;
  return request;
}

std::optional<TimePoint> NearbyIncidents::NextDue() const {
  if (!edited_) {
    return std::nullopt;
  }
  return *edited_ + kDuplicatesDebounce;
}

void NearbyIncidents::SetAnswer(const v1::FindDuplicatesRequest& request,
                                const v1::FindDuplicatesResponse& response) {
  if (request.SerializeAsString() != sent_) {
    return;
  }
  looking_ = false;
  answered_ = true;
  error_.clear();
  const std::string highlighted =
      selected_ < candidates_.size() ? candidates_[selected_].incident_id() : std::string();
  candidates_.assign(response.candidates().begin(), response.candidates().end());
  // The highlight stays on the same incident when it is still offered.
  selected_ = 0;
  for (std::size_t i = 0; i < candidates_.size(); ++i) {
    if (candidates_[i].incident_id() == highlighted) {
      selected_ = i;
    }
  }
}

void NearbyIncidents::SetError(const v1::FindDuplicatesRequest& request,
                               const std::string& error, TimePoint now) {
  if (request.SerializeAsString() != sent_) {
    return;
  }
  looking_ = false;
  error_ = error;
  sent_.clear();  // the same question is asked again
  if (!edited_) {
    edited_ = now + kDuplicatesRetryAfterError - kDuplicatesDebounce;
  }
}

void NearbyIncidents::Move(int delta) {
  if (candidates_.empty()) {
    return;
  }
  const long last = static_cast<long>(candidates_.size()) - 1;
  selected_ = static_cast<std::size_t>(std::clamp<long>(static_cast<long>(selected_) + delta,
                                                        0, last));
}

absl::StatusOr<std::string> NearbyIncidents::ToggleAttach() {
  if (selected_ >= candidates_.size()) {
    return absl::FailedPreconditionError(
        "no open incident nearby to attach to (type the Place or Location first)");
  }
  const std::string& id = candidates_[selected_].incident_id();
  if (choice_ == AttachChoice::kAttach && attach_to_ == id) {
    choice_ = AttachChoice::kAuto;
    attach_to_.clear();
    return std::string("not attaching: the dispatcher decides (a STRONG match attaches)");
  }
  choice_ = AttachChoice::kAttach;
  attach_to_ = id;
  return "the report attaches this call to " + id;
}

std::string NearbyIncidents::ToggleNewIncident() {
  if (choice_ == AttachChoice::kNewIncident) {
    choice_ = AttachChoice::kAuto;
    return "the dispatcher decides again (a STRONG match attaches)";
  }
  choice_ = AttachChoice::kNewIncident;
  attach_to_.clear();
  return "the report opens a new incident, whatever matches nearby";
}

void NearbyIncidents::Apply(v1::ReportCallRequest& request) const {
  switch (choice_) {
    case AttachChoice::kAttach: request.set_attach_to_incident_id(attach_to_); break;
    case AttachChoice::kNewIncident: request.set_new_incident(true); break;
    case AttachChoice::kAuto: break;
  }
}

void NearbyIncidents::Clear() { *this = NearbyIncidents(); }

}  // namespace siaga::console::model
