"""Schemathesis hooks for the contract fuzzing run (SchemathesisTest loads them via SCHEMATHESIS_HOOKS).

The `key` path parameter is the key percent-encoded twice (ADR 0009): its schema describes the
value after one decoding, in which a `%` or `?` of the key appears as `%25` or `%3F`. When
schemathesis turns a generated value into a URL it decodes it first and encodes the result once
("idempotent quoting"), so such a value would reach the API with one encoding fewer than the
contract asks for, and be refused. Only those values are left out; every other generated key,
positive or negative, is sent.
"""

import schemathesis


@schemathesis.hook
def filter_path_parameters(context, path_parameters):
    key = str((path_parameters or {}).get("key", "")).upper()
    return "%25" not in key and "%3F" not in key



# A listing's `cursor` is signed by the service (ADR 0026): no generated text is one it issued, so
# a schema-valid cursor is still refused (400 `invalid-cursor`), as it must be. Generated cases
# of the key listing that carry a cursor are left out, in every phase (filter_case, unlike
# filter_query, also applies to the coverage phase); KeyListingEndToEndTest follows real cursors
# and BadInputTest sends bad ones.
@schemathesis.hook
def filter_case(context, case):
    if case.operation.path == "/v1/namespaces/{namespace}/keys":
        return "cursor" not in (case.query or {})
    return True
