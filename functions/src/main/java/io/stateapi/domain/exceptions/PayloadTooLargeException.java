package io.stateapi.domain.exceptions;

/** A value (or a whole request body) larger than the service stores. */
public final class PayloadTooLargeException extends StateApiException {

    private final long limitBytes;

    public PayloadTooLargeException(String what, long limitBytes) {
        super(what + " exceeds the limit of " + limitBytes + " bytes");
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
