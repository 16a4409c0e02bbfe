package io.stateapi.domain.namespaces;

import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.InvalidNamespaceException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Where the next page of a namespace listing starts: after the namespace {@link #after()}. Sent
 * to clients as opaque text (base64url of the name behind a format tag) so that they do not
 * build cursors themselves and the format can change within {@code /v1}. It needs no signature:
 * a forged cursor can only start a listing of the caller's own namespaces at another name.
 */
public record NamespaceCursor(Namespace after) {

    private static final String FORMAT = "n1:";
    private static final int MAX_LENGTH = 200;

    public NamespaceCursor {
        Objects.requireNonNull(after, "after");
    }

    /** The cursor as clients see it. */
    public String encoded() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((FORMAT + after.value()).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidRequestException when {@code text} is not a cursor this API issued */
    public static NamespaceCursor parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            throw malformed();
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            if (!decoded.startsWith(FORMAT)) {
                throw malformed();
            }
            return new NamespaceCursor(Namespace.of(decoded.substring(FORMAT.length())));
        } catch (IllegalArgumentException | InvalidNamespaceException e) {
            throw malformed();
        }
    }

    private static InvalidRequestException malformed() {
        return new InvalidRequestException("cursor is not one this API issued; pass nextCursor from a listing as it is");
    }
}
