"""Runs moto's server on 127.0.0.1:<port> (0: a free port, named in the ready line) until the parent process goes away.

The parent (the local stack or a test JVM) holds this process's stdin open; when the parent
exits, however it exits, stdin reaches end-of-file and the server stops. So an emulator never
outlives the JVM that started it.

DynamoDB applies each write to an item atomically, condition check included. moto serves
requests on many threads and does not lock its tables, so two concurrent conditional writes
to one item can both pass their condition (a lost update that DynamoDB would never allow).
The server here serializes DynamoDB and DynamoDB Streams requests to restore that atomicity;
other services (SQS long polling above all) keep running concurrently. A request's body is read
before it takes its turn: a client that sent the headers and stalled before the body (a thread
interrupted mid-request as a stack stops) then blocks only its own request, not every other
DynamoDB call behind the lock. Connections stay open between requests (HTTP/1.1 keep-alive,
KeepAliveRequestHandler; werkzeug closes each one after its answer).

moto backs up every table a TransactWriteItems touches with a deep copy of the whole table
(its items and its stream records) before each transaction, and on cancellation swaps the
copies in, stream shard included. That makes each transaction cost as much as the tables are
large, and every stream reader holding the old shard stops seeing new records (the local
change pipeline went silent after the first cancelled transaction). Here a transaction backs
up only the items it touches and, when cancelled, puts them back and drops the stream records
it made, so the one shard lives on: DynamoDB's behaviour, at the cost of the items involved.

moto answers every Query by sorting every item of the table (DynamoType comparisons in
Python), so a query's cost grows with the table, not with the partition it reads: about 0.4 s
at 10,000 items and 1 s at 40,000. A test run fills one table with all its tests' items, and
with DynamoDB requests serialized the whole emulator slowed to a stall. Here a Query looks
only at the items it can match: the partition it names, or the items whose index partition
key attributes hold the values asked for; moto's own code then sorts, pages and filters them
as before.

moto checks each message sent to a FIFO queue against the queue's attributes, and works them
all out for it, approximate message counts included: three passes over every message in the
queue, each reading the clock, twice per message. A queue nobody drains (most test tenants'
queues) made every send slower than the last, until the emulator spent its whole CPU there.
Here a send reads the one attribute it needs; GetQueueAttributes still counts.

A FIFO queue holds back a message group while one of its messages is in flight. moto counted a
message as in flight from its receipt until it was deleted or seen visible again inside a receive,
one message at a time: when a consumer released several messages of a group at once (a change
event its handler failed on and the later ones of its key, as the SDK's ChangeSubscriber does),
the first one seen visible again was skipped because the later ones still counted, and the group
came back from its last released message (a4, a5, then a3). And a receive offered every visible
message, so when the first of a group was still invisible a later one of it could go ahead (a3, a5,
then a4, when a4's release ran out a moment after a3's). Here a group is held only by messages whose
visibility timeout has not run out, and a receive of a FIFO queue is offered a group's messages only
up to the first one that is not visible, as on SQS.

SQS and SNS carry an X-Ray trace header with a message, and moto keeps it only on a lone
SendMessage's MessageSystemAttributes. Here, as on AWS, a message keeps its entry's AWSTraceHeader
in a SendMessageBatch too, and a message sent without one takes the call's X-Amzn-Trace-Id HTTP
header: a SendMessage's or SendMessageBatch's own, or, for a topic's subscription queue, that of
the Publish or PublishBatch that sent it (SNS passes the publisher's trace on, ADR 0059).

With MOTO_GUARD_CALLS=<directory> in its environment the server counts and times the calls it
serves (by DynamoDB target, SQS target or SNS/other action; a DynamoDB call's time includes its
wait for the lock) and writes the figures to calls-<pid>.json there as it stops: where a test run's emulator time goes (issue 14), a figure that does not swing with load.

The AWS SDK for Java speaks CloudWatch in the Smithy RPC v2 CBOR protocol, which moto does not
serve; smithy_cbor.py (copied beside this file) bridges it to moto's JSON protocol.

moto parses each DynamoDB expression string anew on every call; expression_cache.py (copied
beside this file too) keeps the parses of the few strings the store sends over and over, and
fast_paths.py (beside it as well) the per-request answers that cannot change while the server
runs (moto's module list, a class's methods, a response member's serialization names).

With MOTO_GUARD_RECORD=<directory> the server also writes each DynamoDB request it serves and its
answer, one JSON line each, to requests-<pid>.jsonl there: the recorded calls against which a
change to these patches is checked to answer byte for byte as before (docs/performance.md).
"""
import copy
import io
import json
import os
import sys
import threading
import time

import werkzeug.serving as werkzeug_serving
from werkzeug.serving import make_server

from expression_cache import parse_each_expression_once
from fast_paths import install as reuse_fixed_answers
from smithy_cbor import SmithyRpcV2Cbor

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table
from moto.sqs.models import Queue, SQSBackend

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)


# A DynamoDB request that spends this long in the emulator (queued or served) is reported.
SLOW_SECONDS = 2.0
# A DynamoDB request that itself runs this long has its request quoted in the report.
QUOTE_SECONDS = 5.0


class QuietRequestHandler(MotoRequestHandler):
    """moto's request handler without werkzeug's access log.

    Werkzeug logs a line per request (client, date, request line, status) through the logging
    module, under a lock every request thread shares, to this process's stdout, which the JVM that
    started it reads line by line: 13.7 % of the emulator's CPU samples in a profile of the local
    stack's tests (issue 14), for lines nobody reads. Errors are still logged (log_error), and so
    are this module's own reports (moto slow, moto ready).
    """

    def log_request(self, code="-", size="-"):
        pass


class KeepAliveRequestHandler(QuietRequestHandler):
    """moto's request handler serving many requests on one connection (HTTP/1.1 keep-alive).

    Werkzeug answers every request with `Connection: close` because its handler does not know
    where a request's body ends when the application leaves some of it unread: it drains the
    socket after each answer (up to 10 ms of select, then a read of up to 10 MB), which on a kept
    connection would swallow the next request, or block on it. Here the body is read whole before
    the application runs, so the stream always stands at the next request line: the drain is not
    needed (drain_nothing) and the connection stays open unless the client asks to close it, or
    sends a chunked body, which keeps werkzeug's own handling and closes. Each call then costs no
    TCP connection and no new Python thread (issue 14). Nagle's algorithm is off: an answer is
    written as headers then body, and on a connection that stays open the body would otherwise
    wait for the client's delayed ACK (40 ms on Linux) before it is sent.
    """

    disable_nagle_algorithm = True

    def make_environ(self):
        environ = super().make_environ()
        self.keep_alive = not environ.get("wsgi.input_terminated")
        if self.keep_alive:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            environ["wsgi.input"] = io.BytesIO(self.rfile.read(length) if length > 0 else b"")
        return environ

    def send_header(self, keyword, value):
        if getattr(self, "keep_alive", False) and keyword.lower() == "connection" and value.lower() == "close":
            return
        super().send_header(keyword, value)


def drain_nothing() -> None:
    """Werkzeug's drain after each answer selects on an empty selector: see KeepAliveRequestHandler."""
    import selectors as real

    class NoDrainSelector:
        def register(self, *args, **kwargs):
            pass

        def select(self, timeout=None):
            return []

        def close(self):
            pass

    class Selectors:
        EVENT_READ = real.EVENT_READ
        DefaultSelector = NoDrainSelector

    werkzeug_serving.selectors = Selectors


class SerializedDynamoDb:
    """WSGI middleware: one DynamoDB request at a time, the response produced inside the lock."""

    def __init__(self, app, record=None):
        self.app = app
        self.lock = threading.Lock()
        self.record = record

    def __call__(self, environ, start_response):
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if not target.startswith("DynamoDB"):
            return self.app(environ, start_response)
        # The request is read first so that a slow one can say what it asked (report_if_slow).
        length = int(environ.get("CONTENT_LENGTH") or 0)
        request = b""
        if length > 0:
            request = environ["wsgi.input"].read(length)
            environ["wsgi.input"] = io.BytesIO(request)
        arrived = time.monotonic()
        with self.lock:
            started = time.monotonic()
            result = self.app(environ, start_response)
            try:
                body = b"".join(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
            if self.record is not None:
                self.record.write(json.dumps({"target": target, "request": request.decode("utf-8", "replace"),
                                              "response": body.decode("utf-8", "replace")}) + "\n")
        report_if_slow(target, started - arrived, time.monotonic() - started, request)
        return [body]


def report_if_slow(target, waited, took, request=b""):
    """A line the JVM that started moto prints: a stalled emulator shows itself in the test log.

    A request that itself took long (not one that queued behind it) also shows the start of what
    it asked, so the test log names the table, index and key condition that stalled the emulator.
    """
    if waited + took >= SLOW_SECONDS:
        print(f"moto slow: {target} waited {waited:.1f} s for the DynamoDB lock, took {took:.1f} s", flush=True)
    if took >= QUOTE_SECONDS:
        print(f"moto slow request: {request[:600].decode('utf-8', 'replace')}", flush=True)


class TablesNotCopied:
    """Stands in for the copy module inside moto's DynamoDB backend: tables are not deep-copied."""

    @staticmethod
    def deepcopy(value, memo=None):
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)


def item_key(table, op_type, op):
    if op_type != "Put":
        return op.get("Key")
    attrs = op["Item"]
    key = {table.hash_key_attr: attrs[table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = attrs[table.range_key_attr]
    return key


def roll_back_only_what_a_transaction_touched() -> None:
    transact = DynamoDBBackend.transact_write_items

    def transact_write_items(self, transact_items):
        touched = []
        for entry in transact_items:
            for op_type, op in entry.items():
                name = op.get("TableName")
                table = self.tables.get(name)
                key = item_key(table, op_type, op) if table is not None else None
                if key is None:
                    continue
                current = self.get_item(name, key)
                touched.append((name, key, copy.deepcopy(current.to_json()["Attributes"]) if current else None))
        shards = {name: (self.tables[name].stream_shard, len(self.tables[name].stream_shard.items))
                  for name, _, _ in touched if self.tables[name].stream_shard is not None}
        dynamodb_models.copy = TablesNotCopied
        try:
            return transact(self, transact_items)
        except Exception:
            for name, key, attrs in reversed(touched):
                if attrs is None:
                    if self.get_item(name, key) is not None:
                        self.delete_item(name, key)
                else:
                    self.put_item(name, attrs)
            for shard, length in shards.values():
                del shard.items[length:]
            raise
        finally:
            dynamodb_models.copy = copy

    DynamoDBBackend.transact_write_items = transact_write_items


class QueryScope(threading.local):
    """What the running Query can match: ("partition", hash key) or ("index", [(attribute, value)])."""

    value = None


def query_only_what_it_can_match() -> None:
    scope = QueryScope()
    all_items = Table.all_items
    query = Table.query

    def matches(found, wanted):
        return found is not None and found == wanted

    def scoped_all_items(self):
        if scope.value is None:
            return all_items(self)
        kind, match = scope.value
        if kind == "partition":
            found = self.items.get(match)
            if found is None:
                return []
            return list(found.values()) if self.range_key_attr else [found]
        candidates = []
        for hash_set in self.items.values():
            for item in (hash_set.values() if self.range_key_attr else [hash_set]):
                if all(matches(item.attrs.get(name), value) for name, value in match):
                    candidates.append(item)
        return candidates

    def scoped_query(self, hash_key, *args, **kwargs):
        index_name = args[6] if len(args) > 6 else kwargs.get("index_name")
        if index_name:
            # moto's own test, done before rather than after sorting the whole table
            conditions = kwargs.get("hash_key_conditions")
            scope.value = ("index", conditions) if conditions else None
        else:
            scope.value = ("partition", hash_key)
        try:
            return query(self, hash_key, *args, **kwargs)
        finally:
            scope.value = None

    Table.all_items = scoped_all_items
    Table.query = scoped_query


class Sending(threading.local):
    """Whether this thread is inside a SendMessage or SendMessageBatch."""

    active = False


def send_without_counting() -> None:
    sending = Sending()
    attributes = Queue.attributes.fget

    def cheap_attributes(self):
        if not sending.active:
            return attributes(self)
        # All a send reads of the attributes (moto's validation and de-duplication).
        value = self.content_based_deduplication
        return {"ContentBasedDeduplication": str(value).lower() if isinstance(value, bool) else value}

    def while_sending(send):
        def wrapped(self, *args, **kwargs):
            sending.active = True
            try:
                return send(self, *args, **kwargs)
            finally:
                sending.active = False
        return wrapped

    Queue.attributes = property(cheap_attributes)
    SQSBackend.send_message = while_sending(SQSBackend.send_message)
    SQSBackend.send_message_batch = while_sending(SQSBackend.send_message_batch)


def hold_groups_only_while_in_flight() -> None:
    def pending_message_groups(self):
        return {
            message.group_id
            for message in list(self._pending_messages)
            if message.group_id is not None and not message.visible
        }

    def deliverable_messages(self):
        if not self.fifo_queue:
            return visible_messages(self)
        held = set()
        offered = []
        for message in list(self._messages):
            group = message.group_id
            if group is not None and group in held:
                continue
            if message.visible and not message.delayed:
                offered.append(message)
            elif group is not None:
                held.add(group)
        return offered

    visible_messages = Queue.messages.fget
    Queue.pending_message_groups = property(pending_message_groups)
    Queue.messages = property(deliverable_messages)
    # GetQueueAttributes still counts every visible message, held back or not.
    Queue.approximate_number_of_messages = property(lambda self: len(visible_messages(self)))


class CallTrace(threading.local):
    """The X-Amzn-Trace-Id of the request this thread serves, and the batch entries' own headers."""

    header = None
    entries = None


def carry_trace_headers():
    """Keeps a message's trace header as SQS and SNS do; answers the WSGI middleware that sees each call's."""
    call = CallTrace()
    send_message = SQSBackend.send_message
    send_message_batch = SQSBackend.send_message_batch

    def send_with_trace(self, queue_name, message_body, *args, **kwargs):
        if not kwargs.get("system_attributes"):
            header = (call.entries or {}).get((message_body, kwargs.get("deduplication_id"), kwargs.get("group_id")))
            header = header or call.header
            if header:
                kwargs["system_attributes"] = {"AWSTraceHeader": {"StringValue": header, "DataType": "String"}}
        return send_message(self, queue_name, message_body, *args, **kwargs)

    def send_batch_with_traces(self, queue_name, entries):
        call.entries = {}
        for entry in entries.values():
            trace = (entry.get("MessageSystemAttributes") or {}).get("AWSTraceHeader") or {}
            if trace.get("StringValue"):
                key = (entry["MessageBody"], entry.get("MessageDeduplicationId"), entry.get("MessageGroupId"))
                call.entries[key] = trace["StringValue"]
        try:
            return send_message_batch(self, queue_name, entries)
        finally:
            call.entries = None

    SQSBackend.send_message = send_with_trace
    SQSBackend.send_message_batch = send_batch_with_traces

    class TraceHeaders:
        """WSGI middleware: the call's X-Amzn-Trace-Id, for the messages it sends."""

        def __init__(self, app):
            self.app = app

        def __call__(self, environ, start_response):
            call.header = environ.get("HTTP_X_AMZN_TRACE_ID")
            try:
                return self.app(environ, start_response)
            finally:
                call.header = None

    return TraceHeaders


class CallCounts:
    """WSGI middleware: how many calls of each kind the emulator served, and the seconds they took."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.counts = {}

    def __call__(self, environ, start_response):
        kind = call_kind(environ)
        started = time.monotonic()
        try:
            result = self.app(environ, start_response)
            body = b"".join(result)
            close = getattr(result, "close", None)
            if close is not None:
                close()
            return [body]
        finally:
            took = time.monotonic() - started
            with self.lock:
                count, seconds = self.counts.get(kind, (0, 0.0))
                self.counts[kind] = (count + 1, seconds + took)

    def write(self, directory):
        path = os.path.join(directory, f"calls-{os.getpid()}.json")
        with self.lock:
            figures = {kind: {"calls": count, "seconds": round(seconds, 3)}
                       for kind, (count, seconds) in sorted(self.counts.items(), key=lambda e: -e[1][1])}
        with open(path, "w") as out:
            json.dump(figures, out, indent=1)


def call_kind(environ):
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return target
    if environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        request = environ["wsgi.input"].read(length) if length > 0 else b""
        environ["wsgi.input"] = io.BytesIO(request)
        for pair in request.split(b"&"):
            if pair.startswith(b"Action="):
                return "query." + pair[len(b"Action="):].decode("ascii", "replace")
    return environ.get("REQUEST_METHOD", "") + " /" + environ.get("PATH_INFO", "/").lstrip("/").split("/")[0]


def patch_moto() -> None:
    """Every change above to moto's own code (localstack/bin/moto-replay applies them too)."""
    roll_back_only_what_a_transaction_touched()
    query_only_what_it_can_match()
    send_without_counting()
    hold_groups_only_while_in_flight()
    parse_each_expression_once()
    reuse_fixed_answers()


def main() -> None:
    patch_moto()
    trace_headers = carry_trace_headers()
    port = int(sys.argv[1])
    record_dir = os.environ.get("MOTO_GUARD_RECORD")
    # Line-buffered: the file is whole however the server stops.
    record = open(os.path.join(record_dir, f"requests-{os.getpid()}.jsonl"), "w", buffering=1) if record_dir else None
    app = trace_headers(SerializedDynamoDb(SmithyRpcV2Cbor(DomainDispatcherApplication(create_backend_app)), record))
    calls_file = os.environ.get("MOTO_GUARD_CALLS")
    counts = CallCounts(app) if calls_file else None
    app = counts or app
    drain_nothing()
    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=KeepAliveRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # Port 0 binds a free port; the JVM that started this process reads the one bound from this line.
    print(f"moto ready on 127.0.0.1:{server.server_port}", flush=True)
    try:
        sys.stdin.read()
    finally:
        if counts is not None:
            counts.write(calls_file)
        server.shutdown()
        if record is not None:
            record.close()


if __name__ == "__main__":
    main()
