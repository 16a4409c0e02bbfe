package io.stateapi.domain.exceptions;

/** A key is empty, too long, not NFC-normalised, or contains control characters or empty, '.' or '..' segments. */
public final class InvalidKeyException extends StateApiException {

    public InvalidKeyException(String message) {
        super(message);
    }
}
