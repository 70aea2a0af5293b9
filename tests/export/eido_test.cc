// The EIDO mapping of one incident: ids, times, references, merge and split links, location
// uncertainty, callbacks and notes. The schema check (eido_schema_check) validates the same
// sample document against the reduced EIDO schema.
#include "dispatcher/export/eido.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "common/config.h"
#include "tests/export/sample_incident.h"

using namespace siaga;
using namespace siaga::testing;
using Json = nlohmann::json;

namespace {

DispatcherConfig TestConfig() {
  DispatcherConfig config = DefaultConfig();
  config.domain = "banten.siaga112.id";
  return config;
}

Json Export(const v1::Incident& incident, const std::vector<v1::Event>& history = {}) {
  return Json::parse(eido::IncidentToEido(incident, history, TestConfig()));
}

// The component of `list` with this $id; fails the test if there is none.
const Json& Component(const Json& doc, const std::string& list, const std::string& id) {
  REQUIRE(doc.contains(list));
  for (const Json& c : doc[list]) {
    if (c["$id"] == id) {
      return c;
    }
  }
  FAIL("no " << list << " with $id " << id);
  throw std::logic_error("unreachable");
}

// Every {"$ref": ...} in the document.
void CollectRefs(const Json& j, std::set<std::string>& refs) {
  if (j.is_object()) {
    if (j.contains("$ref")) {
      refs.insert(j["$ref"].get<std::string>());
    }
    for (const auto& [key, value] : j.items()) {
      CollectRefs(value, refs);
    }
  } else if (j.is_array()) {
    for (const Json& v : j) {
      CollectRefs(v, refs);
    }
  }
}

}  // namespace

TEST_CASE("the document and its calls carry NENA urn ids in the configured domain",
          "[unit][export]") {
  const Json doc = Export(SampleIncident(), SampleHistory());
  CHECK(doc["$id"] == "urn:emergency:uid:incidentid:I-000042:banten.siaga112.id");
  CHECK(doc["eidoVersion"] == "1.0");
  CHECK(doc["updatedByAgencyReference"]["$ref"] == "banten.siaga112.id");
  CHECK(doc["incidentComponent"]["incidentTrackingIdentifier"] == doc["$id"]);
  CHECK(doc["incidentComponent"]["internalIncidentId"] == "I-000042");
  const Json& call =
      Component(doc, "callComponent", "urn:emergency:uid:callid:C-000100:banten.siaga112.id");
  CHECK(call["direction"] == "incoming");
  CHECK(call["updatedByAgentReference"]["$ref"] == "ct-1@banten.siaga112.id");
}

TEST_CASE("every reference points at a component of the document and every $id is unique",
          "[unit][export]") {
  const Json doc = Export(SampleIncident(), SampleHistory());
  std::set<std::string> ids;
  std::size_t components = 0;
  for (const auto& [key, value] : doc.items()) {
    if (value.is_array() && key.ends_with("Component")) {
      for (const Json& c : value) {
        ids.insert(c["$id"].get<std::string>());
        ++components;
        CHECK(c.contains("lastUpdateTimestamp"));
        CHECK(c.contains("updatedByAgencyReference"));
      }
    }
  }
  CHECK(ids.size() == components);
  std::set<std::string> refs;
  CollectRefs(doc, refs);
  REQUIRE_FALSE(refs.empty());
  for (const std::string& ref : refs) {
    INFO(ref);
    CHECK(ids.contains(ref));
  }
}

TEST_CASE("type, priority and status go out as local values beside the common ones",
          "[unit][export]") {
  v1::Incident incident = SampleIncident();
  Json doc = Export(incident);
  const Json& inc = doc["incidentComponent"];
  CHECK(inc["incidentTypeInternalCode"] == "FIRE.STRUCTURE");
  CHECK(inc["incidentTypeCommonRegistryText"] == "Fire");
  CHECK(inc["incidentPriorityInternalText"] == "P1");
  CHECK(inc["incidentCommonPriorityNumber"] == 10);
  CHECK(inc["incidentStatusCommonRegistryText"] == Json::array({"Active"}));

  incident.set_status(v1::INCIDENT_STATUS_CLOSED);
  incident.set_disposition(v1::DISPOSITION_PRANK);
  incident.set_close_reason("only call was a prank");
  doc = Export(incident);
  CHECK(doc["incidentComponent"]["incidentStatusInternalText"] ==
        Json::array({"closed", "disposition:prank"}));
  CHECK(doc["incidentComponent"]["incidentStatusCommonRegistryText"] == Json::array({"Closed"}));
}

TEST_CASE("times are RFC 3339 UTC with milliseconds", "[unit][export]") {
  const Json doc = Export(SampleIncident(), SampleHistory());
  CHECK(doc["lastUpdateTimestamp"] == "2026-11-25T01:05:00.000Z");
  CHECK(doc["incidentComponent"]["createdTimestamp"] == "2026-11-25T01:00:00.000Z");
  const Json& fire =
      Component(doc, "dispatchComponent", "dispatch.I-000042.fire@banten.siaga112.id");
  CHECK(fire["queuedTimestamp"] == "2026-11-25T01:00:01.000Z");
  CHECK(fire["acknowledgedTimestamp"] == "2026-11-25T01:00:20.000Z");
  CHECK(fire["dispatchedTimestamp"] == "2026-11-25T01:00:50.000Z");
  CHECK_FALSE(fire.contains("closedTimestamp"));  // unset times are left out
}

TEST_CASE("each agency part is a dispatch with its state, owner, units and escalation",
          "[unit][export]") {
  const Json doc = Export(SampleIncident(), SampleHistory());
  const Json& fire =
      Component(doc, "dispatchComponent", "dispatch.I-000042.fire@banten.siaga112.id");
  CHECK(fire["agencyReference"]["$ref"] == "fire.banten.siaga112.id");
  CHECK(fire["agentReference"]["$ref"] == "fire-disp-1@banten.siaga112.id");
  CHECK(fire["dispatchStateInternalText"] == "en-route");
  REQUIRE(fire["emergencyResourceReference"].size() == 2);
  const Json& unit =
      Component(doc, "emergencyResourceComponent", fire["emergencyResourceReference"][0]["$ref"]);
  CHECK(unit["emergencyResourceName"] == "FIRE-7");
  CHECK(unit["primaryUnitStatusRegistryText"] == "Enroute");

  const Json& health =
      Component(doc, "dispatchComponent", "dispatch.I-000042.health@banten.siaga112.id");
  CHECK(health["dispatchStateInternalText"] == "queued");
  CHECK(health["acknowledgeEscalatedTimestamp"] == "2026-11-25T01:01:01.000Z");
  CHECK_FALSE(health.contains("emergencyResourceReference"));

  const Json& agency = Component(doc, "agencyComponent", "fire.banten.siaga112.id");
  CHECK(agency["agencyType"] == Json::array({"fire"}));
  CHECK(agency["agencyJcard"].get<std::string>().find("Pemadam Kebakaran") != std::string::npos);
  const Json& ems = Component(doc, "agencyComponent", "health.banten.siaga112.id");
  CHECK(ems["agencyType"] == Json::array({"ems"}));
  const Json& psap = Component(doc, "agencyComponent", "banten.siaga112.id");
  CHECK(psap["incidentOwningAgencyIndicator"] == true);
}

TEST_CASE("merge and split links name the other incidents in both directions", "[unit][export]") {
  v1::Incident incident = SampleIncident();
  Json doc = Export(incident, SampleHistory());
  std::map<std::string, std::string> links;  // other incident urn -> direction
  for (const Json& m : doc["mergeComponent"]) {
    links[m["incidentTrackingIdentifier"]] = m["incidentMergeDirectionCode"];
  }
  const auto urn = [](const std::string& id) {
    return "urn:emergency:uid:incidentid:" + id + ":banten.siaga112.id";
  };
  CHECK(links[urn("I-000040")] == "REPLACING");  // I-000040 was merged into this one
  CHECK(links[urn("I-000030")] == "SPLIT");      // this one was split from I-000030
  CHECK(links[urn("I-000043")] == "SPLIT");      // a call of this one became I-000043
  CHECK(links.size() == 3);
  const Json& merged =
      Component(doc, "mergeComponent", "merge.I-000042.I-000040@banten.siaga112.id");
  CHECK(merged["lastUpdateTimestamp"] == "2026-11-25T01:01:30.000Z");  // from the history

  incident.clear_merged_from();
  incident.clear_split_from();
  incident.set_merged_into("I-000050");
  doc = Export(incident);
  REQUIRE(doc["mergeComponent"].size() == 1);
  CHECK(doc["mergeComponent"][0]["incidentMergeDirectionCode"] == "REPLACED");
  CHECK(doc["mergeComponent"][0]["incidentTrackingIdentifier"] == urn("I-000050"));
}

TEST_CASE("a location keeps its uncertainty radius, confidence, method and fix time",
          "[unit][export]") {
  const Json doc = Export(SampleIncident());
  const Json& loc = Component(doc, "locationComponent", "location.I-000042@banten.siaga112.id");
  CHECK(loc["locationTypeDescriptionRegistryText"] == "CurrentIncident");
  CHECK(loc["locationDescriptionText"] == "Jl. Merdeka 10, dekat pasar");
  const std::string pidf = loc["locationByValue"];
  CHECK(pidf.find("<gml:pos>-6.0123456 106.0654321</gml:pos>") != std::string::npos);
  CHECK(pidf.find("<gs:radius uom=\"urn:ogc:def:uom:EPSG::9001\">35.0</gs:radius>") !=
        std::string::npos);
  CHECK(pidf.find("<con:confidence pdf=\"normal\">68</con:confidence>") != std::string::npos);
  CHECK(pidf.find("<gp:method>GPS</gp:method>") != std::string::npos);
  CHECK(pidf.find("<dm:timestamp>2026-11-25T00:59:55.000Z</dm:timestamp>") != std::string::npos);
  CHECK(loc["lastUpdateTimestamp"] == "2026-11-25T00:59:55.000Z");  // the fix time

  const Json& call_loc =
      Component(doc, "locationComponent", "location.C-000100@banten.siaga112.id");
  CHECK(call_loc["locationTypeDescriptionRegistryText"] == "Caller");
  // The prank SMS had no location: no component for it.
  for (const Json& l : doc["locationComponent"]) {
    CHECK(l["$id"] != "location.C-000101@banten.siaga112.id");
  }
}

TEST_CASE("a location with only a description has no PIDF-LO", "[unit][export]") {
  v1::Incident incident = SampleIncident();
  incident.mutable_location()->Clear();
  incident.mutable_location()->set_description("behind the mosque");
  const Json doc = Export(incident);
  const Json& loc = Component(doc, "locationComponent", "location.I-000042@banten.siaga112.id");
  CHECK_FALSE(loc.contains("locationByValue"));
  CHECK(loc["locationDescriptionText"] == "behind the mosque");
}

TEST_CASE("callbacks are outgoing calls related to the call they follow up", "[unit][export]") {
  const Json doc = Export(SampleIncident(), SampleHistory());
  const std::string call_urn = "urn:emergency:uid:callid:C-000100:banten.siaga112.id";
  const Json& call = Component(doc, "callComponent", call_urn);
  REQUIRE(call["relatedCallIdentifier"].size() == 2);
  CHECK(call["callBackReference"]["$ref"] == "callback.C-000100@banten.siaga112.id");
  CHECK(call["callStateRegistryText"] == "callEnd");                 // its length is known
  CHECK(call["lastUpdateTimestamp"] == "2026-11-25T01:03:00.000Z");  // the last callback
  const Json& back = Component(doc, "callbackComponent", "callback.C-000100@banten.siaga112.id");
  CHECK(back["callBackInformationUri"] == Json::array({"tel:+6281234567890"}));

  const Json& reached = Component(doc, "callComponent", call["relatedCallIdentifier"][1]);
  CHECK(reached["direction"] == "outgoing");
  CHECK(reached["relatedCallIdentifier"] == Json::array({call_urn}));
  CHECK(reached["callStartTimestamp"] == "2026-11-25T01:03:00.000Z");
  CHECK(reached["callbackOutcomeInternalText"] == "reached");
  const Json& note = Component(doc, "notesComponent", reached["notesReference"][0]["$ref"]);
  CHECK(note["notesActionComments"] == "Callback: reached. caller is outside, safe");
  CHECK(note["agentReference"]["$ref"] == "ct-1@banten.siaga112.id");
}

TEST_CASE("a prank call keeps its disposition, reason, channel and caller flag", "[unit][export]") {
  const Json doc = Export(SampleIncident(), SampleHistory());
  const Json& prank =
      Component(doc, "callComponent", "urn:emergency:uid:callid:C-000101:banten.siaga112.id");
  CHECK(prank["callDispositionInternalText"] == "prank");
  CHECK(prank["localCallType"] == "sms");
  CHECK(prank["callStateRegistryText"] == "callAnswered");
  // Disposed later: the call's last update is the CallDisposed event.
  CHECK(prank["lastUpdateTimestamp"] == "2026-11-25T01:01:10.000Z");
  std::vector<std::string> texts;
  for (const Json& ref : prank["notesReference"]) {
    texts.push_back(Component(doc, "notesComponent", ref["$ref"])["notesActionComments"]);
  }
  CHECK(texts ==
        std::vector<std::string>{"Disposition prank: children laughing",
                                 "Caller flag: repeat prank caller: 3 prank/ghost calls in 24h"});
}

TEST_CASE("notes keep author, agency and time, with text escaped as HTML", "[unit][export]") {
  const Json doc = Export(SampleIncident(), SampleHistory());
  bool found_incident_note = false;
  for (const Json& note : doc["notesComponent"]) {
    if (note["notesActionComments"] == "hydrant at the corner is dry") {
      found_incident_note = true;
      CHECK(note["agentReference"]["$ref"] == "fire-disp-1@banten.siaga112.id");
      CHECK(note["updatedByAgencyReference"]["$ref"] == "fire.banten.siaga112.id");
      CHECK(note["lastUpdateTimestamp"] == "2026-11-25T01:04:00.000Z");
    }
  }
  CHECK(found_incident_note);
  const Json& call =
      Component(doc, "callComponent", "urn:emergency:uid:callid:C-000100:banten.siaga112.id");
  const Json& text = Component(doc, "notesComponent", call["notesReference"][0]["$ref"]);
  CHECK(text["notesActionComments"] == "rumah terbakar &lt;2 lantai&gt;, ada orang di dalam");
}

TEST_CASE("agents are everyone in the history, with role and agency", "[unit][export]") {
  const Json doc = Export(SampleIncident(), SampleHistory());
  const Json& taker = Component(doc, "agentComponent", "ct-1@banten.siaga112.id");
  CHECK(taker["agentRoleRegistryText"] == Json::array({"Call Taking"}));
  CHECK(taker["agencyReference"]["$ref"] == "banten.siaga112.id");
  const Json& dispatcher = Component(doc, "agentComponent", "fire-disp-1@banten.siaga112.id");
  CHECK(dispatcher["agentRoleRegistryText"] == Json::array({"Dispatching"}));
  CHECK(dispatcher["agencyReference"]["$ref"] == "fire.banten.siaga112.id");
  const Json& gateway = Component(doc, "agentComponent", "gw-1@banten.siaga112.id");
  CHECK(gateway["agentRoleRegistryText"] == Json::array({"Automaton"}));
  // The last event's actor updated the document.
  CHECK(doc["updatedByAgentReference"]["$ref"] == "fire-disp-1@banten.siaga112.id");
}

TEST_CASE("the export is deterministic and survives text that is not UTF-8", "[unit][export]") {
  v1::Incident incident = SampleIncident();
  const std::string once = eido::IncidentToEido(incident, SampleHistory(), TestConfig());
  CHECK(once == eido::IncidentToEido(incident, SampleHistory(), TestConfig()));

  incident.mutable_calls(0)->set_text(std::string("bad \xff\xfe bytes"));
  const std::string text = eido::IncidentToEido(incident, {}, TestConfig());
  CHECK_NOTHROW(Json::parse(text));
}

TEST_CASE("an incident in triage with no calls' history still exports", "[unit][export]") {
  v1::Incident incident;
  incident.set_incident_id("I-000001");
  incident.set_status(v1::INCIDENT_STATUS_TRIAGE);
  *incident.mutable_created_time() = SampleTime(0);
  *incident.mutable_updated_time() = SampleTime(0);
  const Json doc = Export(incident);
  CHECK(doc["incidentComponent"]["incidentTypeCommonRegistryText"] == "Other");
  CHECK(doc["incidentComponent"]["incidentCommonPriorityNumber"] == 0);
  CHECK(doc["incidentComponent"]["incidentStatusCommonRegistryText"] == Json::array({"Pending"}));
  CHECK(doc["agencyComponent"].size() == 1);
  CHECK_FALSE(doc.contains("callComponent"));
  CHECK_FALSE(doc.contains("agentComponent"));
}
