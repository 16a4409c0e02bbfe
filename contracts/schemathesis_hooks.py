"""Schemathesis hooks for the contract fuzzing run (SchemathesisTest loads them via SCHEMATHESIS_HOOKS).

The `key` path parameter is the key percent-encoded twice (ADR 0009): its schema describes the
value after one decoding, in which a `%` or `?` of the key appears as `%25` or `%3F`. When
schemathesis turns a generated value into a URL it decodes it first and encodes the result once
("idempotent quoting"), so such a value would reach the API with one encoding fewer than the
contract asks for, and be refused. Only those values are left out; every other generated key,
positive or negative, is sent.
"""

import re
import uuid

import schemathesis


@schemathesis.hook
def filter_path_parameters(context, path_parameters):
    key = str((path_parameters or {}).get("key", "")).upper()
    return "%25" not in key and "%3F" not in key


TRANSACTIONS = "/v1/transactions"
WATCH = "/v1/namespaces/{namespace}/changes"
IDEMPOTENCY_KEY = re.compile(r'^(?:"[!#-\[\]-~]{1,255}"|[!#-+\--~]{1,255})$')


@schemathesis.hook
def before_call(context, case, kwargs):
    """Transactions (ADR 0028), in every phase: their rules that no JSON Schema can say.

    - One operation per key: the fuzzer, which favours short equal strings, would mostly send
      transactions naming one key twice (400). A later operation on a key already named gets a
      key of its own; nothing else is changed.
    - An Idempotency-Key is scoped to the tenant, not to a namespace: the fuzzer's few short keys
      would name other transactions (422) nearly every time. A valid key is replaced by a fresh
      one of the same form; an invalid one is sent as generated.
    """
    if case.operation.path == WATCH:
        # A long poll answers with no change only when its wait ends (5 s by default, 8 at most):
        # a valid wait, or none, becomes 0 so the run stays short; an invalid one is sent as generated.
        query = case.query if case.query is not None else {}
        wait = query.get("waitSeconds")
        if wait is None or (isinstance(wait, int) and not isinstance(wait, bool) and 0 <= wait <= 8):
            query["waitSeconds"] = 0
            case.query = query
        return
    if case.operation.path != TRANSACTIONS:
        return
    body = case.body
    if isinstance(body, dict) and isinstance(body.get("operations"), list):
        seen = set()
        for index, operation in enumerate(body["operations"]):
            if not isinstance(operation, dict):
                continue
            namespace, key = operation.get("namespace"), operation.get("key")
            if not isinstance(namespace, str) or not isinstance(key, str):
                continue
            if (namespace, key) in seen:
                key = operation["key"] = f"fuzz-{index}"
            seen.add((namespace, key))
    headers = case.headers or {}
    for name in list(headers):
        value = headers[name]
        if name.lower() == "idempotency-key" and isinstance(value, str) and IDEMPOTENCY_KEY.match(value):
            fresh = uuid.uuid4().hex
            headers[name] = f'"{fresh}"' if value.startswith('"') else fresh


# A listing's `cursor` is signed by the service (ADR 0026): no generated text is one it issued, so
# a schema-valid cursor is still refused (400 `invalid-cursor`), as it must be. Generated cases
# of the key listing that carry a cursor are left out, in every phase (filter_case, unlike
# filter_query, also applies to the coverage phase); KeyListingEndToEndTest follows real cursors
# and BadInputTest sends bad ones.
# The watch's cursors (`after`, `Last-Event-ID`) and the snapshot's `page` are signed the same
# way (ADR 0037); WatchEndToEndTest follows real ones and sends bad ones.
@schemathesis.hook
def filter_case(context, case):
    if case.operation.path == "/v1/namespaces/{namespace}/keys":
        return "cursor" not in (case.query or {})
    if case.operation.path == WATCH:
        headers = {name.lower() for name in (case.headers or {})}
        return "after" not in (case.query or {}) and "last-event-id" not in headers
    if case.operation.path == WATCH + "/snapshot":
        return "page" not in (case.query or {})
    return True
