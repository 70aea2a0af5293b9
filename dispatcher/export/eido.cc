// How the document is built: one pass over the history collects who did what and when (the
// HistoryIndex); then each component list is built from the incident itself. Agents and
// agencies are registered as they are referenced, so every {"$ref"} has its component.
#include "dispatcher/export/eido.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "common/time_text.h"
#include "dispatcher/export/eido_vocabulary.h"
#include "dispatcher/export/pidf_lo.h"

namespace siaga::eido {
namespace {

// ordered_json keeps keys in insertion order: "$id" first, as in NENA's examples.
using Json = nlohmann::ordered_json;
using Timestamp = google::protobuf::Timestamp;

constexpr char kEidoVersion[] = "1.0";

Json Ref(std::string_view id) { return Json{{"$ref", id}}; }

const Timestamp& Later(const Timestamp& a, const Timestamp& b) {
  return FromProto(b) > FromProto(a) ? b : a;
}

// What the history says that the incident itself does not.
struct HistoryIndex {
  struct CallFacts {
    v1::Actor taker;  // who reported it
    Timestamp last_change;
  };
  struct Link {
    std::string incident_id;
    Timestamp time;
  };
  std::map<std::string, CallFacts> calls;
  std::vector<Link> split_off;                   // incidents split off this one (CallDetached)
  std::map<std::string, Timestamp> merged_from;  // when each source first appeared merged
  Timestamp merged_into_time;
  // Each unit's last status on this incident, and when (UnitAssigned, UnitStatusChanged).
  std::map<std::string, std::pair<v1::UnitStatus, Timestamp>> unit_status;
  v1::Actor last_actor;
  // Everyone who acted, first appearance first, with the agency they acted for (if any).
  struct Seen {
    v1::Actor actor;
    std::string agency;
    Timestamp last_time;
  };
  std::vector<Seen> actors;

  explicit HistoryIndex(std::span<const v1::Event> history);
  void SawActor(const v1::Actor& actor, std::string agency, const Timestamp& time);
};

// The agency an event was done for, if it names one.
std::string AgencyOf(const v1::Event& e) {
  switch (e.body_case()) {
    case v1::Event::kAcknowledged:
      return e.acknowledged().agency();
    case v1::Event::kUnitAssigned:
      return e.unit_assigned().agency();
    case v1::Event::kStatusChanged:
      return e.status_changed().agency();
    case v1::Event::kAgencyClosed:
      return e.agency_closed().agency();
    case v1::Event::kNoteAdded:
      return e.note_added().agency();
    default:
      return "";
  }
}

HistoryIndex::HistoryIndex(std::span<const v1::Event> history) {
  for (const v1::Event& e : history) {
    last_actor = e.actor();
    SawActor(e.actor(), AgencyOf(e), e.time());
    switch (e.body_case()) {
      case v1::Event::kCallReceived:
        calls[e.call_received().call().call_id()] = {e.actor(), e.time()};
        break;
      case v1::Event::kCallDisposed:
        calls[e.call_disposed().call_id()].last_change = e.time();
        break;
      case v1::Event::kCallbackMade:
        calls[e.callback_made().call_id()].last_change = e.time();
        break;
      case v1::Event::kCallDetached:
        split_off.push_back({e.call_detached().new_incident_id(), e.time()});
        break;
      case v1::Event::kIncidentMerged:
        merged_into_time = e.time();
        break;
      case v1::Event::kUnitAssigned:
        unit_status[e.unit_assigned().unit_id()] = {v1::UNIT_STATUS_DISPATCHED, e.time()};
        break;
      case v1::Event::kUnitStatusChanged:
        unit_status[e.unit_status_changed().unit_id()] = {e.unit_status_changed().status(),
                                                          e.time()};
        break;
      case v1::Event::kIncidentRouted:
        for (const std::string& source : e.incident_routed().incident().merged_from()) {
          merged_from.try_emplace(source, e.time());
        }
        break;
      default:
        break;
    }
  }
}

void HistoryIndex::SawActor(const v1::Actor& actor, std::string agency, const Timestamp& time) {
  if (actor.user_id().empty()) {
    return;
  }
  for (Seen& seen : actors) {
    if (seen.actor.user_id() == actor.user_id()) {
      seen.last_time = Later(seen.last_time, time);
      if (seen.agency.empty()) {
        seen.agency = std::move(agency);
      }
      return;
    }
  }
  actors.push_back({actor, std::move(agency), time});
}

class DocumentBuilder {
 public:
  DocumentBuilder(const v1::Incident& incident, std::span<const v1::Event> history,
                  const DispatcherConfig& config)
      : incident_(incident), index_(history), config_(config), domain_(config.domain) {}

  Json Build();

 private:
  std::string ComponentId(std::string_view kind, std::string_view local) const {
    return fmt::format("{}.{}@{}", kind, local, domain_);
  }
  std::string AgencyId(std::string_view agency) const {
    return agency.empty() ? domain_ : fmt::format("{}.{}", agency, domain_);
  }
  std::string AgentId(std::string_view user) const { return fmt::format("{}@{}", user, domain_); }

  // $id, lastUpdateTimestamp, updatedByAgencyReference, updatedByAgentReference (if known).
  Json Prologue(std::string id, const Timestamp& updated, std::string_view agency,
                std::string_view user) const;
  // Registers the person (from the history if seen there, else with `role`) and returns the
  // reference to their agentComponent.
  Json AgentRef(std::string_view user, v1::Role role, std::string_view agency,
                const Timestamp& time);
  Json AgencyRef(std::string_view agency);
  // Adds a notesComponent entry and returns its reference.
  Json NoteRef(const Timestamp& time, std::string_view user, v1::Role role, std::string_view agency,
               std::string_view text);
  // A locationComponent for `location` if it says anything; its reference, or null.
  Json LocationRef(const v1::Location& location, std::string_view local_id, std::string_view type,
                   std::string_view entity, const Timestamp& fallback);

  Json IncidentComponent();
  void AddCall(const v1::Call& call);
  void AddCallback(const v1::Call& call, int n, const v1::Callback& callback,
                   const Json& callback_ref);
  void AddDispatch(const v1::AgencyDispatch& dispatch);
  void AddMerge(std::string_view other, std::string_view direction, const Timestamp& time);
  Json Agencies() const;
  Json Agents() const;

  const v1::Incident& incident_;
  const HistoryIndex index_;
  const DispatcherConfig& config_;
  const std::string domain_;

  Json calls_ = Json::array();
  Json callbacks_ = Json::array();
  Json dispatches_ = Json::array();
  Json resources_ = Json::array();
  Json merges_ = Json::array();
  Json locations_ = Json::array();
  Json notes_ = Json::array();
  std::vector<std::string> agencies_;  // referenced agency ids ("" = the PSAP), in order
  struct Agent {
    std::string user;
    v1::Role role;
    std::string agency;
    Timestamp last_time;
  };
  std::vector<Agent> agents_;
};

Json DocumentBuilder::Prologue(std::string id, const Timestamp& updated, std::string_view agency,
                               std::string_view user) const {
  Json j;
  j["$id"] = std::move(id);
  j["lastUpdateTimestamp"] = Rfc3339Utc(updated);
  j["updatedByAgencyReference"] = Ref(AgencyId(agency));
  if (!user.empty()) {
    j["updatedByAgentReference"] = Ref(AgentId(user));
  }
  return j;
}

Json DocumentBuilder::AgencyRef(std::string_view agency) {
  if (std::find(agencies_.begin(), agencies_.end(), agency) == agencies_.end()) {
    agencies_.emplace_back(agency);
  }
  return Ref(AgencyId(agency));
}

Json DocumentBuilder::AgentRef(std::string_view user, v1::Role role, std::string_view agency,
                               const Timestamp& time) {
  for (Agent& a : agents_) {
    if (a.user == user) {
      a.last_time = Later(a.last_time, time);
      return Ref(AgentId(user));
    }
  }
  Agent agent{std::string(user), role, std::string(agency), time};
  for (const auto& seen : index_.actors) {
    if (seen.actor.user_id() == user) {
      agent.role = seen.actor.role();
      agent.agency = seen.agency.empty() ? agent.agency : seen.agency;
      agent.last_time = Later(seen.last_time, time);
    }
  }
  // A dispatcher belongs to the agency it acted for; everyone else to the PSAP.
  if (agent.role != v1::ROLE_DISPATCHER) {
    agent.agency.clear();
  }
  AgencyRef(agent.agency);
  agents_.push_back(std::move(agent));
  return Ref(AgentId(user));
}

Json DocumentBuilder::NoteRef(const Timestamp& time, std::string_view user, v1::Role role,
                              std::string_view agency, std::string_view text) {
  std::string id =
      ComponentId("note", fmt::format("{}.{}", incident_.incident_id(), notes_.size() + 1));
  Json note = Prologue(id, time, agency, user);
  AgencyRef(agency);
  // notesActionComments is HTML5: escaping makes the text show exactly as typed.
  note["notesActionComments"] = XmlEscape(text);
  if (!user.empty()) {
    note["agentReference"] = AgentRef(user, role, agency, time);
  }
  notes_.push_back(std::move(note));
  return Ref(id);
}

Json DocumentBuilder::LocationRef(const v1::Location& location, std::string_view local_id,
                                  std::string_view type, std::string_view entity,
                                  const Timestamp& fallback) {
  const bool has_position = HasPosition(location);
  if (!has_position && location.description().empty()) {
    return nullptr;
  }
  std::string id = ComponentId("location", local_id);
  Json j = Prologue(id, IsUnset(location.fix_time()) ? fallback : location.fix_time(), "", "");
  j["locationTypeDescriptionRegistryText"] = type;
  if (has_position) {
    j["locationByValue"] = PidfLo(location, entity);
  }
  if (!location.description().empty()) {
    j["locationDescriptionText"] = location.description();
  }
  locations_.push_back(std::move(j));
  return Ref(id);
}

Json DocumentBuilder::IncidentComponent() {
  const v1::Classification& c = incident_.classification();
  const std::string& last_user = index_.last_actor.user_id();
  Json j = Prologue(ComponentId("incident", incident_.incident_id()), incident_.updated_time(), "",
                    last_user);
  if (!last_user.empty()) {
    AgentRef(last_user, index_.last_actor.role(), "", incident_.updated_time());
  }
  j["incidentTrackingIdentifier"] = IncidentUrn(incident_.incident_id(), domain_);
  j["internalIncidentId"] = incident_.incident_id();
  if (!c.type_code().empty()) {
    j["incidentTypeInternalCode"] = c.type_code();
  }
  j["incidentTypeCommonRegistryText"] = CommonIncidentType(c.type_code());
  Json status = Json::array({StatusWord(incident_.status())});
  if (incident_.status() == v1::INCIDENT_STATUS_CLOSED) {
    status.push_back(fmt::format("disposition:{}", DispositionWord(incident_.disposition())));
  }
  j["incidentStatusInternalText"] = std::move(status);
  j["incidentStatusCommonRegistryText"] = Json::array({CommonIncidentStatus(incident_.status())});
  if (c.priority() != v1::PRIORITY_UNSPECIFIED) {
    j["incidentPriorityInternalText"] = fmt::format("P{}", static_cast<int>(c.priority()));
  }
  j["incidentCommonPriorityNumber"] = CommonPriorityNumber(c.priority());
  // Extension: EIDO has no creation time; ours is the first call's answer.
  j["createdTimestamp"] = Rfc3339Utc(incident_.created_time());

  const std::string urn = IncidentUrn(incident_.incident_id(), domain_);
  Json location = LocationRef(incident_.location(), incident_.incident_id(), "CurrentIncident", urn,
                              incident_.created_time());
  if (!location.is_null()) {
    j["locationReference"] = Json::array({location});
  }
  Json notes = Json::array();
  if (!c.type_code().empty() || !c.explanation().empty()) {
    notes.push_back(NoteRef(
        incident_.created_time(), "", v1::ROLE_SYSTEM, "",
        fmt::format("Classification {} P{} (rule {}, confidence {:.2f}): {}", c.type_code(),
                    static_cast<int>(c.priority()), c.rule_id(), c.confidence(), c.explanation())));
  }
  for (const v1::Note& note : incident_.notes()) {
    notes.push_back(NoteRef(note.time(), note.author().user_id(), note.author().role(),
                            note.agency(), note.text()));
  }
  if (!incident_.close_reason().empty()) {
    notes.push_back(NoteRef(incident_.updated_time(), "", v1::ROLE_SYSTEM, "",
                            fmt::format("Closed: {}", incident_.close_reason())));
  }
  if (!notes.empty()) {
    j["notesReference"] = std::move(notes);
  }
  return j;
}

void DocumentBuilder::AddCall(const v1::Call& call) {
  const auto facts = index_.calls.find(call.call_id());
  const v1::Actor taker = facts == index_.calls.end() ? v1::Actor() : facts->second.taker;
  Timestamp updated = call.received_time();
  if (facts != index_.calls.end()) {
    updated = Later(updated, facts->second.last_change);
  }
  for (const v1::Callback& callback : call.callbacks()) {
    updated = Later(updated, callback.time());
  }
  const std::string urn = CallUrn(call.call_id(), domain_);
  Json j = Prologue(urn, updated, "", taker.user_id());
  j["standardPrimaryCallType"] = "emergency";  // every 112 call arrives as one
  j["direction"] = "incoming";
  j["localCallType"] = ChannelWord(call.channel());
  j["callStartTimestamp"] = Rfc3339Utc(call.received_time());
  // Recorded calls have been answered; a known length means the line is closed.
  j["callStateRegistryText"] = call.duration_s() > 0 ? "callEnd" : "callAnswered";
  // Extension: what the call turned out to be (EIDO has dispositions only per incident).
  j["callDispositionInternalText"] = DispositionWord(call.disposition());
  if (!taker.user_id().empty()) {
    j["agentReference"] =
        Json::array({AgentRef(taker.user_id(), taker.role(), "", call.received_time())});
  }
  Json callback_ref = nullptr;
  if (!call.caller_number().empty()) {
    std::string id = ComponentId("callback", call.call_id());
    Json cb = Prologue(id, call.received_time(), "", "");
    cb["callBackInformationUri"] = Json::array({fmt::format("tel:{}", call.caller_number())});
    callbacks_.push_back(std::move(cb));
    callback_ref = Ref(id);
    j["callBackReference"] = callback_ref;
  }
  Json location = LocationRef(call.location(), call.call_id(), "Caller", urn, call.received_time());
  if (!location.is_null()) {
    j["locationReference"] = Json::array({location});
  }
  Json notes = Json::array();
  const auto note = [&](std::string text) {
    notes.push_back(
        NoteRef(call.received_time(), taker.user_id(), taker.role(), "", std::move(text)));
  };
  if (!call.text().empty()) {
    note(call.text());
  }
  if (call.silent()) {
    note("Silent call: telephony heard no voice.");
  }
  if (call.disposition() != v1::DISPOSITION_EMERGENCY &&
      call.disposition() != v1::DISPOSITION_UNSPECIFIED) {
    note(fmt::format("Disposition {}: {}", DispositionWord(call.disposition()),
                     call.disposition_reason()));
  }
  for (const std::string& flag : call.caller_flags()) {
    note(fmt::format("Caller flag: {}", flag));
  }
  if (!notes.empty()) {
    j["notesReference"] = std::move(notes);
  }
  Json related = Json::array();
  for (int n = 0; n < call.callbacks_size(); ++n) {
    related.push_back(CallUrn(fmt::format("{}-CB{}", call.call_id(), n + 1), domain_));
  }
  if (!related.empty()) {
    j["relatedCallIdentifier"] = std::move(related);
  }
  calls_.push_back(std::move(j));
  for (int n = 0; n < call.callbacks_size(); ++n) {
    AddCallback(call, n + 1, call.callbacks(n), callback_ref);
  }
}

// A callback to the caller is an outgoing call of its own, related to the call it follows up.
void DocumentBuilder::AddCallback(const v1::Call& call, int n, const v1::Callback& callback,
                                  const Json& callback_ref) {
  Json j = Prologue(CallUrn(fmt::format("{}-CB{}", call.call_id(), n), domain_), callback.time(),
                    "", callback.user_id());
  j["standardPrimaryCallType"] = "emergency";
  j["direction"] = "outgoing";
  j["localCallType"] = "callback";
  j["callStartTimestamp"] = Rfc3339Utc(callback.time());
  j["callStateRegistryText"] = "callEnd";
  j["callbackOutcomeInternalText"] = CallbackOutcomeWord(callback.outcome());  // extension
  j["relatedCallIdentifier"] = Json::array({CallUrn(call.call_id(), domain_)});
  if (!callback.user_id().empty()) {
    j["agentReference"] =
        Json::array({AgentRef(callback.user_id(), v1::ROLE_CALL_TAKER, "", callback.time())});
  }
  if (!callback_ref.is_null()) {
    j["callBackReference"] = callback_ref;
  }
  std::string text = fmt::format("Callback: {}", CallbackOutcomeWord(callback.outcome()));
  if (!callback.note().empty()) {
    text += fmt::format(". {}", callback.note());
  }
  j["notesReference"] =
      Json::array({NoteRef(callback.time(), callback.user_id(), v1::ROLE_CALL_TAKER, "", text)});
  calls_.push_back(std::move(j));
}

// One dispatchComponent per agency part; EIDO's dispatch has no state or times, so those go
// in extension fields (named like EIDO's own), and each unit is an emergencyResourceComponent.
void DocumentBuilder::AddDispatch(const v1::AgencyDispatch& d) {
  const std::string local = fmt::format("{}.{}", incident_.incident_id(), d.agency());
  const Timestamp& updated = IsUnset(d.updated_time()) ? d.queued_time() : d.updated_time();
  Json j = Prologue(ComponentId("dispatch", local), updated, d.agency(), d.acknowledged_by());
  j["agencyReference"] = AgencyRef(d.agency());
  if (!d.acknowledged_by().empty()) {
    j["agentReference"] =
        AgentRef(d.acknowledged_by(), v1::ROLE_DISPATCHER, d.agency(), d.acknowledged_time());
  }
  Json units = Json::array();
  // Units on the part now, then those released from it: both were sent to this incident.
  std::vector<std::string> sent(d.units().begin(), d.units().end());
  sent.insert(sent.end(), d.released_units().begin(), d.released_units().end());
  for (const std::string& unit : sent) {
    std::string id = ComponentId("unit", fmt::format("{}.{}", d.agency(), unit));
    const auto known = index_.unit_status.find(unit);
    const bool has_status = known != index_.unit_status.end();
    Json r = Prologue(id, has_status ? known->second.second : updated, d.agency(), "");
    r["emergencyResourceName"] = unit;
    r["emergencyResourceTypeCommonRegistryText"] = "Unknown";  // no registry for our types
    r["emergencyResourceTypeInternalText"] = d.agency();
    for (const UnitConfig& listed : config_.units) {
      if (listed.id == unit && !listed.type.empty()) {
        r["emergencyResourceTypeInternalText"] = listed.type;
      }
    }
    r["resourceAttributeRegistryText"] = Json::array();
    // A part that is over has cleared its units, whatever they reported last.
    const bool cleared = d.state() == v1::AGENCY_STATE_CLOSED || !has_status;
    r["primaryUnitStatusRegistryText"] =
        cleared ? UnitStatus(d.state()) : UnitStatus(known->second.first);
    r["secondaryUnitStatusRegistryText"] = Json::array();
    r["unitStatusInternal"] = Json::array({std::string(StateWord(d.state()))});
    r["agentReference"] = Json::array();
    resources_.push_back(std::move(r));
    units.push_back(Ref(id));
  }
  if (!units.empty()) {
    j["emergencyResourceReference"] = std::move(units);
  }
  if (!d.last_note().empty()) {
    j["notesReference"] = Json::array(
        {NoteRef(updated, d.acknowledged_by(), v1::ROLE_DISPATCHER, d.agency(), d.last_note())});
  }
  j["dispatchStateInternalText"] = StateWord(d.state());
  const auto time = [&](const char* key, const Timestamp& ts) {
    if (!IsUnset(ts)) {
      j[key] = Rfc3339Utc(ts);
    }
  };
  time("queuedTimestamp", d.queued_time());
  time("acknowledgedTimestamp", d.acknowledged_time());
  time("dispatchedTimestamp", d.dispatched_time());
  time("closedTimestamp", d.closed_time());
  time("acknowledgeEscalatedTimestamp", d.acknowledge_escalated_time());
  time("dispatchEscalatedTimestamp", d.dispatch_escalated_time());
  if (!d.close_reason().empty()) {
    j["closeReasonText"] = d.close_reason();
  }
  dispatches_.push_back(std::move(j));
}

void DocumentBuilder::AddMerge(std::string_view other, std::string_view direction,
                               const Timestamp& time) {
  Json j = Prologue(ComponentId("merge", fmt::format("{}.{}", incident_.incident_id(), other)),
                    IsUnset(time) ? incident_.updated_time() : time, "", "");
  j["incidentTrackingIdentifier"] = IncidentUrn(other, domain_);
  j["incidentMergeDirectionCode"] = direction;
  merges_.push_back(std::move(j));
}

Json DocumentBuilder::Agencies() const {
  Json list = Json::array();
  for (const std::string& agency : agencies_) {
    const AgencyConfig* known = config_.FindAgency(agency);
    const std::string name = agency.empty() ? fmt::format("112 {}", domain_)
                             : known != nullptr && !known->name.empty() ? known->name
                                                                        : agency;
    Json j = Prologue(AgencyId(agency), incident_.updated_time(), "", "");
    j["agencyJcard"] =
        Json::array({"vcard", Json::array({Json::array({"version", Json::object(), "text", "4.0"}),
                                           Json::array({"fn", Json::object(), "text", name})})})
            .dump();
    j["agencyRoleDescriptionRegistryText"] =
        Json::array({agency.empty() ? "CallReceiving" : "Responding"});
    j["incidentOwningAgencyIndicator"] = agency.empty();
    j["agencyType"] = Json::array({agency.empty() ? "psap" : AgencyType(agency)});
    list.push_back(std::move(j));
  }
  return list;
}

Json DocumentBuilder::Agents() const {
  Json list = Json::array();
  for (const Agent& a : agents_) {
    Json j = Prologue(AgentId(a.user), a.last_time, a.agency, a.user);
    j["agentRoleRegistryText"] = Json::array({AgentRole(a.role)});
    j["agencyReference"] = Ref(AgencyId(a.agency));
    list.push_back(std::move(j));
  }
  return list;
}

Json DocumentBuilder::Build() {
  AgencyRef("");  // the PSAP issues the document
  Json incident = IncidentComponent();
  for (const v1::Call& call : incident_.calls()) {
    AddCall(call);
  }
  for (const v1::AgencyDispatch& d : incident_.dispatches()) {
    AddDispatch(d);
  }
  for (const std::string& source : incident_.merged_from()) {
    const auto it = index_.merged_from.find(source);
    AddMerge(source, "REPLACING", it == index_.merged_from.end() ? Timestamp() : it->second);
  }
  if (!incident_.merged_into().empty()) {
    AddMerge(incident_.merged_into(), "REPLACED", index_.merged_into_time);
  }
  if (!incident_.split_from().empty()) {
    AddMerge(incident_.split_from(), "SPLIT", incident_.created_time());
  }
  for (const HistoryIndex::Link& child : index_.split_off) {
    AddMerge(child.incident_id, "SPLIT", child.time);
  }

  const std::string& last_user = index_.last_actor.user_id();
  Json doc = Prologue(IncidentUrn(incident_.incident_id(), domain_), incident_.updated_time(), "",
                      last_user);
  doc["eidoVersion"] = kEidoVersion;
  doc["issuingElementIdentification"] = fmt::format("dispatcher.{}", domain_);
  doc["incidentComponent"] = std::move(incident);
  const std::pair<const char*, Json*> lists[] = {
      {"callComponent", &calls_},          {"callbackComponent", &callbacks_},
      {"dispatchComponent", &dispatches_}, {"emergencyResourceComponent", &resources_},
      {"mergeComponent", &merges_},        {"locationComponent", &locations_},
      {"notesComponent", &notes_},
  };
  for (const auto& [key, list] : lists) {
    if (!list->empty()) {
      doc[key] = std::move(*list);
    }
  }
  doc["agencyComponent"] = Agencies();
  if (!agents_.empty()) {
    doc["agentComponent"] = Agents();
  }
  return doc;
}

}  // namespace

std::string IncidentUrn(std::string_view incident_id, std::string_view domain) {
  return fmt::format("urn:emergency:uid:incidentid:{}:{}", incident_id, domain);
}

std::string CallUrn(std::string_view call_id, std::string_view domain) {
  return fmt::format("urn:emergency:uid:callid:{}:{}", call_id, domain);
}

std::string IncidentToEido(const v1::Incident& incident, std::span<const v1::Event> history,
                           const DispatcherConfig& config) {
  // Text from people may hold invalid UTF-8; replacing it keeps the document valid JSON.
  return DocumentBuilder(incident, history, config)
      .Build()
      .dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace siaga::eido
