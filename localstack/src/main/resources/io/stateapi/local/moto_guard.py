"""Runs moto's server on 127.0.0.1:<port> until the parent process goes away.

The parent (the local stack or a test JVM) holds this process's stdin open; when the parent
exits, however it exits, stdin reaches end-of-file and the server stops. So an emulator never
outlives the JVM that started it.

DynamoDB applies each write to an item atomically, condition check included. moto serves
requests on many threads and does not lock its tables, so two concurrent conditional writes
to one item can both pass their condition (a lost update that DynamoDB would never allow).
The server here serializes DynamoDB and DynamoDB Streams requests to restore that atomicity;
other services (SQS long polling above all) keep running concurrently.
"""
import sys
import threading

from werkzeug.serving import make_server

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


def main() -> None:
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
