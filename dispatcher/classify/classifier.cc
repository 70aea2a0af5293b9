#include "dispatcher/classify/classifier.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "common/assert.h"
#include "common/limits.h"
#include "dispatcher/classify/rules.h"

namespace siaga::classify {

using internal::CompiledRules;
using internal::OwnerKind;
using internal::Pattern;
using internal::PriorityName;
using internal::Role;
using internal::Token;

struct Classifier::Rules {
  std::unique_ptr<const CompiledRules> compiled;
};

namespace internal {

bool IsReduplication(std::string_view word);

std::vector<Token> CompiledRules::Normalise(std::string_view text, bool correct_typos) const {
  std::vector<Token> tokens;
  std::vector<Token> typed = Tokenise(text);
  // "anak2", "luka2": Indonesian writes a reduplicated word with a 2. Read it as the word twice.
  std::vector<Token> words;
  words.reserve(typed.size());
  for (Token& t : typed) {
    if (IsReduplication(t.text)) {
      std::string base = t.text.substr(0, t.text.size() - 1);
      words.push_back(Token{base, t.text, t.clause});
      words.push_back(Token{std::move(base), t.text, t.clause});
    } else {
      words.push_back(std::move(t));
    }
  }
  for (Token& t : words) {
    const auto it = abbreviations.find(t.text);
    if (it == abbreviations.end()) {
      tokens.push_back(std::move(t));
      continue;
    }
    for (const std::string& word : it->second) {
      tokens.push_back(Token{word, t.typed.empty() ? t.text : t.typed, t.clause});
    }
  }
  if (!correct_typos || !typos_enabled) {
    return tokens;
  }
  for (Token& t : tokens) {
    const std::string& w = t.text;
    if (w.size() < typo_length_min || w.size() > typo_word_bytes_max + 1 || IsNumber(w) ||
        vocabulary.count(w) != 0 || typo_ignore.count(w) != 0 || MatchesRoot(w)) {
      continue;
    }
    // Every vocabulary word one edit away shares w or one of w's deletions in typo_index.
    std::vector<std::uint32_t> found;
    auto collect = [&](const std::string& key) {
      const auto it = typo_index.find(key);
      if (it == typo_index.end()) {
        return;
      }
      for (std::uint32_t index : it->second) {
        const std::string& target = typo_words[index];
        const bool substitution = std::min(w.size(), target.size()) >= typo_substitution_length_min;
        if (IsOneEdit(w, target, substitution)) {
          found.push_back(index);
        }
      }
    };
    collect(w);
    for (std::size_t i = 0; i < w.size(); ++i) {
      collect(w.substr(0, i) + w.substr(i + 1));
    }
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    if (found.size() == 1) {  // ambiguous corrections are not guessed
      if (t.typed.empty()) {
        t.typed = t.text;
      }
      t.text = typo_words[found[0]];
    }
  }
  return tokens;
}

bool IsReduplication(std::string_view word) {
  constexpr std::size_t kBaseLettersMin = 3;  // "ke2" (the second) is not a reduplication
  if (word.size() < kBaseLettersMin + 1 || word.back() != '2') {
    return false;
  }
  return std::all_of(word.begin(), word.end() - 1, [](char c) { return c >= 'a' && c <= 'z'; });
}

bool CompiledRules::MatchesRoot(std::string_view word) const {
  for (const std::string& candidate : RootCandidates(word)) {
    if (by_root.count(candidate) != 0) {
      return true;
    }
  }
  return false;
}

}  // namespace internal

namespace {

// One place in the note where a pattern matched.
struct Hit {
  std::uint32_t pattern = 0;
  std::uint32_t start = 0;
  std::uint32_t length = 0;
  bool negated = false;

  bool Overlaps(const Hit& o) const {
    return start < o.start + o.length && o.start < start + length;
  }
};

struct RuleMatch {
  std::uint32_t rule = 0;
  double score = 0;
  double confidence = 0;
};

// The accepted hits of one rule, modifier or cue.
using OwnerKey = std::pair<OwnerKind, std::uint32_t>;
using Accepted = std::map<OwnerKey, std::vector<Hit>>;

double ConfidenceOf(double score) { return 1.0 - std::exp(-score); }

v1::Priority MoreUrgent(v1::Priority a, v1::Priority b) {
  if (a == v1::PRIORITY_UNSPECIFIED) {
    return b;
  }
  if (b == v1::PRIORITY_UNSPECIFIED) {
    return a;
  }
  return std::min(a, b);
}

class Matcher {
 public:
  Matcher(const CompiledRules& rules, std::vector<Token> tokens)
      : rules_(rules), tokens_(std::move(tokens)) {}

  void Run() {
    FindHits();
    MarkNegated();
    Accept();
  }

  const std::vector<Hit>* HitsOf(OwnerKind kind, std::uint32_t owner) const {
    const auto it = accepted_.find({kind, owner});
    return it == accepted_.end() ? nullptr : &it->second;
  }

  // Matched rules, best first: score, then the more urgent priority, then file order.
  std::vector<RuleMatch> RankedRules() const {
    std::vector<RuleMatch> out;
    // Only the rules with accepted hits (a few of hundreds): accepted_ is ordered by owner.
    for (auto it = accepted_.lower_bound({OwnerKind::kRule, 0});
         it != accepted_.end() && it->first.first == OwnerKind::kRule; ++it) {
      const std::uint32_t r = it->first.second;
      const std::vector<Hit>* hits = &it->second;
      double term = 0;
      double require = 0;
      double context = 0;
      bool strong = false;  // a `terms` entry matched, not only weak words
      for (const Hit& h : *hits) {
        const Pattern& p = rules_.patterns[h.pattern];
        (p.role == Role::kRequire   ? require
         : p.role == Role::kContext ? context
                                    : term) += p.weight;
        strong = strong || p.role == Role::kTerm;
      }
      if (term <= 0 || (rules_.rules[r].has_require && require <= 0)) {
        continue;
      }
      // Place words back up a term; they never lift weak words alone out of triage.
      const double score = term + require + (strong ? std::min(context, 1.0) : 0.0);
      out.push_back(RuleMatch{r, score, ConfidenceOf(score)});
    }
    std::sort(out.begin(), out.end(), [&](const RuleMatch& a, const RuleMatch& b) {
      if (a.score != b.score) {
        return a.score > b.score;
      }
      if (rules_.rules[a.rule].priority != rules_.rules[b.rule].priority) {
        return rules_.rules[a.rule].priority < rules_.rules[b.rule].priority;
      }
      return a.rule < b.rule;
    });
    return out;
  }

  std::size_t TokenCount() const { return tokens_.size(); }

  bool HasAnyWord(const std::unordered_set<std::string>& words) const {
    return std::any_of(tokens_.begin(), tokens_.end(),
                       [&](const Token& t) { return words.count(t.text) != 0; });
  }

  // Modifiers that matched, in order of where they appear in the note.
  std::vector<std::uint32_t> MatchedModifiers() const {
    return OwnersByPosition(OwnerKind::kModifier);
  }

  // The cue with the highest score (file order on ties), if any.
  std::pair<std::int64_t, double> BestCue() const {
    std::int64_t best = -1;
    double best_score = 0;
    for (std::uint32_t c = 0; c < rules_.cues.size(); ++c) {
      const std::vector<Hit>* hits = HitsOf(OwnerKind::kCue, c);
      if (hits == nullptr) {
        continue;
      }
      double score = 0;
      for (const Hit& h : *hits) {
        score += rules_.patterns[h.pattern].weight;
      }
      if (score > best_score) {
        best = c;
        best_score = score;
      }
    }
    return {best, best_score};
  }

  // `"kebakaran", "rumah" (typed "rmh")` for the hits of one owner, in note order.
  std::string Quote(const std::vector<Hit>& hits) const {
    std::vector<Hit> sorted = hits;
    std::sort(sorted.begin(), sorted.end(),
              [](const Hit& a, const Hit& b) { return a.start < b.start; });
    std::string out;
    for (const Hit& h : sorted) {
      const std::string& text = HitText(h);
      std::string typed;
      for (std::uint32_t i = h.start; i < h.start + h.length; ++i) {
        const std::string& word = tokens_[i].typed.empty() ? tokens_[i].text : tokens_[i].typed;
        if (i > h.start && !tokens_[i].typed.empty() && tokens_[i].typed == tokens_[i - 1].typed) {
          continue;  // one abbreviation expanded to several words
        }
        typed += (typed.empty() ? "" : " ") + word;
      }
      out += fmt::format("{}\"{}\"", out.empty() ? "" : ", ", text);
      if (typed != text) {
        out += fmt::format(" (typed \"{}\")", typed);
      }
    }
    return out;
  }

  void AddEvidence(const std::vector<Hit>& hits, std::vector<Hit>* evidence) const {
    evidence->insert(evidence->end(), hits.begin(), hits.end());
  }

  std::vector<std::string> EvidenceTexts(std::vector<Hit> hits) const {
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
      return a.start != b.start ? a.start < b.start : a.length > b.length;
    });
    std::vector<std::string> out;
    for (const Hit& h : hits) {
      const std::string& text = HitText(h);
      if (std::find(out.begin(), out.end(), text) == out.end()) {
        out.push_back(text);
      }
    }
    return out;
  }

 private:
  // A root hit shows the word as written (normalised), "kebakaran" rather than "bakar".
  const std::string& HitText(const Hit& h) const {
    const Pattern& p = rules_.patterns[h.pattern];
    return p.root ? tokens_[h.start].text : p.text;
  }

  void FindHits() {
    const auto n = static_cast<std::uint32_t>(tokens_.size());
    for (std::uint32_t i = 0; i < n; ++i) {
      if (const auto it = rules_.by_first_word.find(tokens_[i].text);
          it != rules_.by_first_word.end()) {
        for (std::uint32_t index : it->second) {
          if (PhraseAt(rules_.patterns[index], i)) {
            hits_.push_back(
                Hit{index, i, static_cast<std::uint32_t>(rules_.patterns[index].words.size())});
          }
        }
      }
      if (rules_.by_root.empty()) {
        continue;
      }
      for (const std::string& candidate : internal::RootCandidates(tokens_[i].text)) {
        if (const auto it = rules_.by_root.find(candidate); it != rules_.by_root.end()) {
          for (std::uint32_t index : it->second) {
            hits_.push_back(Hit{index, i, 1});
          }
        }
      }
    }
  }

  bool PhraseAt(const Pattern& p, std::uint32_t start) const {
    if (start + p.words.size() > tokens_.size()) {
      return false;
    }
    for (std::size_t k = 0; k < p.words.size(); ++k) {
      const Token& t = tokens_[start + k];
      if (t.text != p.words[k] || t.clause != tokens_[start].clause) {
        return false;
      }
    }
    return true;
  }

  // A hit is negated when a negation word comes at most negation_window tokens before it, in
  // the same clause. A negation word that is itself part of a phrase ("tidak sadar") or that
  // reads as "number" ("no 5") negates nothing.
  void MarkNegated() {
    std::vector<bool> in_phrase(tokens_.size(), false);
    for (const Hit& h : hits_) {
      if (h.length > 1 && rules_.patterns[h.pattern].role != Role::kExclude) {
        std::fill_n(in_phrase.begin() + h.start, h.length, true);
      }
    }
    const NegatedPhrases phrases = FindNegatedPhrases();
    for (Hit& h : hits_) {
      if (rules_.patterns[h.pattern].role == Role::kExclude) {
        continue;
      }
      if (phrases.Contain(h)) {
        h.negated = true;
        continue;
      }
      for (std::uint32_t back = 1; back <= rules_.negation_window && back <= h.start; ++back) {
        const std::uint32_t j = h.start - back;
        if (tokens_[j].clause != tokens_[h.start].clause) {
          break;
        }
        const bool before_number =
            j + 1 < tokens_.size() && internal::IsNumber(tokens_[j + 1].text);
        if (rules_.negations.count(tokens_[j].text) != 0 && !in_phrase[j] && !before_number) {
          h.negated = true;
          break;
        }
      }
    }
  }

  // "tidak ada korban" is a phrase (a rule may name it), so its "tidak" protects it; but the
  // "korban" inside it is still negated for everyone else. A hit is inside such a phrase when
  // a phrase hit starts before it, ends no earlier, and holds a negation word before it. Two
  // tables by token answer that with one look-up per hit: a scan of every phrase per hit was
  // quadratic, and a 4 KB note of one repeated word has thousands of hits.
  struct NegatedPhrases {
    // reach[x]: the furthest end of a phrase hit that starts at token x or before (0: none).
    std::vector<std::uint32_t> reach;
    // negation_after[x]: 1 + the index of the last negation word before token x (0: none).
    std::vector<std::uint32_t> negation_after;

    bool Contain(const Hit& h) const {
      const std::uint32_t negation = negation_after[h.start];
      return negation > 0 && reach[negation - 1] >= h.start + h.length;
    }
  };

  NegatedPhrases FindNegatedPhrases() const {
    const std::size_t n = tokens_.size();
    NegatedPhrases out{std::vector<std::uint32_t>(n, 0), std::vector<std::uint32_t>(n, 0)};
    for (const Hit& p : hits_) {
      if (p.length >= 2 && rules_.patterns[p.pattern].role != Role::kExclude) {
        out.reach[p.start] = std::max(out.reach[p.start], p.start + p.length);
      }
    }
    for (std::size_t x = 1; x < n; ++x) {
      out.reach[x] = std::max(out.reach[x], out.reach[x - 1]);
      const bool negation = rules_.negations.count(tokens_[x - 1].text) != 0;
      out.negation_after[x] = negation ? static_cast<std::uint32_t>(x) : out.negation_after[x - 1];
    }
    return out;
  }

  // By token, the owners whose exclude patterns cover it (kAllRules: a global exclude), so
  // checking a hit looks at its own few tokens rather than at every hit of the note.
  std::vector<std::vector<std::uint32_t>> ExcludedOwners() const {
    std::vector<std::vector<std::uint32_t>> out(tokens_.size());
    for (const Hit& e : hits_) {
      const Pattern& x = rules_.patterns[e.pattern];
      if (x.role == Role::kExclude) {
        for (std::uint32_t t = e.start; t < e.start + e.length; ++t) {
          out[t].push_back(x.owner);
        }
      }
    }
    return out;
  }

  bool Excluded(const Hit& h, const std::vector<std::vector<std::uint32_t>>& excluded) const {
    const Pattern& p = rules_.patterns[h.pattern];
    if (p.owner_kind != OwnerKind::kRule) {
      return false;
    }
    for (std::uint32_t t = h.start; t < h.start + h.length; ++t) {
      for (std::uint32_t owner : excluded[t]) {
        if (owner == internal::kAllRules || owner == p.owner) {
          return true;
        }
      }
    }
    return false;
  }

  // Per owner, longest matches first; a token counts once per owner and a term once per note.
  void Accept() {
    std::vector<Hit> order = hits_;
    std::sort(order.begin(), order.end(), [](const Hit& a, const Hit& b) {
      if (a.length != b.length) {
        return a.length > b.length;
      }
      return a.start != b.start ? a.start < b.start : a.pattern < b.pattern;
    });
    const std::vector<std::vector<std::uint32_t>> excluded = ExcludedOwners();
    for (const Hit& h : order) {
      const Pattern& p = rules_.patterns[h.pattern];
      if (h.negated || p.role == Role::kExclude || Excluded(h, excluded)) {
        continue;
      }
      std::vector<Hit>& accepted = accepted_[{p.owner_kind, p.owner}];
      const bool clash = std::any_of(accepted.begin(), accepted.end(), [&](const Hit& a) {
        return a.Overlaps(h) || rules_.patterns[a.pattern].text == p.text;
      });
      if (!clash) {
        accepted.push_back(h);
      }
    }
  }

  std::vector<std::uint32_t> OwnersByPosition(OwnerKind kind) const {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> first;  // (first start, owner)
    for (const auto& [key, hits] : accepted_) {
      if (key.first != kind || hits.empty()) {
        continue;
      }
      std::uint32_t start = UINT32_MAX;
      for (const Hit& h : hits) {
        start = std::min(start, h.start);
      }
      first.emplace_back(start, key.second);
    }
    std::sort(first.begin(), first.end());
    std::vector<std::uint32_t> out;
    for (const auto& [start, owner] : first) {
      out.push_back(owner);
    }
    return out;
  }

  const CompiledRules& rules_;
  const std::vector<Token> tokens_;
  std::vector<Hit> hits_;
  Accepted accepted_;
};

void AddAgencies(const std::vector<std::string>& add, v1::Classification* out, std::string* added) {
  for (const std::string& a : add) {
    if (std::find(out->agencies().begin(), out->agencies().end(), a) == out->agencies().end()) {
      out->add_agencies(a);
      if (added != nullptr) {
        *added += fmt::format("{}+{}", added->empty() ? "" : " ", a);
      }
    }
  }
}

// "{:.2f}": std::to_chars rounds exactly as fmt does, at a third of the instructions.
std::string Fixed2(double v) {
  char text[64];
  const auto [end, error] = std::to_chars(text, text + sizeof text, v, std::chars_format::fixed, 2);
  return error == std::errc{} ? std::string(text, end) : fmt::format("{:.2f}", v);
}

v1::Classification Ghost(const char* rule_id, std::string explanation) {
  v1::Classification out;
  out.set_type_code("GHOST");
  out.set_priority(v1::PRIORITY_P4);
  out.set_confidence(1.0);
  out.set_rule_id(rule_id);
  out.set_disposition(v1::DISPOSITION_GHOST);
  out.set_explanation(std::move(explanation));
  return out;
}

}  // namespace

Classifier::Classifier(std::unique_ptr<const Rules> rules) : rules_(std::move(rules)) {}
Classifier::~Classifier() = default;

absl::StatusOr<std::unique_ptr<Classifier>> Classifier::FromToml(
    std::string_view toml_text, const std::set<std::string>& known_agencies) {
  absl::StatusOr<std::unique_ptr<const CompiledRules>> compiled =
      internal::LoadRules(toml_text, known_agencies);
  if (!compiled.ok()) {
    return compiled.status();
  }
  auto rules = std::make_unique<Rules>();
  rules->compiled = std::move(compiled).value();
  return std::unique_ptr<Classifier>(new Classifier(std::move(rules)));
}

absl::StatusOr<std::unique_ptr<Classifier>> Classifier::FromFile(
    const std::string& path, const std::set<std::string>& known_agencies) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(
        fmt::format("classifier rules: cannot open rules file \"{}\"", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  absl::StatusOr<std::unique_ptr<Classifier>> classifier = FromToml(text.str(), known_agencies);
  if (!classifier.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("{} (in {})", std::string(classifier.status().message()), path));
  }
  return classifier;
}

v1::Classification Classifier::Classify(const CallFacts& facts) const {
  const CompiledRules& rules = *rules_->compiled;
  v1::Classification out;
  // The service rejects longer notes; here we only bound the work.
  const std::string_view text = facts.text.substr(0, limits::kCallTextBytesMax);
  std::vector<Token> tokens = rules.Normalise(text, true);

  const bool short_call = rules.short_call_s_max > 0 && facts.duration_s > 0 &&
                          facts.duration_s <= rules.short_call_s_max &&
                          tokens.size() <= rules.short_call_words_max;
  if (tokens.empty()) {
    if (facts.silent) {
      return Ghost("builtin.ghost", "GHOST: silent call and no notes, nobody spoke.");
    }
    if (short_call) {
      return Ghost("builtin.short-call",
                   fmt::format("GHOST: the call lasted {} s and left no notes.", facts.duration_s));
    }
    out.set_type_code("UNKNOWN");
    out.set_priority(v1::PRIORITY_P2);
    out.set_needs_triage(true);
    out.set_disposition(v1::DISPOSITION_EMERGENCY);
    out.set_explanation("UNKNOWN (P2): no notes to classify, needs triage.");
    return out;
  }

  Matcher m(rules, std::move(tokens));
  m.Run();
  const std::vector<RuleMatch> ranked = m.RankedRules();
  const std::vector<std::uint32_t> modifiers = m.MatchedModifiers();
  const auto [cue_index, cue_score] = m.BestCue();

  std::vector<Hit> evidence;
  std::string explanation;
  v1::Priority priority = v1::PRIORITY_UNSPECIFIED;
  const internal::Rule* winner = ranked.empty() ? nullptr : &rules.rules[ranked[0].rule];
  const double confidence = ranked.empty() ? 0.0 : ranked[0].confidence;

  if (winner != nullptr) {
    priority = winner->priority;
    AddAgencies(winner->agencies, &out, nullptr);
    const std::vector<Hit>& hits = *m.HitsOf(OwnerKind::kRule, ranked[0].rule);
    m.AddEvidence(hits, &evidence);
    explanation = fmt::format("by rule {}: matched {}", winner->id, m.Quote(hits));
    // A confident match of another family is a second emergency in the same call ("mobil
    // terbakar setelah tabrakan"): its agencies and urgency are added, never dropped.
    for (std::size_t i = 1; i < ranked.size(); ++i) {
      const internal::Rule& other = rules.rules[ranked[i].rule];
      if (other.family == winner->family || ranked[i].confidence < rules.triage_below) {
        continue;
      }
      std::string added;
      AddAgencies(other.agencies, &out, &added);
      priority = MoreUrgent(priority, other.priority);
      const std::vector<Hit>& other_hits = *m.HitsOf(OwnerKind::kRule, ranked[i].rule);
      m.AddEvidence(other_hits, &evidence);
      explanation +=
          fmt::format("; also rule {} ({}{}{}): {}", other.id, added, added.empty() ? "" : ", ",
                      PriorityName(other.priority), m.Quote(other_hits));
    }
  }

  // Modifiers: first every "at least this urgent", then every "raise by n".
  int raise = 0;
  std::string modifier_text;
  for (std::uint32_t index : modifiers) {
    const internal::Modifier& mod = rules.modifiers[index];
    std::string effects;
    if (winner != nullptr) {  // an UNKNOWN call goes to triage with no agencies
      AddAgencies(mod.add_agencies, &out, nullptr);
      for (const std::string& a : mod.add_agencies) {
        effects += fmt::format("{}+{}", effects.empty() ? "" : " ", a);
      }
    }
    if (mod.priority != v1::PRIORITY_UNSPECIFIED) {
      priority = MoreUrgent(priority, mod.priority);
      effects += fmt::format("{}{}", effects.empty() ? "" : ", ", PriorityName(mod.priority));
    }
    if (mod.raise > 0 && winner != nullptr) {  // "anak" alone says nothing about urgency
      raise += mod.raise;
      effects += fmt::format("{}raise {}", effects.empty() ? "" : ", ", mod.raise);
    }
    const std::vector<Hit>& hits = *m.HitsOf(OwnerKind::kModifier, index);
    m.AddEvidence(hits, &evidence);
    modifier_text += fmt::format("; {}: {}", effects.empty() ? mod.id : effects, m.Quote(hits));
  }
  if (priority == v1::PRIORITY_UNSPECIFIED) {
    priority = v1::PRIORITY_P2;  // nothing matched: a person must look soon
  }
  priority = static_cast<v1::Priority>(std::max<int>(v1::PRIORITY_P1, priority - raise));

  // Telephony facts: silence, or a very short call, with notes that name no emergency and no
  // cry for help is a ghost call. Anything the notes do name is classified from the notes.
  // A modifier that only raises urgency ("anak") names no emergency by itself.
  const bool emergency_modifier =
      std::any_of(modifiers.begin(), modifiers.end(), [&](std::uint32_t index) {
        const internal::Modifier& mod = rules.modifiers[index];
        return !mod.add_agencies.empty() || mod.priority != v1::PRIORITY_UNSPECIFIED;
      });
  const bool nothing_named = winner == nullptr && !emergency_modifier && cue_index < 0 &&
                             !m.HasAnyWord(rules.distress);
  if (nothing_named && facts.silent) {
    return Ghost("builtin.ghost",
                 "GHOST: telephony heard no voice and the notes name no emergency.");
  }
  if (nothing_named && short_call) {
    return Ghost("builtin.short-call",
                 fmt::format("GHOST: the call lasted {} s and its {} word(s) of notes name no "
                             "emergency.",
                             facts.duration_s, m.TokenCount()));
  }

  // An emergency always beats a prank, ghost or non-emergency cue: a confident match, or any
  // P1 (a modifier alone can make one: "terjepit"). Weak emergency words beside a cue go to
  // triage unless the cue weighs more; then the cue's disposition is kept, flagged for review.
  const bool emergency =
      (winner != nullptr && confidence >= rules.triage_below) || priority == v1::PRIORITY_P1;
  const double emergency_score =
      winner != nullptr ? ranked[0].score : (emergency_modifier ? 1.0 : 0.0);
  if (cue_index >= 0 && !emergency && cue_score > emergency_score) {
    const internal::Cue& cue = rules.cues[static_cast<std::size_t>(cue_index)];
    const std::vector<Hit>& cue_hits =
        *m.HitsOf(OwnerKind::kCue, static_cast<std::uint32_t>(cue_index));
    const double cue_confidence = ConfidenceOf(cue_score);
    // Emergency words alongside the cue are a conflict a person resolves.
    const bool conflict = winner != nullptr || emergency_modifier;
    std::vector<Hit> cue_evidence = cue_hits;
    cue_evidence.insert(cue_evidence.end(), evidence.begin(), evidence.end());
    v1::Classification d;
    d.set_type_code(cue.type_code);
    d.set_priority(v1::PRIORITY_P4);
    d.set_confidence(cue_confidence);
    for (std::string& e : m.EvidenceTexts(cue_evidence)) {
      d.add_evidence(std::move(e));
    }
    d.set_rule_id(cue.id);
    d.set_needs_triage(conflict || cue_confidence < rules.triage_below);
    d.set_disposition(cue.disposition);
    std::string note;
    if (conflict) {
      note = fmt::format("; but emergency terms matched too ({}), needs triage", m.Quote(evidence));
    } else if (cue_confidence < rules.triage_below) {
      note = fmt::format("; confidence {} < {}, needs triage", Fixed2(cue_confidence),
                         Fixed2(rules.triage_below));
    }
    d.set_explanation(fmt::format("{} by cue {}: matched {} ({}){}.", cue.type_code, cue.id,
                                  m.Quote(cue_hits), cue.reason, note));
    return d;
  }

  out.set_priority(priority);
  out.set_confidence(confidence);
  for (std::string& e : m.EvidenceTexts(evidence)) {
    out.add_evidence(std::move(e));
  }
  out.set_disposition(v1::DISPOSITION_EMERGENCY);
  if (cue_index >= 0) {
    const internal::Cue& cue = rules.cues[static_cast<std::size_t>(cue_index)];
    modifier_text +=
        fmt::format("; {} cue {} {}", cue.type_code,
                    m.Quote(*m.HitsOf(OwnerKind::kCue, static_cast<std::uint32_t>(cue_index))),
                    emergency ? "ignored: emergency terms win"
                              : "outweighed by emergency terms: a person decides");
  }
  if (winner == nullptr) {
    out.set_type_code("UNKNOWN");
    out.set_needs_triage(true);
    out.set_explanation(fmt::format("UNKNOWN ({}): no rule matched{}, needs triage.",
                                    PriorityName(priority), modifier_text));
    return out;
  }
  SIAGA_ASSERT(!out.agencies().empty());
  out.set_type_code(winner->type_code);
  out.set_rule_id(winner->id);
  out.set_needs_triage(confidence < rules.triage_below);
  out.set_explanation(fmt::format(
      "{} ({}) {}{}; confidence {}{}.", winner->type_code, PriorityName(priority), explanation,
      modifier_text, Fixed2(confidence),
      out.needs_triage() ? fmt::format(" < {}, needs triage", Fixed2(rules.triage_below)) : ""));
  return out;
}

}  // namespace siaga::classify
