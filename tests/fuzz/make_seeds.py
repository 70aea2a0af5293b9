#!/usr/bin/env python3
"""Writes the hand-made seeds of tests/fuzz/corpus (docs/fuzzing.md): real-looking inputs for
each target, from the repo's own files, so the fuzzers start from valid input instead of
guessing TOML and protobuf from nothing. Run from the repository root; needs protoc (the
requests seeds are text-format messages encoded with protoc --encode). libFuzzer's finds are
added later by scripts/fuzz --merge. Seeds are named seed-*; regression inputs regress-*."""
import csv
import pathlib
import shutil
import struct
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests/fuzz/corpus"

# Request kinds of tests/fuzz/request_kinds.cc, by message.
KINDS = {
    "ReportCallRequest": 0, "DisposeCallRequest": 1, "ClassifyIncidentRequest": 2,
    "RecordCallbackRequest": 3, "MergeIncidentsRequest": 4, "SplitIncidentRequest": 5,
    "AddNoteRequest": 6, "AcknowledgeRequest": 7, "AssignUnitRequest": 8,
    "UpdateStatusRequest": 9, "CloseIncidentRequest": 10, "UpdateUnitStatusRequest": 11,
    "FindDuplicatesRequest": 12, "RecommendUnitsRequest": 13, "ListIncidentsRequest": 14,
    "GetIncidentRequest": 15, "GetCallerHistoryRequest": 16, "ListUnitsRequest": 17,
    "WatchQueueRequest": 18,
}
CLOCK = 19       # payload byte 0: 4-minute steps
VALIDATOR = 20   # payload: a bare string for ValidateReason / ValidateIdentifier

LOC = 'location { latitude: -5.94 longitude: 106.01 radius_m: 30 confidence_pct: 90 }'
# The seeded core holds I-000001 (fire, C-000001), I-000002 (police/health, C-000002) and
# I-000003 (triage, C-000003); units DAMKAR-01, DAMKAR-02 (fire), AMB-01 (health), POL-01.
SEQUENCES = {
    "report-attach-list": [
        ("ReportCallRequest", 'telephony_call_id: "tel-9" caller_number: "+628123" channel: '
         'CHANNEL_VOICE language: "id" text: "api makin besar, tolong cepat" ' + LOC),
        ("ReportCallRequest", 'telephony_call_id: "tel-9" caller_number: "+628123" text: "x"'),
        ("FindDuplicatesRequest", LOC + ' text: "kebakaran rumah"'),
        ("ListIncidentsRequest", 'include_closed: true agency: "fire" limit: 10'),
    ],
    "fire-lifecycle": [
        ("AcknowledgeRequest", 'incident_id: "I-000001" agency: "fire"'),
        ("RecommendUnitsRequest", 'incident_id: "I-000001" agency: "fire" max_units: 3'),
        ("AssignUnitRequest", 'incident_id: "I-000001" agency: "fire" unit_id: "DAMKAR-01"'),
        ("UpdateUnitStatusRequest", 'unit_id: "DAMKAR-01" agency: "fire" status: '
         'UNIT_STATUS_EN_ROUTE position { latitude: -5.935 longitude: 106.005 }'),
        ("UpdateStatusRequest", 'incident_id: "I-000001" agency: "fire" state: '
         'AGENCY_STATE_ON_SCENE note: "api sudah padam sebagian"'),
        ("CloseIncidentRequest", 'incident_id: "I-000001" agency: "fire" reason: "api padam"'),
        ("ListUnitsRequest", 'agency: "fire"'),
    ],
    "triage-classify-merge": [
        ("ClassifyIncidentRequest", 'incident_id: "I-000003" type_code: "MEDICAL.OTHER" '
         'priority: PRIORITY_P3 agencies: "health" reason: "pelapor sesak nafas"'),
        ("MergeIncidentsRequest", 'source_incident_id: "I-000003" target_incident_id: '
         '"I-000002" reason: "same crash"'),
        ("SplitIncidentRequest", 'incident_id: "I-000002" call_id: "C-000003" reason: "beda"'),
        ("GetIncidentRequest", 'incident_id: "I-000002"'),
        ("WatchQueueRequest", 'queue: "triage"'),
    ],
    "nuisance-callback-note": [
        ("ReportCallRequest", 'telephony_call_id: "tel-p1" caller_number: "0811" '
         'disposition: DISPOSITION_PRANK disposition_reason: "anak main telepon"'),
        ("ReportCallRequest", 'telephony_call_id: "tel-g1" caller_number: "0811" silent: true '
         'duration_s: 4'),
        ("DisposeCallRequest", 'call_id: "C-000003" disposition: DISPOSITION_GHOST reason: "sepi"'),
        ("RecordCallbackRequest", 'call_id: "C-000003" outcome: CALLBACK_OUTCOME_NO_ANSWER '
         'note: "tidak diangkat"'),
        ("AddNoteRequest", 'incident_id: "I-000002" text: "korban dibawa ke RS" agency: "health"'),
        ("GetCallerHistoryRequest", 'caller_number: "0811"'),
    ],
    "escalate-after-hours": [
        (CLOCK, bytes([200])),
        ("WatchQueueRequest", 'queue: "police"'),
        (VALIDATOR, "laporan warga: jalan ditutup \u00e9".encode()),
    ],
}


def encode(message, text):
    return subprocess.run(
        ["protoc", f"--proto_path={ROOT / 'proto'}", f"--encode=siaga.v1.{message}",
         "siaga/v1/dispatch.proto"],
        input=text.encode(), stdout=subprocess.PIPE, check=True).stdout


def record(kind, payload):
    return bytes([kind]) + struct.pack("<H", len(payload)) + payload


def write(target, name, data):
    (CORPUS / target).mkdir(parents=True, exist_ok=True)
    (CORPUS / target / f"seed-{name}").write_bytes(data)


def main():
    for name, steps in SEQUENCES.items():
        data = b""
        for message, body in steps:
            if isinstance(message, int):
                data += record(message, body)
            else:
                data += record(KINDS[message], encode(message, body))
        write("requests", name, data)

    # Notes: every 8th Indonesian test call, as the call-taker typed it.
    with open(ROOT / "tools/triage-eval/data/id_calls.csv", newline="") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if i % 8 == 0:
                header = bytes([int(row["silent"])]) + struct.pack("<H", int(row["duration_s"]))
                write("classify_text", row["id"], header + row["text"].encode())
    with open(ROOT / "tests/classify/data/montgomery_sample.csv", newline="") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if i % 250 == 0:
                write("classify_text", row["id"], b"\0\x3c\0" + row["reason_text"].encode())

    for target, source in [("rules_file", "dispatcher/rules/classifier.toml"),
                           ("config_file", "deploy/dispatcher.toml"),
                           ("config_file", "deploy/dispatcher-production.toml"),
                           ("users_file", "deploy/users.example.toml")]:
        (CORPUS / target).mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / source, CORPUS / target / ("seed-" + pathlib.Path(source).name))


if __name__ == "__main__":
    main()
