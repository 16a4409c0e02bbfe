package io.stateapi.client;

import io.stateapi.client.internal.JwtExpiry;
import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token and the instant it stops being valid, as a {@link TokenSource} returns it.
 * Immutable. Its text form shows the expiry, never the token.
 */
public final class BearerToken {

    private final String value;
    private final Instant expiresAt;

    private BearerToken(String value, Instant expiresAt) {
        this.value = value;
        this.expiresAt = expiresAt;
    }

    /**
     * A token with the expiry your identity provider reported (an OAuth token response's
     * {@code expires_in} added to the time you asked).
     */
    public static BearerToken of(String value, Instant expiresAt) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a bearer token must not be blank");
        }
        return new BearerToken(value, Objects.requireNonNull(expiresAt, "expiresAt"));
    }

    /**
     * A JWT, expiring at its {@code exp} claim. The client reads the claim from the payload
     * without verifying the signature: it only needs to know when to fetch the next token, and
     * the service verifies every token it receives.
     *
     * @throws IllegalArgumentException when the text is no compact JWS or its payload has no numeric {@code exp}
     */
    public static BearerToken fromJwt(String jwt) {
        if (jwt == null || jwt.isBlank()) {
            throw new IllegalArgumentException("a bearer token must not be blank");
        }
        return new BearerToken(jwt, JwtExpiry.of(jwt));
    }

    public String value() {
        return value;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public String toString() {
        return "BearerToken[expiresAt=" + expiresAt + "]";
    }
}
