package io.stateapi.client.exceptions;

import java.net.URI;

/** The namespace has no subscription of that name (HTTP 404, problem type {@code subscription-not-found}). */
public class SubscriptionNotFoundException extends StateApiException {

    public SubscriptionNotFoundException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail, null);
    }
}
