package io.stateapi.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;

/**
 * The {@code exp} claim of a compact JWS, read without verifying anything: the client only needs
 * to know when to fetch the next token; the service (API Gateway's authorizer, or the local
 * gateway) verifies every token it receives.
 */
public final class JwtExpiry {

    private JwtExpiry() {
    }

    public static Instant of(String jwt) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWT (a compact JWS has three dot-separated parts; this has "
                    + parts.length + "): give its expiry with BearerToken.of");
        }
        JsonNode claims;
        try {
            claims = JsonCodec.parse(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IllegalArgumentException | IOException e) {
            throw new IllegalArgumentException("not a JWT: its payload is not base64url-encoded JSON", e);
        }
        JsonNode exp = claims == null ? null : claims.get("exp");
        if (exp == null || !exp.isNumber()) {
            throw new IllegalArgumentException("the JWT has no numeric exp claim: give its expiry with BearerToken.of");
        }
        // NumericDate may have a fraction (RFC 7519 section 2); the whole second before it is the safe side.
        return Instant.ofEpochSecond(exp.decimalValue().longValue());
    }
}
