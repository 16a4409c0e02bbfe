"""Runs moto's server on 127.0.0.1:<port> until the parent process goes away.

The parent (the local stack or a test JVM) holds this process's stdin open; when the parent
exits, however it exits, stdin reaches end-of-file and the server stops. So an emulator never
outlives the JVM that started it.
"""
import sys

from moto.server import ThreadedMotoServer


def main() -> None:
    port = int(sys.argv[1])
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    print(f"moto ready on 127.0.0.1:{port}", flush=True)
    try:
        sys.stdin.read()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
