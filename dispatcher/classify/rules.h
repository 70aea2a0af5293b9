// The compiled form of a rules file (format in docs/classifier.md): every term normalised and
// indexed at load, so classifying a note is a few hash look-ups per token. Internal to
// dispatcher/classify.
//
// Thread-safety: built once by LoadRules(), then immutable and shared read-only.
#pragma once

#include <absl/status/statusor.h>

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "dispatcher/classify/text.h"
#include "siaga/v1/incident.pb.h"

namespace siaga::classify::internal {

// What a pattern belongs to.
enum class OwnerKind : std::uint8_t { kRule, kModifier, kCue, kExclude };
// How a rule's pattern counts: see docs/classifier.md, "Scoring".
enum class Role : std::uint8_t { kTerm, kWeak, kRequire, kContext, kExclude };

inline constexpr std::uint32_t kAllRules = UINT32_MAX;  // owner of a global exclude

// One term of the rules file: a word, a phrase, or a root ("~bakar").
struct Pattern {
  std::vector<std::string> words;  // normalised; a root has exactly one
  std::string text;                // words joined by one space: the evidence string
  bool root = false;
  OwnerKind owner_kind = OwnerKind::kRule;
  std::uint32_t owner = 0;  // index into rules/modifiers/cues; kAllRules for a global exclude
  Role role = Role::kTerm;
  double weight = 0;
};

struct Rule {
  std::string id;
  std::string type_code;
  v1::Priority priority = v1::PRIORITY_UNSPECIFIED;
  std::vector<std::string> agencies;
  bool has_require = false;
  std::string family;  // type_code up to the first '.', e.g. "FIRE"
};

struct Modifier {
  std::string id;
  std::vector<std::string> add_agencies;
  v1::Priority priority = v1::PRIORITY_UNSPECIFIED;  // at least this urgent; unspecified = none
  int raise = 0;                                     // levels more urgent
};

struct Cue {
  std::string id;
  v1::Disposition disposition = v1::DISPOSITION_UNSPECIFIED;
  std::string type_code;
  std::string reason;
};

struct CompiledRules {
  double triage_below = 0.5;
  std::unordered_map<std::string, std::vector<std::string>> abbreviations;
  std::unordered_set<std::string> negations;
  std::uint32_t negation_window = 2;

  // [telephony]: a call of at most short_call_s_max seconds (0 = off) whose notes have at most
  // short_call_words_max words and name no emergency is a ghost call. A distress word ("tolong")
  // keeps a silent or short call out of the ghost disposition: a person looks at it.
  std::uint32_t short_call_s_max = 0;
  std::uint32_t short_call_words_max = 3;
  std::unordered_set<std::string> distress;

  bool typos_enabled = true;
  std::size_t typo_length_min = 6;
  std::size_t typo_substitution_length_min = 8;
  std::unordered_set<std::string> vocabulary;  // every word any pattern or negation uses
  std::unordered_set<std::string> typo_ignore;
  std::vector<std::string> typo_words;  // vocabulary words long enough to correct towards
  // The longest of typo_words: a word two or more bytes longer is never one edit away, so it
  // skips the correction, whose cost grows with the square of the word's length.
  std::size_t typo_word_bytes_max = 0;
  // A typo word and each of its one-letter deletions -> indices into typo_words.
  std::unordered_map<std::string, std::vector<std::uint32_t>> typo_index;

  std::vector<Rule> rules;
  std::vector<Modifier> modifiers;
  std::vector<Cue> cues;
  std::vector<Pattern> patterns;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_first_word;  // non-root
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_root;

  // Tokenise, expand abbreviations, and (when correct_typos) correct words one edit away from
  // the vocabulary.
  std::vector<Token> Normalise(std::string_view text, bool correct_typos) const;
  bool MatchesRoot(std::string_view word) const;
};

absl::StatusOr<std::unique_ptr<const CompiledRules>> LoadRules(
    std::string_view toml_text, const std::set<std::string>& known_agencies);

std::string_view PriorityName(v1::Priority priority);

}  // namespace siaga::classify::internal
