"""Runs moto's server on 127.0.0.1:<port> until the parent process goes away.

The parent (the local stack or a test JVM) holds this process's stdin open; when the parent
exits, however it exits, stdin reaches end-of-file and the server stops. So an emulator never
outlives the JVM that started it.

DynamoDB applies each write to an item atomically, condition check included. moto serves
requests on many threads and does not lock its tables, so two concurrent conditional writes
to one item can both pass their condition (a lost update that DynamoDB would never allow).
The server here serializes DynamoDB and DynamoDB Streams requests to restore that atomicity;
other services (SQS long polling above all) keep running concurrently.

moto backs up every table a TransactWriteItems touches with a deep copy of the whole table
(its items and its stream records) before each transaction, and on cancellation swaps the
copies in, stream shard included. That makes each transaction cost as much as the tables are
large, and every stream reader holding the old shard stops seeing new records (the local
change pipeline went silent after the first cancelled transaction). Here a transaction backs
up only the items it touches and, when cancelled, puts them back and drops the stream records
it made, so the one shard lives on: DynamoDB's behaviour, at the cost of the items involved.
"""
import copy
import sys
import threading

from werkzeug.serving import make_server

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)


class SerializedDynamoDb:
    """WSGI middleware: one DynamoDB request at a time, the response produced inside the lock."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if not environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB"):
            return self.app(environ, start_response)
        with self.lock:
            result = self.app(environ, start_response)
            try:
                body = b"".join(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        return [body]


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


def main() -> None:
    roll_back_only_what_a_transaction_touched()
    port = int(sys.argv[1])
    app = SerializedDynamoDb(DomainDispatcherApplication(create_backend_app))
    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=MotoRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"moto ready on 127.0.0.1:{port}", flush=True)
    try:
        sys.stdin.read()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
