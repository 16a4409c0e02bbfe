package io.stateapi.client.exceptions;

import java.net.URI;

/**
 * An increment in a namespace that has a schema; HTTP 409, problem type
 * {@code counters-not-supported}. The service adds without reading the sum, so no schema could
 * check it: write the value with {@code put} or {@code patch} instead. Nothing was written.
 */
public class CountersNotSupportedException extends StateApiException {

    public CountersNotSupportedException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail, null);
    }
}
