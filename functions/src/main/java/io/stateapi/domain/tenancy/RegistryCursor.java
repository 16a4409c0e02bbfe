package io.stateapi.domain.tenancy;

import io.stateapi.domain.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Where the next page of a registry listing starts: after the principal {@link #after()}. Sent as
 * opaque text (base64url behind a format tag) so that clients pass it back rather than build it.
 * It needs no signature: only operators list the registry, and a forged cursor only starts the
 * listing at another principal.
 */
public record RegistryCursor(String after) {

    private static final String FORMAT = "r1:";
    /** Base64 of the longest principal ARN (a user with a 512-character path) and the tag. */
    public static final int MAX_LENGTH = 1000;

    public RegistryCursor {
        Objects.requireNonNull(after, "after");
    }

    public String encoded() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((FORMAT + after).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidRequestException when {@code text} is not a cursor a listing issued */
    public static RegistryCursor parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            throw malformed();
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        if (!decoded.startsWith(FORMAT + "arn:")) {
            throw malformed();
        }
        return new RegistryCursor(decoded.substring(FORMAT.length()));
    }

    private static InvalidRequestException malformed() {
        return new InvalidRequestException("cursor is not one this API issued; pass nextCursor from a listing as it is");
    }
}
