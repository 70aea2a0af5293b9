// Unit tests for the rules-file classifier (dispatcher/classify), against the shipped rules file
// and against small rules files written here to test the loader's validation.
#include "dispatcher/classify/classifier.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "dispatcher/classify/text.h"

namespace siaga::classify {
namespace {

const std::set<std::string> kAgencies = {"police", "fire", "health"};

const Classifier& Shipped() {
  static const std::unique_ptr<Classifier> classifier = [] {
    auto loaded = Classifier::FromFile(SIAGA_RULES_PATH, kAgencies);
    if (!loaded.ok()) {
      FAIL("shipped rules do not load: " << loaded.status().ToString());
    }
    return std::move(loaded).value();
  }();
  return *classifier;
}

v1::Classification Run(std::string_view text) { return Shipped().Classify(CallFacts{text}); }

std::set<std::string> Agencies(const v1::Classification& c) {
  return {c.agencies().begin(), c.agencies().end()};
}

bool HasEvidence(const v1::Classification& c, const std::string& term) {
  return std::find(c.evidence().begin(), c.evidence().end(), term) != c.evidence().end();
}

struct Example {
  std::string text;
  std::string type_code;
  v1::Priority priority;
  std::set<std::string> agencies;
};

void Check(const std::vector<Example>& examples) {
  for (const Example& e : examples) {
    const v1::Classification c = Run(e.text);
    INFO("note: " << e.text << "\nexplanation: " << c.explanation());
    CHECK(c.type_code() == e.type_code);
    CHECK(c.priority() == e.priority);
    CHECK(Agencies(c) == e.agencies);
    CHECK(c.disposition() == v1::DISPOSITION_EMERGENCY);
    CHECK_FALSE(c.needs_triage());
    CHECK(c.confidence() >= 0.5);
    CHECK(c.confidence() <= 1.0);
    CHECK_FALSE(c.evidence().empty());
    CHECK_FALSE(c.rule_id().empty());
  }
}

using v1::PRIORITY_P1;
using v1::PRIORITY_P2;
using v1::PRIORITY_P3;

TEST_CASE("Fire notes in Bahasa Indonesia go to the fire brigade", "[unit]") {
  Check({
      {"tlg ada kbakaran rmh dkt pasar", "FIRE.STRUCTURE", PRIORITY_P2, {"fire"}},
      {"gudang terbakar di jl. sudirman", "FIRE.STRUCTURE", PRIORITY_P2, {"fire"}},
      {"mobil terbakar di pom bensin", "FIRE.VEHICLE", PRIORITY_P2, {"fire", "police"}},
      {"kebakaran hutan di gunung", "FIRE.WILDLAND", PRIORITY_P3, {"fire"}},
      {"ledakan di pabrik, banyak korban",
       "FIRE.EXPLOSION",
       PRIORITY_P1,
       {"fire", "health", "police"}},
      {"rumah kebakaran, anak saya masih di dalam", "FIRE.STRUCTURE", PRIORITY_P1,
       {"fire", "health"}},
  });
}

TEST_CASE("Fire notes in English go to the fire brigade", "[unit]") {
  Check({
      {"House fire on Jalan Merdeka, thick smoke", "FIRE.STRUCTURE", PRIORITY_P2, {"fire"}},
      {"a car is on fire at the toll gate", "FIRE.VEHICLE", PRIORITY_P2, {"fire", "police"}},
  });
}

TEST_CASE("Medical emergencies go to health, life threats at P1", "[unit]") {
  Check({
      {"bapak saya pingsan, tidak sadar", "MED.UNCONSCIOUS", PRIORITY_P1, {"health"}},
      {"sesak nafas, bibir biru", "MED.BREATHING", PRIORITY_P1, {"health"}},
      {"kakek kena serangan jantung", "MED.CARDIAC", PRIORITY_P1, {"health"}},
      {"my father is not breathing", "MED.BREATHING", PRIORITY_P1, {"health"}},
      {"ibu mau melahirkan, ketuban pecah", "MED.MATERNITY", PRIORITY_P2, {"health"}},
      {"someone collapsed and is unresponsive", "MED.UNCONSCIOUS", PRIORITY_P1, {"health"}},
  });
}

TEST_CASE("A traffic accident with a trapped person goes to police, fire and health at P1",
          "[unit]") {
  Check({
      {"kecelakaan di tol, 1 orang terjepit",
       "TRAFFIC.INJURY",
       PRIORITY_P1,
       {"police", "fire", "health"}},
      {"laka lantas di tol, 1 org terjepit",
       "TRAFFIC.INJURY",
       PRIORITY_P1,
       {"police", "fire", "health"}},
      {"car crash on the highway, driver trapped",
       "TRAFFIC.INJURY",
       PRIORITY_P1,
       {"police", "fire", "health"}},
  });
}

TEST_CASE("A traffic accident goes to police and health, police alone when nobody is hurt",
          "[unit]") {
  Check({
      {"tabrakan mobil dan motor di simpang",
       "TRAFFIC.COLLISION",
       PRIORITY_P3,
       {"police", "health"}},
      {"kecelakaan di depan pasar, tidak ada korban", "TRAFFIC.COLLISION", PRIORITY_P3,
       {"police"}},
      {"motor nyerempet mobil, tidak ada yang luka", "TRAFFIC.COLLISION", PRIORITY_P3,
       {"police"}},
      {"VEHICLE ACCIDENT", "TRAFFIC.COLLISION", PRIORITY_P3, {"police", "health"}},
      {"motor ditabrak truk, korban luka di kepala",
       "TRAFFIC.INJURY",
       PRIORITY_P2,
       {"police", "health"}},
      {"minor car accident, nobody hurt", "TRAFFIC.COLLISION", PRIORITY_P3, {"police"}},
  });
}

TEST_CASE("Crime goes to the police, weapons at P1", "[unit]") {
  Check({
      {"motor saya dicuri di depan indomaret", "CRIME.THEFT", PRIORITY_P3, {"police"}},
      {"someone broke into my car and stole my bag", "CRIME.THEFT", PRIORITY_P3, {"police"}},
      {"dikeroyok warga di pasar", "CRIME.ASSAULT", PRIORITY_P2, {"police"}},
      {"ibu dijambret di halte", "CRIME.THEFT", PRIORITY_P3, {"police"}},
      {"toko emas dirampok", "CRIME.ROBBERY", PRIORITY_P2, {"police"}},
      {"ada penusukan di gang, pelaku bawa pisau",
       "CRIME.WEAPON",
       PRIORITY_P1,
       {"police", "health"}},
      {"tawuran pelajar di jembatan", "CRIME.VIOLENCE", PRIORITY_P2, {"police"}},
  });
}

TEST_CASE("Drowning, gas leaks, chemicals, floods and earthquakes reach the right agencies",
          "[unit]") {
  Check({
      {"ada orang tenggelam di sungai", "RESCUE.DROWNING", PRIORITY_P1, {"fire", "health"}},
      {"child drowning at the beach", "RESCUE.DROWNING", PRIORITY_P1, {"fire", "health"}},
      {"bau gas di dapur, tabung elpiji bocor", "HAZMAT.GAS", PRIORITY_P2, {"fire"}},
      {"gas beracun bocor di pabrik kimia", "HAZMAT.CHEMICAL", PRIORITY_P1, {"fire", "health"}},
      {"rumah kebanjiran air setinggi 1 meter", "DISASTER.FLOOD", PRIORITY_P2, {"fire"}},
      {"gempa, rumah retak", "DISASTER.EARTHQUAKE", PRIORITY_P2, {"police", "fire", "health"}},
      {"mau bunuh diri lompat dari jembatan", "SUICIDE.ATTEMPT", PRIORITY_P1, {"police", "health"}},
  });
}

TEST_CASE("Modifiers add agencies and raise the priority", "[unit]") {
  const v1::Classification fire = Run("kebakaran rumah ada korban luka");
  CHECK(fire.type_code() == "FIRE.STRUCTURE");
  CHECK(Agencies(fire) == std::set<std::string>{"fire", "health"});
  CHECK(HasEvidence(fire, "korban luka"));

  const v1::Classification trapped = Run("korban tertimpa tembok");
  CHECK(trapped.priority() == PRIORITY_P1);
  CHECK(Agencies(trapped) == std::set<std::string>{"fire", "health"});

  // A child makes a P3 illness one level more urgent.
  CHECK(Run("demam tinggi").priority() == PRIORITY_P3);
  CHECK(Run("anak saya demam tinggi").priority() == PRIORITY_P2);
}

TEST_CASE("A negated term does not count", "[unit]") {
  const v1::Classification none = Run("tidak ada api");
  CHECK(none.type_code() == "UNKNOWN");
  CHECK(none.needs_triage());
  CHECK(Run("no fire here").type_code() == "UNKNOWN");

  // "tidak ada korban": still a collision, but nobody hurt, so no ambulance.
  const v1::Classification crash = Run("tabrakan motor, tidak ada korban");
  CHECK(crash.type_code() == "TRAFFIC.COLLISION");
  CHECK(Agencies(crash) == std::set<std::string>{"police"});

  // Negation reaches back two words only, and not across a comma.
  CHECK(Run("tidak tahu kenapa ada kebakaran").type_code() == "FIRE.STRUCTURE");
  CHECK(Run("tidak, kebakaran").type_code() == "FIRE.STRUCTURE");
}

TEST_CASE("A negation word inside a phrase or before a number negates nothing", "[unit]") {
  CHECK(Run("korban tidak sadar").type_code() == "MED.UNCONSCIOUS");
  CHECK(Run("tidak sadar, kecelakaan motor").priority() == PRIORITY_P1);
  CHECK(Run("rumah no 5 kebakaran").type_code() == "FIRE.STRUCTURE");
}

TEST_CASE("Excluded phrases are not evidence", "[unit]") {
  for (const char* text :
       {"naik kereta api", "main kembang api", "bos kebakaran jenggot", "beli ayam bakar"}) {
    INFO(text);
    const v1::Classification c = Run(text);
    CHECK(c.type_code() == "UNKNOWN");
    CHECK(c.agencies().empty());
  }
  CHECK(Run("kecelakaan kereta api").type_code() == "TRAFFIC.COLLISION");
  CHECK(Run("mati lampu dari tadi").disposition() == v1::DISPOSITION_NON_EMERGENCY);
  // The exclusion is local: a real fire term elsewhere in the note still counts.
  CHECK(Run("kebakaran di warung ayam bakar").type_code() == "FIRE.STRUCTURE");
}

TEST_CASE("Abbreviations, repeated letters and typos are normalised", "[unit]") {
  const v1::Classification c = Run("TOLONGGGG!!! ada kebakarannnn di rmh");
  CHECK(c.type_code() == "FIRE.STRUCTURE");
  CHECK(HasEvidence(c, "rumah"));

  const v1::Classification typo = Run("kebakran gudang");
  CHECK(typo.type_code() == "FIRE.STRUCTURE");
  CHECK_THAT(typo.explanation(), Catch::Contains("typed \"kebakran\""));

  CHECK(Run("kecelakan motor").type_code() == "TRAFFIC.COLLISION");
  CHECK(Run("org pgsn di jln").type_code() == "MED.UNCONSCIOUS");
  // A real word one letter from a rule word is not "corrected" into it.
  CHECK(Run("jalan malang").type_code() == "UNKNOWN");
}

TEST_CASE("Indonesian affixes match a root term", "[unit]") {
  for (const char* text : {"kebakaran", "terbakar", "dibakar", "membakar", "kebakarannya"}) {
    INFO(text);
    CHECK(Run(std::string("rumah ") + text).type_code() == "FIRE.STRUCTURE");
  }
  using internal::RootCandidates;
  auto has = [](const std::string& word, const std::string& root) {
    const std::vector<std::string> c = RootCandidates(word);
    return std::find(c.begin(), c.end(), root) != c.end();
  };
  CHECK(has("kecelakaan", "celaka"));
  CHECK(has("menusuk", "tusuk"));
  CHECK(has("penganiayaan", "aniaya"));
  CHECK(has("menyerang", "serang"));
  CHECK(has("pengeroyokan", "keroyok"));
  CHECK(has("pencurian", "curi"));
  CHECK_FALSE(has("api", "ap"));
}

TEST_CASE("Tokenise lowercases, splits clauses and collapses tripled letters", "[unit]") {
  const std::vector<internal::Token> t = internal::Tokenise("Tolonggg, RUMAH  no.5 can't");
  REQUIRE(t.size() == 5);
  CHECK(t[0].text == "tolong");
  CHECK(t[1].text == "rumah");
  CHECK(t[2].text == "no");
  CHECK(t[3].text == "5");
  CHECK(t[4].text == "cant");
  CHECK(t[0].clause == 0);
  CHECK(t[1].clause == 1);
  CHECK(t[3].clause == 2);
  CHECK(internal::Tokenise("  ...  ").empty());
}

TEST_CASE("IsOneEdit accepts one insertion, deletion or swap", "[unit]") {
  using internal::IsOneEdit;
  CHECK(IsOneEdit("kebakran", "kebakaran", false));
  CHECK(IsOneEdit("kebakaran", "kebakran", false));
  CHECK(IsOneEdit("kebkaaran", "kebakaran", false));
  CHECK_FALSE(IsOneEdit("kebakeran", "kebakaran", false));
  CHECK(IsOneEdit("kebakeran", "kebakaran", true));
  CHECK_FALSE(IsOneEdit("kebakaran", "kebakaran", true));
  CHECK_FALSE(IsOneEdit("kbkaran", "kebakaran", true));
}

TEST_CASE("A silent call with no notes is a ghost call", "[unit]") {
  const v1::Classification c = Shipped().Classify(CallFacts{"", true, 12});
  CHECK(c.disposition() == v1::DISPOSITION_GHOST);
  CHECK(c.agencies().empty());
  CHECK_FALSE(c.needs_triage());
  CHECK(Shipped().Classify(CallFacts{" ... ", true, 0}).disposition() == v1::DISPOSITION_GHOST);
}

TEST_CASE("A silent call with notes is classified from the notes", "[unit]") {
  const v1::Classification c = Shipped().Classify(CallFacts{"terdengar teriakan, pingsan", true});
  CHECK(c.disposition() == v1::DISPOSITION_EMERGENCY);
  CHECK(c.type_code() == "MED.UNCONSCIOUS");
}

TEST_CASE("Prank cues give a prank disposition with no agencies", "[unit]") {
  for (const char* text :
       {"iseng aja", "cuma bercanda katanya", "anak kecil ngerjain", "just kidding sorry"}) {
    INFO(text);
    const v1::Classification c = Run(text);
    CHECK(c.disposition() == v1::DISPOSITION_PRANK);
    CHECK(c.agencies().empty());
    CHECK_FALSE(c.explanation().empty());
  }
  // "bukan iseng" = "not a joke".
  CHECK(Run("bukan iseng").disposition() != v1::DISPOSITION_PRANK);
}

TEST_CASE("Non-emergency cues give a non-emergency disposition with the reason", "[unit]") {
  for (const char* text : {"salah sambung", "wrong number", "mau tanya informasi jam buka", "tes",
                           "test call", "cek pulsa"}) {
    INFO(text);
    const v1::Classification c = Run(text);
    CHECK(c.disposition() == v1::DISPOSITION_NON_EMERGENCY);
    CHECK(c.agencies().empty());
    CHECK_FALSE(c.needs_triage());
  }
  CHECK_THAT(Run("salah sambung").explanation(), Catch::Contains("wrong number"));
  CHECK_THAT(Run("cek pulsa").explanation(), Catch::Contains("test call"));
}

TEST_CASE("An emergency word beats a prank cue", "[unit]") {
  const v1::Classification fire = Run("iseng, eh ternyata ada kebakaran rumah");
  CHECK(fire.disposition() == v1::DISPOSITION_EMERGENCY);
  CHECK(fire.type_code() == "FIRE.STRUCTURE");
  CHECK_THAT(fire.explanation(), Catch::Contains("ignored"));

  // Even a weak P1 match is never a prank.
  const v1::Classification weak = Run("iseng kali, tapi napas");
  CHECK(weak.disposition() == v1::DISPOSITION_EMERGENCY);
  CHECK(weak.priority() == PRIORITY_P1);
  CHECK(weak.needs_triage());

  // A weak non-P1 match with a prank cue: prank suggested, but a person checks.
  const v1::Classification smoke = Run("iseng, ada asap");
  CHECK(smoke.disposition() == v1::DISPOSITION_PRANK);
  CHECK(smoke.needs_triage());
}

TEST_CASE("Empty notes from a caller who spoke go to triage at P2", "[unit]") {
  for (const char* text : {"", "   ", "?!"}) {
    const v1::Classification c = Shipped().Classify(CallFacts{text, false, 30});
    CHECK(c.type_code() == "UNKNOWN");
    CHECK(c.needs_triage());
    CHECK(c.priority() == PRIORITY_P2);
    CHECK(c.agencies().empty());
    CHECK(c.disposition() == v1::DISPOSITION_EMERGENCY);
  }
}

TEST_CASE("Gibberish goes to triage as UNKNOWN with no agencies", "[unit]") {
  for (const char* text : {"asdf qwerty zxcv", "halo halo bapak", "12345"}) {
    INFO(text);
    const v1::Classification c = Run(text);
    CHECK(c.type_code() == "UNKNOWN");
    CHECK(c.needs_triage());
    CHECK(c.priority() == PRIORITY_P2);
    CHECK(c.agencies().empty());
    CHECK(c.confidence() < 0.5);
    CHECK(c.rule_id().empty());
  }
}

TEST_CASE("A weak match is kept as a suggestion but goes to triage", "[unit]") {
  const v1::Classification c = Run("ada asap tipis");
  CHECK(c.type_code() == "FIRE.STRUCTURE");
  CHECK(c.needs_triage());
  CHECK(c.confidence() < 0.5);
  CHECK(Agencies(c) == std::set<std::string>{"fire"});
}

TEST_CASE("Confidence grows with phrases and more evidence and stays within 0..1", "[unit]") {
  const double one = Run("kebakaran").confidence();
  const double two = Run("kebakaran rumah").confidence();
  const double three = Run("kebakaran rumah dekat pasar, asap tebal").confidence();
  CHECK(one < two);
  CHECK(two < three);
  CHECK(three <= 1.0);
  // A two-word phrase counts more than one of its words alone.
  CHECK(Run("sesak napas").confidence() > Run("napas").confidence());
  CHECK(Run("sesak").confidence() < 0.5);
}

TEST_CASE("The explanation names type, priority, rule and matched terms", "[unit]") {
  const v1::Classification c = Run("kebakaran rumah ada korban luka");
  CHECK_THAT(c.explanation(), Catch::StartsWith("FIRE.STRUCTURE (P2) by rule fire.structure: "
                                                "matched \"kebakaran\", \"rumah\""));
  CHECK_THAT(c.explanation(), Catch::Contains("+health: \"korban luka\""));
  CHECK(c.rule_id() == "fire.structure");
  CHECK(HasEvidence(c, "kebakaran"));
  CHECK(HasEvidence(c, "rumah"));
}

TEST_CASE("Classification is deterministic", "[unit]") {
  const std::vector<std::string> notes = {"kecelakaan di tol, 1 orang terjepit",
                                          "mobil terbakar setelah tabrakan", "iseng, ada asap",
                                          "asdf", "kebakaran rumah ada korban luka, anak anak"};
  auto again = Classifier::FromFile(SIAGA_RULES_PATH, kAgencies);
  REQUIRE(again.ok());
  for (const std::string& n : notes) {
    INFO(n);
    const std::string first = Run(n).SerializeAsString();
    CHECK(Run(n).SerializeAsString() == first);
    CHECK((*again)->Classify(CallFacts{n}).SerializeAsString() == first);
  }
}

TEST_CASE("Very long notes are bounded and still classified", "[unit]") {
  std::string note = "kebakaran rumah ";
  while (note.size() < 100000) {
    note += "blah ";
  }
  const v1::Classification c = Run(note);
  CHECK(c.type_code() == "FIRE.STRUCTURE");
}

// ---- The loader: every kind of error is rejected with a message naming the problem. ----

constexpr std::string_view kValid = R"(
[classifier]
triage_below = 0.5

[abbreviations]
rmh = "rumah"

[[rule]]
id = "fire.structure"
type = "FIRE.STRUCTURE"
priority = "P2"
agencies = ["fire"]
terms = ["~bakar", "api besar"]
context = ["rumah"]
)";

std::string Mutate(std::string_view from, std::string_view to) {
  std::string text(kValid);
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

std::string LoadError(const std::string& toml) {
  auto loaded = Classifier::FromToml(toml, kAgencies);
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().code() == absl::StatusCode::kInvalidArgument);
  return std::string(loaded.status().message());
}

TEST_CASE("The shipped rules file and a minimal rules file load", "[unit]") {
  CHECK(Classifier::FromFile(SIAGA_RULES_PATH, kAgencies).ok());
  auto minimal = Classifier::FromToml(kValid, kAgencies);
  REQUIRE(minimal.ok());
  CHECK((*minimal)->Classify(CallFacts{"rmh terbakar"}).type_code() == "FIRE.STRUCTURE");
}

TEST_CASE("The triage threshold comes from the rules file", "[unit]") {
  auto strict = Classifier::FromToml(Mutate("triage_below = 0.5", "triage_below = 0.9"), kAgencies);
  REQUIRE(strict.ok());
  CHECK((*strict)->Classify(CallFacts{"terbakar"}).needs_triage());
  auto lenient = Classifier::FromToml(kValid, kAgencies);
  REQUIRE(lenient.ok());
  CHECK_FALSE((*lenient)->Classify(CallFacts{"terbakar"}).needs_triage());
}

TEST_CASE("The loader rejects an unknown key and names the rule", "[unit]") {
  const std::string m = LoadError(Mutate("terms =", "termz = [\"x\"]\nterms ="));
  CHECK_THAT(m, Catch::Contains("rule \"fire.structure\""));
  CHECK_THAT(m, Catch::Contains("unknown key \"termz\""));
  CHECK_THAT(LoadError(std::string(kValid) + "\n[extra]\nx = 1\n"),
             Catch::Contains("unknown key \"extra\""));
}

TEST_CASE("The loader rejects an unknown agency", "[unit]") {
  const std::string m = LoadError(Mutate("[\"fire\"]", "[\"fire\", \"ambulance\"]"));
  CHECK_THAT(m, Catch::Contains("rule \"fire.structure\""));
  CHECK_THAT(m, Catch::Contains("unknown agency \"ambulance\""));
  // The shipped file uses health, so a deployment without it must fail loudly.
  auto narrow = Classifier::FromFile(SIAGA_RULES_PATH, {"police", "fire"});
  REQUIRE_FALSE(narrow.ok());
  CHECK_THAT(std::string(narrow.status().message()), Catch::Contains("unknown agency \"health\""));
}

TEST_CASE("The loader rejects a bad priority", "[unit]") {
  const std::string m = LoadError(Mutate("\"P2\"", "\"P5\""));
  CHECK_THAT(m, Catch::Contains("rule \"fire.structure\""));
  CHECK_THAT(m, Catch::Contains("bad priority \"P5\""));
}

TEST_CASE("The loader rejects a rule with empty terms", "[unit]") {
  CHECK_THAT(LoadError(Mutate("terms = [\"~bakar\", \"api besar\"]", "terms = []")),
             Catch::Contains("empty terms"));
  CHECK_THAT(LoadError(Mutate("\"api besar\"", "\"!!\"")), Catch::Contains("empty term \"!!\""));
}

TEST_CASE("The loader rejects a duplicate rule id", "[unit]") {
  const std::string second = std::string(kValid).substr(std::string(kValid).find("[[rule]]"));
  const std::string m = LoadError(std::string(kValid) + second);
  CHECK_THAT(m, Catch::Contains("rule \"fire.structure\""));
  CHECK_THAT(m, Catch::Contains("duplicate rule id"));
}

TEST_CASE("The loader rejects a bad threshold", "[unit]") {
  for (const char* bad : {"1.5", "0", "-0.1", "1"}) {
    INFO(bad);
    CHECK_THAT(LoadError(Mutate("0.5", bad)), Catch::Contains("bad threshold"));
  }
  CHECK_THAT(LoadError(Mutate("0.5", "\"half\"")), Catch::Contains("must be a number"));
  CHECK_THAT(LoadError(Mutate("triage_below = 0.5", "")), Catch::Contains("triage_below"));
}

TEST_CASE("The loader rejects malformed entries with a clear message", "[unit]") {
  CHECK_THAT(LoadError(Mutate("\"api besar\"", "\"~api besar\"")), Catch::Contains("bad root"));
  CHECK_THAT(LoadError(Mutate("FIRE.STRUCTURE", "fire structure")), Catch::Contains("bad type"));
  CHECK_THAT(LoadError(Mutate("agencies = [\"fire\"]", "agencies = []")),
             Catch::Contains("empty agencies"));
  CHECK_THAT(LoadError(Mutate("\"api besar\"", "\"~bakar\"")), Catch::Contains("listed twice"));
  CHECK_THAT(LoadError(Mutate("priority = \"P2\"", "priority = 2")),
             Catch::Contains("\"priority\""));
  CHECK_THAT(LoadError(std::string(kValid) + "\n[[modifier]]\nid = \"x\"\nterms = [\"a\"]\n"),
             Catch::Contains("does nothing"));
  CHECK_THAT(LoadError(std::string(kValid) +
                       "\n[[disposition]]\nid = \"g\"\ndisposition = \"SILENT\"\ntype = \"G\"\n"
                       "reason = \"r\"\nterms = [\"a\"]\n"),
             Catch::Contains("bad disposition \"SILENT\""));
  CHECK_THAT(LoadError(std::string(kValid) + "\n[telephony]\nshort_call_s_max = 600\n"),
             Catch::Contains("bad short_call_s_max 600"));
  CHECK_THAT(LoadError(std::string(kValid) + "\n[telephony]\nshort_call_words_max = -1\n"),
             Catch::Contains("bad short_call_words_max -1"));
  CHECK_THAT(LoadError(std::string(kValid) + "\n[telephony]\ndistress = [\"minta tolong\"]\n"),
             Catch::Contains("must be one word"));
  CHECK_THAT(LoadError(std::string(kValid) + "\n[telephony]\nshort_call = 5\n"),
             Catch::Contains("unknown key \"short_call\""));
  CHECK_THAT(LoadError(std::string(kValid) + "\n[negation]\nwords = [\"tidak\"]\nwindow = 9\n"),
             Catch::Contains("bad window 9"));
  CHECK_THAT(LoadError("[classifier]\ntriage_below = 0.5\n"), Catch::Contains("no [[rule]]"));
}

TEST_CASE("The loader rejects a TOML syntax error and a missing file", "[unit]") {
  CHECK_THAT(LoadError("[classifier\ntriage_below = "), Catch::Contains("TOML syntax error"));
  // toml11 3.7.1 reads out of bounds on a literal string that is not UTF-8 (users_file fuzz
  // target): the loader refuses such text first.
  CHECK_THAT(LoadError(std::string(kValid) + "'\xff' = 1\n"),
             Catch::Contains("line 15 is not UTF-8 text"));
  auto missing = Classifier::FromFile("/nonexistent/classifier.toml", kAgencies);
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(std::string(missing.status().message()), Catch::Contains("cannot open"));
}

// ---- Triage quality: telephony facts, text cues, tricky phrases (docs/triage.md) ----

v1::Classification Call(std::string_view text, bool silent, std::uint32_t duration_s) {
  return Shipped().Classify(CallFacts{text, silent, duration_s});
}

TEST_CASE("A silent call is a ghost call unless its notes name an emergency or a cry for help",
          "[unit]") {
  for (const char* text : {"halo halo, tidak ada jawaban", "hanya suara tv", "no voice"}) {
    INFO(text);
    const v1::Classification c = Call(text, true, 20);
    CHECK(c.disposition() == v1::DISPOSITION_GHOST);
    CHECK(c.agencies().empty());
    CHECK_FALSE(c.explanation().empty());
  }
  const v1::Classification help = Call("terdengar suara minta tolong", true, 20);
  CHECK(help.disposition() == v1::DISPOSITION_EMERGENCY);
  CHECK(help.needs_triage());
  CHECK(Call("terdengar teriakan, ada yang pingsan", true, 20).type_code() == "MED.UNCONSCIOUS");
}

TEST_CASE("A very short call with a few words that name nothing is a ghost call", "[unit]") {
  CHECK(Call("halo", false, 3).disposition() == v1::DISPOSITION_GHOST);
  CHECK(Call("", false, 2).disposition() == v1::DISPOSITION_GHOST);
  CHECK(Call("halo", false, 3).rule_id() == "builtin.short-call");
  // Unknown length, a longer call, or more words: a person reads it.
  const std::vector<std::pair<const char*, std::uint32_t>> person_reads = {
      {"halo", 0}, {"halo", 30}, {"ada orang di depan rumah saya dari tadi", 4}, {"tolong", 3}};
  for (const auto& [text, duration_s] : person_reads) {
    const v1::Classification c = Call(text, false, duration_s);
    INFO(text << " (" << duration_s << " s): " << c.explanation());
    CHECK(c.disposition() == v1::DISPOSITION_EMERGENCY);
    CHECK(c.needs_triage());
  }
  // An emergency in a short call is an emergency.
  CHECK(Call("kebakaran!", false, 3).type_code() == "FIRE.STRUCTURE");
}

TEST_CASE("Text cues for a silent line give a ghost disposition", "[unit]") {
  for (const char* text : {"tidak ada suara", "diam, tidak ada respon", "hening lalu putus"}) {
    INFO(text);
    CHECK(Run(text).disposition() == v1::DISPOSITION_GHOST);
  }
}

TEST_CASE("A P1 is never a prank, even when the only emergency word is a modifier", "[unit]") {
  const v1::Classification trapped = Run("iseng kali, tapi katanya ada yang terjepit");
  CHECK(trapped.disposition() == v1::DISPOSITION_EMERGENCY);
  CHECK(trapped.priority() == PRIORITY_P1);
  // No rule matched, only a P1 modifier: a person decides, it is never closed as a prank.
  const v1::Classification many = Run("iseng kali, tapi katanya banyak korban");
  INFO(many.explanation());
  CHECK(many.disposition() == v1::DISPOSITION_EMERGENCY);
  CHECK(many.priority() == PRIORITY_P1);
  CHECK(many.needs_triage());
}

TEST_CASE("A word that only raises urgency names no emergency", "[unit]") {
  CHECK(Run("anak2 usil telepon berkali2").disposition() == v1::DISPOSITION_PRANK);
  CHECK(Run("gak sengaja kepencet anak saya").disposition() == v1::DISPOSITION_NON_EMERGENCY);
  CHECK(Run("kebakaran rumah, ada anak").priority() == PRIORITY_P1);
}

TEST_CASE("Weak words stay in triage however many place words surround them", "[unit]") {
  const v1::Classification c = Run("ada asap di pabrik dekat rumah");
  CHECK(c.needs_triage());
  CHECK(c.type_code() == "FIRE.STRUCTURE");
}

TEST_CASE("Tricky phrases are not fires, deaths or assaults", "[unit]") {
  for (const char* text :
       {"kereta api lewat terus, berisik", "anak2 main kembang api", "korek api saya hilang",
        "pak RT kebakaran jenggot", "tidak ada api", "lift mati", "bakar sampah di kebun"}) {
    INFO(text << "\n" << Run(text).explanation());
    const v1::Classification c = Run(text);
    CHECK_FALSE((c.type_code().rfind("FIRE", 0) == 0 && !c.needs_triage()));
    CHECK(c.type_code() != "MED.DECEASED");
  }
  // Serang is the neighbouring city, not an assault.
  const v1::Classification serang = Run("kecelakaan di jalan raya serang, korban luka");
  CHECK(serang.type_code() == "TRAFFIC.INJURY");
  CHECK_FALSE(HasEvidence(serang, "serang"));
}

TEST_CASE("Reduplication and colloquial prefixes are read as the word", "[unit]") {
  CHECK(Run("anak sy kejang2").type_code() == "MED.UNCONSCIOUS");
  CHECK(Run("sopir luka2 habis nabrak pohon").type_code() == "TRAFFIC.INJURY");
  CHECK(Run("angkot nyerempet pejalan kaki, berdarah").type_code() == "TRAFFIC.INJURY");
  CHECK(Run("preman ngeroyok pedagang").type_code() == "CRIME.ASSAULT");
}

TEST_CASE("Terse English CAD call types route by general vocabulary", "[unit]") {
  Check({
      {"CARDIAC EMERGENCY", "MED.CARDIAC", PRIORITY_P1, {"health"}},
      {"FALL VICTIM", "MED.INJURY", PRIORITY_P2, {"health"}},
      {"FIRE ALARM", "FIRE.ALARM", PRIORITY_P3, {"fire"}},
      {"GAS-ODOR/LEAK", "HAZMAT.GAS", PRIORITY_P2, {"fire"}},
      {"DISABLED VEHICLE", "TRAFFIC.HAZARD", PRIORITY_P3, {"police"}},
      {"RESPIRATORY EMERGENCY", "MED.BREATHING", PRIORITY_P1, {"health"}},
  });
}

}  // namespace
}  // namespace siaga::classify
