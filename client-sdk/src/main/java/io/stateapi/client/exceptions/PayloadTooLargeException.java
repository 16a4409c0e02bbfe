package io.stateapi.client.exceptions;

import java.net.URI;
import java.util.OptionalLong;

/** The value is larger than the service accepts (HTTP 413, problem type {@code payload-too-large}). */
public class PayloadTooLargeException extends StateApiException {

    private final Long limitBytes;

    public PayloadTooLargeException(String message, int status, URI problemType, String detail, Long limitBytes) {
        super(message, status, problemType, detail, null);
        this.limitBytes = limitBytes;
    }

    /** The limit the service reported, in bytes, when it reported one. */
    public OptionalLong limitBytes() {
        return limitBytes == null ? OptionalLong.empty() : OptionalLong.of(limitBytes);
    }
}
