// Text helpers for the classifier: tokenising a call-taker's notes, Indonesian affix stripping,
// and the one-edit test behind typo tolerance. Internal to dispatcher/classify (the tests use it
// directly); nothing here knows about rules.
//
// Thread-safety: pure functions, safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace siaga::classify::internal {

struct Token {
  std::string text;          // normalised word (after abbreviation expansion and typo correction)
  std::string typed;         // what the call-taker typed, when it differs from text; else empty
  std::uint32_t clause = 0;  // increments at , . ; : ! ? and newlines: negation and phrases
                             // never reach across a clause boundary
};

// Lowercases ASCII, drops apostrophes ("can't" -> "cant"), turns every other ASCII character
// that is not a letter or digit into a separator, and collapses a letter repeated 3+ times to
// one ("tolongggg" -> "tolong"). Bytes >= 0x80 (UTF-8) are kept as word characters.
std::vector<Token> Tokenise(std::string_view text);

// Candidate roots of an Indonesian word: the word itself, plus what remains after stripping
// particles/possessives (-lah -kah -nya -ku -mu), derivational suffixes (-kan -an -i, colloquial
// -in) and up to two prefixes (ke- ter- di- ber- be- se- per- pe- me-, with the nasal forms
// mem-/men-/meng-/meny- and pem-/pen-/peng-/peny- restoring the dropped p/t/k/s, and the
// colloquial nge- ng- ny- n-: nabrak, nyerempet, ngeroyok). Over-generates on purpose: a
// candidate only matters if a rule names it as a root. Candidates are at least 3 bytes long;
// the result is sorted and unique.
std::vector<std::string> RootCandidates(std::string_view word);

// True when b is a at edit distance exactly 1: one insertion, one deletion, one swap of adjacent
// letters, or (only when allow_substitution) one substituted letter.
bool IsOneEdit(std::string_view a, std::string_view b, bool allow_substitution);

bool IsNumber(std::string_view word);

}  // namespace siaga::classify::internal
