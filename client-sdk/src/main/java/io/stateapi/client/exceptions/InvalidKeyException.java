package io.stateapi.client.exceptions;

import java.net.URI;

/**
 * The key breaks the key rules (problem type {@code invalid-key}): 1 to 1024 UTF-8 bytes (after
 * the service normalises it to NFC), valid Unicode, no control characters, no empty, {@code .}
 * or {@code ..} segments. The client rejects keys it could not address before sending anything
 * (empty, {@code .} or {@code ..} segments, unpaired surrogates; status 0 then); the service
 * checks the rest.
 */
public class InvalidKeyException extends InvalidRequestException {

    public InvalidKeyException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail);
    }
}
