package io.stateapi.client.internal;

import java.net.URI;
import java.util.Map;

/** Adds credentials to one HTTP attempt. */
@FunctionalInterface
public interface Authorizer {

    /**
     * The headers to add to an attempt.
     *
     * @param method  the HTTP method
     * @param uri     the full request URI
     * @param headers the headers already on the request (names as sent)
     * @param body    the request body, empty when there is none
     */
    Map<String, String> headers(String method, URI uri, Map<String, String> headers, byte[] body);

    /**
     * The service answered 401 to an attempt that carried {@code sent} (the headers this
     * authorizer added to it). Whether sending it once more, with credentials asked for afresh,
     * may succeed: a refreshing token provider says so after replacing the refused token; fixed
     * credentials do not (ADR 0033).
     */
    default boolean renewAfterRejection(Map<String, String> sent) {
        return false;
    }
}
