package io.stateapi.client.exceptions;

import java.net.URI;

/** A subscription cannot be created as asked: its name is in use in the namespace (or being deleted), or the tenant has 100 subscriptions; nothing was changed (HTTP 409, problem type {@code subscription-conflict}). */
public class SubscriptionConflictException extends StateApiException {

    public SubscriptionConflictException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail, null);
    }
}
