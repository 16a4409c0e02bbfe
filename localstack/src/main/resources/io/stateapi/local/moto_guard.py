"""Runs moto's server on 127.0.0.1:<port> until the parent process goes away.

The parent (the local stack or a test JVM) holds this process's stdin open; when the parent
exits, however it exits, stdin reaches end-of-file and the server stops. So an emulator never
outlives the JVM that started it.

DynamoDB applies each write to an item atomically, condition check included. moto serves
requests on many threads and does not lock its tables, so two concurrent conditional writes
to one item can both pass their condition (a lost update that DynamoDB would never allow).
The server here serializes DynamoDB and DynamoDB Streams requests to restore that atomicity;
other services (SQS long polling above all) keep running concurrently.

A cancelled TransactWriteItems makes moto roll its tables back to deep copies taken before
the transaction, stream shard included, so every stream reader holding the old shard stops
seeing new records (the local change pipeline would go silent after the first cancelled
transaction). Here a table's shard is never copied: a rollback keeps the one shard, with the
records of the cancelled transaction removed, as DynamoDB never shows them.
"""
import sys
import threading

from werkzeug.serving import make_server

from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import StreamShard

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


def keep_stream_shards_across_rollbacks() -> None:
    StreamShard.__deepcopy__ = lambda self, memo: self
    transact = DynamoDBBackend.transact_write_items

    def transact_write_items(self, transact_items):
        names = {op.get("TableName") for item in transact_items for op in item.values()}
        shards = {name: (self.tables[name].stream_shard, len(self.tables[name].stream_shard.items))
                  for name in names if name in self.tables and self.tables[name].stream_shard is not None}
        try:
            return transact(self, transact_items)
        except Exception:
            for name, (shard, length) in shards.items():
                del shard.items[length:]
                if name in self.tables:
                    self.tables[name].stream_shard = shard
                    shard.table = self.tables[name]
            raise

    DynamoDBBackend.transact_write_items = transact_write_items


def main() -> None:
    keep_stream_shards_across_rollbacks()
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
