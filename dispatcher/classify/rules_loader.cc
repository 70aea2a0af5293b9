// Parses and validates a rules file into CompiledRules. Validation problems are thrown as
// LoadError inside this file only and returned as absl::InvalidArgumentError: that keeps each
// check one line. Every message names where (the rule id and line) and what is wrong.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <toml.hpp>
#include <utility>
#include <vector>

#include "common/limits.h"
#include "common/utf8.h"
#include "dispatcher/classify/rules.h"

namespace siaga::classify::internal {
namespace {

// std::map tables: keys are visited in a stable order, so the first error reported is too.
using Value = toml::basic_value<toml::discard_comments, std::map, std::vector>;

struct LoadError {
  std::string message;
};

// Rules files are written by people; these bounds catch a runaway file, not a real one.
constexpr std::size_t kRulesMax = 1000;
constexpr std::size_t kPatternsPerEntryMax = 500;
constexpr std::size_t kPatternWordsMax = 8;
constexpr std::uint32_t kNegationWindowMax = 5;
// A "short call" longer than a minute is not short; a few words is all a dropped call leaves.
constexpr std::int64_t kShortCallSecondsMax = 60;
constexpr std::int64_t kShortCallWordsMax = 10;

std::string LineOf(const Value& v) {
  const auto line = v.location().line();
  return line > 0 ? fmt::format(" (line {})", line) : std::string();
}

[[noreturn]] void Fail(const std::string& where, const std::string& problem) {
  throw LoadError{fmt::format("{}: {}", where, problem)};
}

void CheckTable(const Value& v, const std::string& where) {
  if (!v.is_table()) {
    Fail(where, "must be a table");
  }
}

void CheckKeys(const Value& table, std::initializer_list<std::string_view> allowed,
               const std::string& where) {
  CheckTable(table, where);
  for (const auto& [key, value] : table.as_table()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string list;
      for (std::string_view a : allowed) {
        list += (list.empty() ? "" : ", ") + std::string(a);
      }
      Fail(where, fmt::format("unknown key \"{}\"{} (allowed: {})", key, LineOf(value), list));
    }
  }
}

const Value* Find(const Value& table, const std::string& key) {
  const auto& t = table.as_table();
  const auto it = t.find(key);
  return it == t.end() ? nullptr : &it->second;
}

std::string GetString(const Value& table, const std::string& key, const std::string& where,
                      bool required) {
  const Value* v = Find(table, key);
  if (v == nullptr) {
    if (required) {
      Fail(where, fmt::format("missing \"{}\"", key));
    }
    return "";
  }
  if (!v->is_string()) {
    Fail(where, fmt::format("\"{}\"{} must be a string", key, LineOf(*v)));
  }
  return v->as_string().str;
}

std::vector<std::string> GetStrings(const Value& table, const std::string& key,
                                    const std::string& where) {
  const Value* v = Find(table, key);
  if (v == nullptr) {
    return {};
  }
  if (!v->is_array()) {
    Fail(where, fmt::format("\"{}\"{} must be an array of strings", key, LineOf(*v)));
  }
  std::vector<std::string> out;
  for (const Value& e : v->as_array()) {
    if (!e.is_string()) {
      Fail(where, fmt::format("\"{}\"{} must contain only strings", key, LineOf(e)));
    }
    out.push_back(e.as_string().str);
  }
  if (out.size() > kPatternsPerEntryMax) {
    Fail(where,
         fmt::format("\"{}\" has {} entries, more than {}", key, out.size(), kPatternsPerEntryMax));
  }
  return out;
}

double GetNumber(const Value& table, const std::string& key, const std::string& where,
                 double fallback) {
  const Value* v = Find(table, key);
  if (v == nullptr) {
    return fallback;
  }
  if (v->is_integer()) {
    return static_cast<double>(v->as_integer());
  }
  if (!v->is_floating()) {
    Fail(where, fmt::format("\"{}\"{} must be a number", key, LineOf(*v)));
  }
  return v->as_floating();
}

std::int64_t GetInt(const Value& table, const std::string& key, const std::string& where,
                    std::int64_t fallback) {
  const Value* v = Find(table, key);
  if (v == nullptr) {
    return fallback;
  }
  if (!v->is_integer()) {
    Fail(where, fmt::format("\"{}\"{} must be an integer", key, LineOf(*v)));
  }
  return v->as_integer();
}

bool GetBool(const Value& table, const std::string& key, const std::string& where, bool fallback) {
  const Value* v = Find(table, key);
  if (v == nullptr) {
    return fallback;
  }
  if (!v->is_boolean()) {
    Fail(where, fmt::format("\"{}\"{} must be true or false", key, LineOf(*v)));
  }
  return v->as_boolean();
}

v1::Priority ParsePriority(const std::string& text, const std::string& where) {
  static const std::map<std::string, v1::Priority> kNames = {{"P1", v1::PRIORITY_P1},
                                                             {"P2", v1::PRIORITY_P2},
                                                             {"P3", v1::PRIORITY_P3},
                                                             {"P4", v1::PRIORITY_P4}};
  const auto it = kNames.find(text);
  if (it == kNames.end()) {
    Fail(where, fmt::format("bad priority \"{}\": must be one of P1, P2, P3, P4", text));
  }
  return it->second;
}

// Ids are what people grep the logs for: lowercase letters, digits, '.', '_' and '-'.
void CheckId(const std::string& id, const std::string& where) {
  const bool ok =
      !id.empty() && id.size() <= limits::kIdentifierBytesMax &&
      std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      });
  if (!ok) {
    Fail(where,
         fmt::format("bad id \"{}\": use 1-{} of a-z 0-9 . _ -", id, limits::kIdentifierBytesMax));
  }
}

// Type codes: upper-case words joined by dots, e.g. FIRE.STRUCTURE.
void CheckTypeCode(const std::string& type, const std::string& where) {
  bool ok = !type.empty() && type.size() <= limits::kIdentifierBytesMax && type.front() != '.' &&
            type.back() != '.' && type.find("..") == std::string::npos;
  for (char c : type) {
    ok = ok && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.');
  }
  if (!ok) {
    Fail(where, fmt::format("bad type \"{}\": use upper-case words joined by dots, e.g. "
                            "FIRE.STRUCTURE",
                            type));
  }
}

std::vector<std::string> CheckAgencies(const std::vector<std::string>& agencies,
                                       const std::set<std::string>& known,
                                       const std::string& where) {
  std::vector<std::string> out;
  for (const std::string& a : agencies) {
    if (known.count(a) == 0) {
      std::string list;
      for (const std::string& k : known) {
        list += (list.empty() ? "" : ", ") + k;
      }
      Fail(where, fmt::format("unknown agency \"{}\" (known agencies: {})", a, list));
    }
    if (std::find(out.begin(), out.end(), a) != out.end()) {
      Fail(where, fmt::format("agency \"{}\" listed twice", a));
    }
    out.push_back(a);
  }
  if (out.size() > limits::kAgenciesPerIncidentMax) {
    Fail(where, fmt::format("more than {} agencies", limits::kAgenciesPerIncidentMax));
  }
  return out;
}

double WeightOf(Role role, std::size_t words) {
  const double extra = static_cast<double>(words - 1);
  switch (role) {
    case Role::kTerm:
    case Role::kRequire:
      return 1.0 + 0.5 * extra;
    case Role::kWeak:
      return 0.5 + 0.25 * extra;
    case Role::kContext:
      return 0.5;
    case Role::kExclude:
      return 0;
  }
  return 0;
}

class Builder {
 public:
  Builder(const std::set<std::string>& known_agencies, CompiledRules* out)
      : known_agencies_(known_agencies), out_(out) {}

  void Build(const Value& root) {
    CheckKeys(
        root,
        {"classifier", "negation", "typos", "abbreviations", "telephony", "rule", "modifier",
         "disposition"},
        "rules file");
    // Order matters: terms are normalised with the abbreviations, so those come first.
    LoadAbbreviations(root);
    LoadNegation(root);
    LoadTypos(root);
    LoadTelephony(root);
    LoadClassifier(root);
    LoadRules(root);
    LoadModifiers(root);
    LoadCues(root);
    BuildTypoIndex();
  }

 private:
  const Value* Section(const Value& root, const std::string& key) {
    const Value* v = Find(root, key);
    if (v != nullptr && !v->is_table()) {
      Fail("rules file", fmt::format("[{}]{} must be a table", key, LineOf(*v)));
    }
    return v;
  }

  const std::vector<Value>* Entries(const Value& root, const std::string& key) {
    const Value* v = Find(root, key);
    if (v == nullptr) {
      return nullptr;
    }
    if (!v->is_array()) {
      Fail("rules file",
           fmt::format("\"{}\"{} must be written as [[{}]] tables", key, LineOf(*v), key));
    }
    return &v->as_array();
  }

  void LoadAbbreviations(const Value& root) {
    const Value* section = Section(root, "abbreviations");
    if (section == nullptr) {
      return;
    }
    for (const auto& [key, value] : section->as_table()) {
      const std::string where = fmt::format("[abbreviations] \"{}\"{}", key, LineOf(value));
      const std::vector<Token> from = Tokenise(key);
      if (from.size() != 1 || from[0].text != key) {
        Fail(where, "an abbreviation must be one lower-case word");
      }
      if (!value.is_string()) {
        Fail(where, "the expansion must be a string");
      }
      std::vector<std::string> to;
      for (const Token& t : Tokenise(value.as_string().str)) {
        to.push_back(t.text);
      }
      if (to.empty()) {
        Fail(where, "the expansion is empty");
      }
      out_->abbreviations.emplace(key, std::move(to));
    }
  }

  void LoadNegation(const Value& root) {
    const Value* section = Section(root, "negation");
    if (section == nullptr) {
      return;
    }
    const std::string where = "[negation]";
    CheckKeys(*section, {"words", "window"}, where);
    for (const std::string& w : GetStrings(*section, "words", where)) {
      const std::vector<Token> tokens = out_->Normalise(w, false);
      if (tokens.size() != 1) {
        Fail(where, fmt::format("negation \"{}\" must be one word", w));
      }
      out_->negations.insert(tokens[0].text);
    }
    const std::int64_t window = GetInt(*section, "window", where, 2);
    if (window < 1 || window > kNegationWindowMax) {
      Fail(where, fmt::format("bad window {}: must be 1..{}", window, kNegationWindowMax));
    }
    out_->negation_window = static_cast<std::uint32_t>(window);
  }

  void LoadTypos(const Value& root) {
    const Value* section = Section(root, "typos");
    if (section == nullptr) {
      return;
    }
    const std::string where = "[typos]";
    CheckKeys(*section, {"enabled", "length_min", "substitution_length_min", "ignore"}, where);
    out_->typos_enabled = GetBool(*section, "enabled", where, true);
    const std::int64_t length_min = GetInt(*section, "length_min", where, 6);
    const std::int64_t sub_min = GetInt(*section, "substitution_length_min", where, 8);
    if (length_min < 4 || length_min > 64) {
      Fail(where, fmt::format("bad length_min {}: must be 4..64", length_min));
    }
    if (sub_min < length_min || sub_min > 64) {
      Fail(where, fmt::format("bad substitution_length_min {}: must be length_min..64", sub_min));
    }
    out_->typo_length_min = static_cast<std::size_t>(length_min);
    out_->typo_substitution_length_min = static_cast<std::size_t>(sub_min);
    for (const std::string& w : GetStrings(*section, "ignore", where)) {
      for (const Token& t : Tokenise(w)) {
        out_->typo_ignore.insert(t.text);
      }
    }
  }

  void LoadTelephony(const Value& root) {
    const Value* section = Section(root, "telephony");
    if (section == nullptr) {
      return;
    }
    const std::string where = "[telephony]";
    CheckKeys(*section, {"short_call_s_max", "short_call_words_max", "distress"}, where);
    const std::int64_t seconds = GetInt(*section, "short_call_s_max", where, 0);
    if (seconds < 0 || seconds > kShortCallSecondsMax) {
      Fail(where, fmt::format("bad short_call_s_max {}: must be 0..{} (0 = off)", seconds,
                              kShortCallSecondsMax));
    }
    const std::int64_t words = GetInt(*section, "short_call_words_max", where, 3);
    if (words < 0 || words > kShortCallWordsMax) {
      Fail(where, fmt::format("bad short_call_words_max {}: must be 0..{}", words,
                              kShortCallWordsMax));
    }
    out_->short_call_s_max = static_cast<std::uint32_t>(seconds);
    out_->short_call_words_max = static_cast<std::uint32_t>(words);
    for (const std::string& w : GetStrings(*section, "distress", where)) {
      const std::vector<Token> tokens = out_->Normalise(w, false);
      if (tokens.size() != 1) {
        Fail(where, fmt::format("distress word \"{}\" must be one word", w));
      }
      out_->distress.insert(tokens[0].text);
    }
  }

  void LoadClassifier(const Value& root) {
    const Value* section = Section(root, "classifier");
    if (section == nullptr) {
      Fail("rules file", "missing [classifier] section (it holds triage_below)");
    }
    const std::string where = "[classifier]";
    CheckKeys(*section, {"triage_below", "exclude"}, where);
    const Value* threshold = Find(*section, "triage_below");
    if (threshold == nullptr) {
      Fail(where, "missing \"triage_below\"");
    }
    const double t = GetNumber(*section, "triage_below", where, 0);
    if (!std::isfinite(t) || t <= 0 || t >= 1) {
      Fail(where, fmt::format("bad threshold triage_below = {}{}: must be between 0 and 1 "
                              "(exclusive)",
                              t, LineOf(*threshold)));
    }
    out_->triage_below = t;
    AddPatterns(GetStrings(*section, "exclude", where), OwnerKind::kExclude, kAllRules,
                Role::kExclude, where + " exclude");
  }

  void LoadRules(const Value& root) {
    const std::vector<Value>* entries = Entries(root, "rule");
    if (entries == nullptr || entries->empty()) {
      Fail("rules file", "no [[rule]] entries");
    }
    if (entries->size() > kRulesMax) {
      Fail("rules file", fmt::format("more than {} rules", kRulesMax));
    }
    std::map<std::string, std::string> seen;  // id -> where it was first defined
    for (std::size_t i = 0; i < entries->size(); ++i) {
      const Value& e = (*entries)[i];
      std::string where = fmt::format("rule #{}{}", i + 1, LineOf(e));
      CheckTable(e, where);
      Rule rule;
      rule.id = GetString(e, "id", where, true);
      where = fmt::format("rule \"{}\"{}", rule.id, LineOf(e));
      CheckKeys(e,
                {"id", "type", "priority", "agencies", "terms", "weak", "require", "context",
                 "exclude", "description"},
                where);
      CheckId(rule.id, where);
      if (const auto [it, fresh] = seen.emplace(rule.id, LineOf(e)); !fresh) {
        Fail(where, fmt::format("duplicate rule id (first defined{})", it->second));
      }
      rule.type_code = GetString(e, "type", where, true);
      CheckTypeCode(rule.type_code, where);
      rule.family = rule.type_code.substr(0, rule.type_code.find('.'));
      rule.priority = ParsePriority(GetString(e, "priority", where, true), where);
      rule.agencies = CheckAgencies(GetStrings(e, "agencies", where), known_agencies_, where);
      if (rule.agencies.empty()) {
        Fail(where, "empty agencies: a rule must route to at least one agency");
      }
      GetString(e, "description", where, false);
      const auto owner = static_cast<std::uint32_t>(out_->rules.size());
      const std::size_t first = out_->patterns.size();
      AddPatterns(GetStrings(e, "terms", where), OwnerKind::kRule, owner, Role::kTerm, where);
      AddPatterns(GetStrings(e, "weak", where), OwnerKind::kRule, owner, Role::kWeak, where);
      if (out_->patterns.size() == first) {
        Fail(where, "empty terms: a rule needs at least one entry in \"terms\" or \"weak\"");
      }
      const std::size_t before_require = out_->patterns.size();
      AddPatterns(GetStrings(e, "require", where), OwnerKind::kRule, owner, Role::kRequire, where);
      rule.has_require = out_->patterns.size() > before_require;
      AddPatterns(GetStrings(e, "context", where), OwnerKind::kRule, owner, Role::kContext, where);
      AddPatterns(GetStrings(e, "exclude", where), OwnerKind::kExclude, owner, Role::kExclude,
                  where);
      CheckNoDuplicateTerms(first, where);
      out_->rules.push_back(std::move(rule));
    }
  }

  void LoadModifiers(const Value& root) {
    const std::vector<Value>* entries = Entries(root, "modifier");
    if (entries == nullptr) {
      return;
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < entries->size(); ++i) {
      const Value& e = (*entries)[i];
      std::string where = fmt::format("modifier #{}{}", i + 1, LineOf(e));
      CheckTable(e, where);
      Modifier m;
      m.id = GetString(e, "id", where, true);
      where = fmt::format("modifier \"{}\"{}", m.id, LineOf(e));
      CheckKeys(e, {"id", "terms", "add_agencies", "priority", "raise", "description"}, where);
      CheckId(m.id, where);
      if (!seen.insert(m.id).second) {
        Fail(where, "duplicate modifier id");
      }
      m.add_agencies = CheckAgencies(GetStrings(e, "add_agencies", where), known_agencies_, where);
      const std::string priority = GetString(e, "priority", where, false);
      if (!priority.empty()) {
        m.priority = ParsePriority(priority, where);
      }
      const std::int64_t raise = GetInt(e, "raise", where, 0);
      if (raise < 0 || raise > 3) {
        Fail(where, fmt::format("bad raise {}: must be 0..3 priority levels", raise));
      }
      m.raise = static_cast<int>(raise);
      if (m.add_agencies.empty() && m.priority == v1::PRIORITY_UNSPECIFIED && m.raise == 0) {
        Fail(where, "does nothing: give add_agencies, priority or raise");
      }
      GetString(e, "description", where, false);
      const std::size_t first = out_->patterns.size();
      AddPatterns(GetStrings(e, "terms", where), OwnerKind::kModifier,
                  static_cast<std::uint32_t>(out_->modifiers.size()), Role::kTerm, where);
      if (out_->patterns.size() == first) {
        Fail(where, "empty terms");
      }
      CheckNoDuplicateTerms(first, where);
      out_->modifiers.push_back(std::move(m));
    }
  }

  void LoadCues(const Value& root) {
    const std::vector<Value>* entries = Entries(root, "disposition");
    if (entries == nullptr) {
      return;
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < entries->size(); ++i) {
      const Value& e = (*entries)[i];
      std::string where = fmt::format("disposition #{}{}", i + 1, LineOf(e));
      CheckTable(e, where);
      Cue c;
      c.id = GetString(e, "id", where, true);
      where = fmt::format("disposition \"{}\"{}", c.id, LineOf(e));
      CheckKeys(e, {"id", "disposition", "type", "terms", "reason"}, where);
      CheckId(c.id, where);
      if (!seen.insert(c.id).second) {
        Fail(where, "duplicate disposition id");
      }
      const std::string kind = GetString(e, "disposition", where, true);
      if (kind == "PRANK") {
        c.disposition = v1::DISPOSITION_PRANK;
      } else if (kind == "NON_EMERGENCY") {
        c.disposition = v1::DISPOSITION_NON_EMERGENCY;
      } else if (kind == "GHOST") {
        c.disposition = v1::DISPOSITION_GHOST;
      } else {
        Fail(where, fmt::format("bad disposition \"{}\": must be PRANK, GHOST or NON_EMERGENCY",
                                kind));
      }
      c.type_code = GetString(e, "type", where, true);
      CheckTypeCode(c.type_code, where);
      c.reason = GetString(e, "reason", where, true);
      const std::size_t first = out_->patterns.size();
      AddPatterns(GetStrings(e, "terms", where), OwnerKind::kCue,
                  static_cast<std::uint32_t>(out_->cues.size()), Role::kTerm, where);
      if (out_->patterns.size() == first) {
        Fail(where, "empty terms");
      }
      CheckNoDuplicateTerms(first, where);
      out_->cues.push_back(std::move(c));
    }
  }

  void AddPatterns(const std::vector<std::string>& terms, OwnerKind kind, std::uint32_t owner,
                   Role role, const std::string& where) {
    for (const std::string& term : terms) {
      Pattern p;
      p.root = !term.empty() && term[0] == '~';
      for (const Token& t : out_->Normalise(p.root ? term.substr(1) : term, false)) {
        p.words.push_back(t.text);
      }
      if (p.words.empty()) {
        Fail(where, fmt::format("empty term \"{}\": it has no letters or digits", term));
      }
      if (p.words.size() > kPatternWordsMax) {
        Fail(where, fmt::format("term \"{}\" has more than {} words", term, kPatternWordsMax));
      }
      if (p.root && (p.words.size() != 1 || p.words[0].size() < 3 || role == Role::kExclude)) {
        Fail(where, fmt::format("bad root \"{}\": a root is one word of 3+ letters, and "
                                "exclude phrases cannot be roots",
                                term));
      }
      for (const std::string& w : p.words) {
        p.text += (p.text.empty() ? "" : " ") + w;
      }
      p.owner_kind = kind;
      p.owner = owner;
      p.role = role;
      p.weight = WeightOf(role, p.words.size());
      const auto index = static_cast<std::uint32_t>(out_->patterns.size());
      (p.root ? out_->by_root[p.words[0]] : out_->by_first_word[p.words[0]]).push_back(index);
      out_->patterns.push_back(std::move(p));
    }
  }

  void CheckNoDuplicateTerms(std::size_t first, const std::string& where) {
    std::set<std::pair<std::string, bool>> seen;
    for (std::size_t i = first; i < out_->patterns.size(); ++i) {
      const Pattern& p = out_->patterns[i];
      if (!seen.emplace(p.text, p.root).second) {
        Fail(where, fmt::format("term \"{}{}\" listed twice", p.root ? "~" : "", p.text));
      }
    }
  }

  void BuildTypoIndex() {
    for (const std::string& n : out_->negations) {
      out_->vocabulary.insert(n);
    }
    for (const std::string& d : out_->distress) {
      out_->vocabulary.insert(d);
    }
    for (const auto& [from, to] : out_->abbreviations) {
      out_->vocabulary.insert(to.begin(), to.end());
    }
    std::set<std::string> targets;  // sorted: typo_words indices are stable across runs
    for (const Pattern& p : out_->patterns) {
      for (const std::string& w : p.words) {
        out_->vocabulary.insert(w);
        if (p.role != Role::kExclude && w.size() >= out_->typo_length_min && !IsNumber(w)) {
          targets.insert(w);
        }
      }
    }
    for (const std::string& w : targets) {
      const auto index = static_cast<std::uint32_t>(out_->typo_words.size());
      out_->typo_words.push_back(w);
      out_->typo_word_bytes_max = std::max(out_->typo_word_bytes_max, w.size());
      out_->typo_index[w].push_back(index);
      for (std::size_t i = 0; i < w.size(); ++i) {
        std::vector<std::uint32_t>& bucket = out_->typo_index[w.substr(0, i) + w.substr(i + 1)];
        if (bucket.empty() || bucket.back() != index) {
          bucket.push_back(index);
        }
      }
    }
  }

  const std::set<std::string>& known_agencies_;
  CompiledRules* out_;
};

}  // namespace

std::string_view PriorityName(v1::Priority priority) {
  switch (priority) {
    case v1::PRIORITY_P1:
      return "P1";
    case v1::PRIORITY_P2:
      return "P2";
    case v1::PRIORITY_P3:
      return "P3";
    case v1::PRIORITY_P4:
      return "P4";
    default:
      return "P?";
  }
}

absl::StatusOr<std::unique_ptr<const CompiledRules>> LoadRules(
    std::string_view toml_text, const std::set<std::string>& known_agencies) {
  auto rules = std::make_unique<CompiledRules>();
  if (auto st = CheckTomlIsUtf8(toml_text, "classifier rules"); !st.ok()) {
    return st;
  }
  try {
    std::istringstream in{std::string(toml_text)};
    const Value root =
        toml::parse<toml::discard_comments, std::map, std::vector>(in, "classifier.toml");
    Builder(known_agencies, rules.get()).Build(root);
  } catch (const LoadError& e) {
    return absl::InvalidArgumentError("classifier rules: " + e.message);
  } catch (const toml::syntax_error& e) {
    return absl::InvalidArgumentError(std::string("classifier rules: TOML syntax error: ") +
                                      e.what());
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(std::string("classifier rules: ") + e.what());
  }
  return std::unique_ptr<const CompiledRules>(std::move(rules));
}

}  // namespace siaga::classify::internal
