#!/usr/bin/env python3
"""Validates the EIDO export against the reduced EIDO schema (tests/export/eido_schema.json).

Usage: check_eido_schema.py SCHEMA SAMPLE_PROGRAM
SAMPLE_PROGRAM prints the export of the sample incident (tests/export/sample_incident.h).
The check must be able to fail: it also breaks the document in ways the schema forbids and
expects each broken copy to be rejected. Exit status 0 = all good.
"""
import copy
import json
import subprocess
import sys

import jsonschema


def main():
    schema_path, program = sys.argv[1], sys.argv[2]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.Draft202012Validator
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)

    output = subprocess.run([program], check=True, capture_output=True, timeout=60).stdout
    document = json.loads(output)

    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    for error in errors:
        print(f"FAIL: {'/'.join(map(str, error.path))}: {error.message}")
    if errors:
        return 1

    # Each break must be caught, else the schema (or this check) has gone soft.
    breaks = {
        "call without $id": lambda d: d["callComponent"][0].pop("$id"),
        "unknown merge direction": lambda d: d["mergeComponent"][0].update(
            incidentMergeDirectionCode="MERGED"),
        "no agencies": lambda d: d.pop("agencyComponent"),
        "wrong EIDO version": lambda d: d.update(eidoVersion="2.0"),
        "call direction not in the enum": lambda d: d["callComponent"][0].update(
            direction="sideways"),
        "timestamp that is not RFC 3339": lambda d: d.update(lastUpdateTimestamp="yesterday"),
        "note without text": lambda d: d["notesComponent"][0].pop("notesActionComments"),
        "incident without common type": lambda d: d["incidentComponent"].pop(
            "incidentTypeCommonRegistryText"),
        "priority out of range": lambda d: d["incidentComponent"].update(
            incidentCommonPriorityNumber=11),
        "document id that is not an incident urn": lambda d: d.update({"$id": "I-000042"}),
    }
    soft = []
    for name, do_break in breaks.items():
        broken = copy.deepcopy(document)
        do_break(broken)
        if validator.is_valid(broken):
            soft.append(name)
    for name in soft:
        print(f"FAIL: the schema accepted a document with: {name}")
    if soft:
        return 1
    components = sum(len(v) for k, v in document.items() if k.endswith("Component")
                     and isinstance(v, list))
    print(f"OK: sample EIDO valid ({components} components); {len(breaks)} broken copies rejected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
