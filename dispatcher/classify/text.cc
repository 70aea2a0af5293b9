#include "dispatcher/classify/text.h"

#include <algorithm>
#include <array>
#include <span>

namespace siaga::classify::internal {
namespace {

bool IsAsciiLetter(char c) { return c >= 'a' && c <= 'z'; }
bool IsWordByte(char c) {
  return IsAsciiLetter(c) || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
}
bool IsClauseBreak(char c) {
  return c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\n';
}

std::string CollapseRepeats(const std::string& word) {
  std::string out;
  out.reserve(word.size());
  for (std::size_t i = 0; i < word.size();) {
    std::size_t run = 1;
    while (i + run < word.size() && word[i + run] == word[i]) {
      ++run;
    }
    out.append(IsAsciiLetter(word[i]) && run >= 3 ? 1 : run, word[i]);
    i += run;
  }
  return out;
}

constexpr std::size_t kRootBytesMin = 3;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

void Add(std::string_view candidate, std::vector<std::string>* out) {
  if (candidate.size() >= kRootBytesMin) {
    out->emplace_back(candidate);
  }
}

// A prefix and, for nasal prefixes, the letter the nasal replaced ("menusuk" -> "tusuk").
struct Prefix {
  std::string_view text;
  std::string_view restore;
};
// The last line is colloquial (Jakarta) speech, common in typed notes: nabrak, nyerempet,
// ngeroyok, ngamuk.
constexpr std::array<Prefix, 28> kPrefixes = {{
    {"meny", "s"}, {"meng", "k"}, {"meng", ""},  {"mem", "p"},  {"mem", ""},  {"men", "t"},
    {"men", ""},   {"me", ""},    {"peny", "s"}, {"peng", "k"}, {"peng", ""}, {"pem", "p"},
    {"pem", ""},   {"pen", "t"},  {"pen", ""},   {"per", ""},   {"pe", ""},   {"ter", ""},
    {"ber", ""},   {"be", ""},    {"ke", ""},    {"di", ""},    {"se", ""},
    {"nge", ""},   {"ng", "k"},   {"ng", ""},    {"ny", "s"},   {"n", "t"},
}};

void StripPrefixes(std::string_view word, int depth, std::vector<std::string>* out) {
  if (depth == 0 || word.empty()) {
    return;
  }
  for (const Prefix& p : kPrefixes) {
    // The first letter rejects most prefixes of most words without a compare.
    if (p.text[0] != word[0] || word.size() < p.text.size() + kRootBytesMin ||
        !word.starts_with(p.text)) {
      continue;
    }
    // At least kRootBytesMin long, by the test above: no need for Add's check.
    std::string rest;
    rest.reserve(p.restore.size() + word.size() - p.text.size());
    rest.append(p.restore).append(word.substr(p.text.size()));
    StripPrefixes(rest, depth - 1, out);
    out->push_back(std::move(rest));
  }
}

}  // namespace

std::vector<Token> Tokenise(std::string_view text) {
  std::vector<Token> tokens;
  std::uint32_t clause = 0;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) {
      tokens.push_back(Token{CollapseRepeats(word), "", clause});
      word.clear();
    }
  };
  for (char raw : text) {
    const char c = (raw >= 'A' && raw <= 'Z') ? static_cast<char>(raw - 'A' + 'a') : raw;
    if (IsWordByte(c)) {
      word.push_back(c);
    } else if (c == '\'') {
      continue;
    } else {
      flush();
      if (IsClauseBreak(c) && !tokens.empty() && tokens.back().clause == clause) {
        ++clause;
      }
    }
  }
  flush();
  return tokens;
}

std::vector<std::string> RootCandidates(std::string_view word) {
  std::vector<std::string> out;
  out.reserve(8);
  out.emplace_back(word);
  // The word, without a particle, and each of those without a suffix: at most 2 + 2 * 4.
  std::array<std::string_view, 10> stems{word};
  std::size_t stem_count = 1;
  for (std::string_view particle : {"lah", "kah", "nya", "ku", "mu"}) {
    if (EndsWith(word, particle) && word.size() >= particle.size() + kRootBytesMin) {
      stems[stem_count++] = word.substr(0, word.size() - particle.size());
      break;
    }
  }
  const std::size_t with_particles = stem_count;
  for (std::size_t i = 0; i < with_particles; ++i) {
    for (std::string_view suffix : {"kan", "an", "i", "in"}) {
      std::string_view s = stems[i];
      if (EndsWith(s, suffix) && s.size() >= suffix.size() + kRootBytesMin) {
        stems[stem_count++] = s.substr(0, s.size() - suffix.size());
      }
    }
  }
  for (std::string_view s : std::span(stems.data(), stem_count)) {
    Add(s, &out);
    StripPrefixes(s, 2, &out);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool IsOneEdit(std::string_view a, std::string_view b, bool allow_substitution) {
  if (a.size() > b.size()) {
    std::swap(a, b);
  }
  if (b.size() - a.size() > 1) {
    return false;
  }
  std::size_t i = 0;
  while (i < a.size() && a[i] == b[i]) {
    ++i;
  }
  if (a.size() != b.size()) {
    return a.substr(i) == b.substr(i + 1);  // one insertion
  }
  if (i == a.size()) {
    return false;  // identical
  }
  if (i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
      a.substr(i + 2) == b.substr(i + 2)) {
    return true;  // adjacent swap
  }
  return allow_substitution && a.substr(i + 1) == b.substr(i + 1);
}

bool IsNumber(std::string_view word) {
  return !word.empty() &&
         std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace siaga::classify::internal
