"""Serves the Smithy RPC v2 CBOR protocol on top of moto's JSON protocol.

The AWS SDK for Java v2 (2.57.8) speaks CloudWatch in Smithy RPC v2 CBOR only
(`POST /service/<service>/operation/<operation>`, header `smithy-protocol: rpc-v2-cbor`,
a CBOR body), which moto 5.2.5 does not serve: every call answers 404. moto serves the same
operations in the AWS JSON 1.0 protocol. This WSGI middleware turns such a request into the
JSON one (`X-Amz-Target: <service>.<operation>`) and moto's JSON answer back into CBOR, so
the SDK's own CloudWatch client works against the emulator (ADR 0038: subscription alarms).
Timestamps travel as epoch seconds in both (CBOR tag 1 is read as its number).
"""
import io
import json
import struct

CBOR_CONTENT_TYPE = "application/cbor"


class CborError(ValueError):
    pass


def decode(data: bytes):
    stream = io.BytesIO(data)
    value = _read(stream)
    return value


def _read_exact(stream, n):
    chunk = stream.read(n)
    if len(chunk) != n:
        raise CborError("truncated CBOR")
    return chunk


def _argument(stream, info):
    if info < 24:
        return info
    if info == 24:
        return _read_exact(stream, 1)[0]
    if info == 25:
        return struct.unpack(">H", _read_exact(stream, 2))[0]
    if info == 26:
        return struct.unpack(">I", _read_exact(stream, 4))[0]
    if info == 27:
        return struct.unpack(">Q", _read_exact(stream, 8))[0]
    if info == 31:
        return None  # indefinite length
    raise CborError(f"bad additional information {info}")


_BREAK = object()


def _read(stream):
    initial = _read_exact(stream, 1)[0]
    major, info = initial >> 5, initial & 0x1F
    if initial == 0xFF:
        return _BREAK
    if major == 7:
        if info == 20:
            return False
        if info == 21:
            return True
        if info in (22, 23):
            return None
        if info == 25:
            return _half(struct.unpack(">H", _read_exact(stream, 2))[0])
        if info == 26:
            return struct.unpack(">f", _read_exact(stream, 4))[0]
        if info == 27:
            return struct.unpack(">d", _read_exact(stream, 8))[0]
        raise CborError(f"unsupported simple value {info}")
    length = _argument(stream, info)
    if major == 0:
        return length
    if major == 1:
        return -1 - length
    if major in (2, 3):
        if length is None:
            parts = []
            while True:
                part = _read(stream)
                if part is _BREAK:
                    break
                parts.append(part)
            joined = b"".join(parts) if major == 2 else "".join(parts)
            return joined
        raw = _read_exact(stream, length)
        return raw if major == 2 else raw.decode("utf-8")
    if major == 4:
        items = []
        while length is None or len(items) < length:
            item = _read(stream)
            if item is _BREAK:
                break
            items.append(item)
        return items
    if major == 5:
        result = {}
        while length is None or len(result) < length:
            key = _read(stream)
            if key is _BREAK:
                break
            result[key] = _read(stream)
        return result
    if major == 6:
        return _read(stream)  # tag 1 (epoch time) and others: the tagged value itself
    raise CborError(f"unsupported major type {major}")


def _half(bits):
    sign = -1.0 if bits & 0x8000 else 1.0
    exponent = (bits >> 10) & 0x1F
    fraction = bits & 0x3FF
    if exponent == 0:
        return sign * fraction * 2.0 ** -24
    if exponent == 31:
        return sign * float("inf") if fraction == 0 else float("nan")
    return sign * (1 + fraction / 1024.0) * 2.0 ** (exponent - 15)


def encode(value) -> bytes:
    out = bytearray()
    _write(out, value)
    return bytes(out)


def _head(out, major, length):
    if length < 24:
        out.append((major << 5) | length)
    elif length < 0x100:
        out += bytes([(major << 5) | 24, length])
    elif length < 0x10000:
        out.append((major << 5) | 25)
        out += struct.pack(">H", length)
    elif length < 0x100000000:
        out.append((major << 5) | 26)
        out += struct.pack(">I", length)
    else:
        out.append((major << 5) | 27)
        out += struct.pack(">Q", length)


def _write(out, value):
    if value is None:
        out.append(0xF6)
    elif value is True:
        out.append(0xF5)
    elif value is False:
        out.append(0xF4)
    elif isinstance(value, int):
        if value >= 0:
            _head(out, 0, value)
        else:
            _head(out, 1, -1 - value)
    elif isinstance(value, float):
        out.append(0xFB)
        out += struct.pack(">d", value)
    elif isinstance(value, str):
        raw = value.encode("utf-8")
        _head(out, 3, len(raw))
        out += raw
    elif isinstance(value, (bytes, bytearray)):
        _head(out, 2, len(value))
        out += value
    elif isinstance(value, (list, tuple)):
        _head(out, 4, len(value))
        for item in value:
            _write(out, item)
    elif isinstance(value, dict):
        _head(out, 5, len(value))
        for key, item in value.items():
            _write(out, str(key))
            _write(out, item)
    else:
        raise CborError(f"cannot encode {type(value)}")


class SmithyRpcV2Cbor:
    """WSGI middleware: a Smithy RPC v2 CBOR request served by moto's JSON 1.0 protocol."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if environ.get("HTTP_SMITHY_PROTOCOL", "") != "rpc-v2-cbor" or not path.startswith("/service/"):
            return self.app(environ, start_response)
        parts = path.split("/")
        # /service/<service>/operation/<operation>
        if len(parts) != 5 or parts[3] != "operation":
            return self.app(environ, start_response)
        service, operation = parts[2], parts[4]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        request = decode(body) if body else {}
        json_body = json.dumps(request).encode("utf-8")
        environ = dict(environ)
        environ["PATH_INFO"] = "/"
        environ["HTTP_X_AMZ_TARGET"] = f"{service}.{operation}"
        environ["CONTENT_TYPE"] = "application/x-amz-json-1.0"
        environ["CONTENT_LENGTH"] = str(len(json_body))
        environ["wsgi.input"] = io.BytesIO(json_body)
        environ.pop("HTTP_SMITHY_PROTOCOL", None)
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"] = status
            captured["headers"] = headers
            return lambda data: None

        result = self.app(environ, capture)
        try:
            answer = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        try:
            parsed = json.loads(answer) if answer.strip() else {}
        except ValueError:
            parsed = {"__type": "InternalFailure", "message": answer.decode("utf-8", "replace")}
        if isinstance(parsed, dict) and "__type" in parsed and "#" not in parsed["__type"]:
            # The SDK reads the code after '#', as Smithy shape ids have it.
            parsed["__type"] = "com.amazonaws.cloudwatch#" + parsed["__type"]
        payload = encode(parsed)
        headers = [(k, v) for k, v in captured["headers"]
                   if k.lower() not in ("content-type", "content-length", "x-amz-crc32")]
        headers += [("Content-Type", CBOR_CONTENT_TYPE), ("Content-Length", str(len(payload))),
                    ("smithy-protocol", "rpc-v2-cbor")]
        start_response(captured["status"], headers)
        return [payload]
