package io.stateapi.domain.watch;

import io.stateapi.domain.cursors.CursorScope;
import io.stateapi.domain.cursors.SignedCursors;
import io.stateapi.domain.exceptions.InvalidCursorException;
import io.stateapi.domain.listing.KeyPrefix;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The watch's cursors (ADR 0037, 0060), signed and bound to tenant, namespace and prefix. A cursor
 * without a pending mark is sealed as before ({@code changes/v1}, the position's text), so a
 * watch that does not ask for pending changes issues and reads exactly what it did; one with a
 * mark is a new kind ({@code changes/v2}: the settled position's text, a line feed, the mark's
 * text; a key holds no control character). Either kind opens for either kind of request.
 */
final class WatchCursors {

    static final String SETTLED_PURPOSE = "changes/v1";
    static final String PENDING_PURPOSE = "changes/v2";
    private static final String SEPARATOR = "\n";

    private final SignedCursors cursors;

    WatchCursors(SignedCursors cursors) {
        this.cursors = Objects.requireNonNull(cursors, "cursors");
    }

    String seal(TenantNamespace namespace, KeyPrefix prefix, WatchCursor cursor) {
        Optional<FeedPosition> mark = cursor.pendingMark();
        String text = cursor.settled().text() + mark.map(m -> SEPARATOR + m.text()).orElse("");
        return cursors.seal(scope(mark.isPresent() ? PENDING_PURPOSE : SETTLED_PURPOSE, namespace, prefix),
                text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws InvalidCursorException when {@code text} is no watch cursor of this tenant, namespace and prefix
     */
    WatchCursor open(TenantNamespace namespace, KeyPrefix prefix, String text) {
        byte[] position;
        boolean marked = false;
        try {
            position = cursors.open(scope(SETTLED_PURPOSE, namespace, prefix), text);
        } catch (InvalidCursorException notSettledOnly) {
            position = cursors.open(scope(PENDING_PURPOSE, namespace, prefix), text);
            marked = true;
        }
        String[] parts = new String(position, StandardCharsets.UTF_8).split(SEPARATOR, 2);
        try {
            if (marked != (parts.length == 2)) {
                throw new IllegalArgumentException("a cursor of the other kind's shape");
            }
            FeedPosition settled = FeedPosition.parse(parts[0]);
            return new WatchCursor(settled, marked ? Optional.of(FeedPosition.parse(parts[1])) : Optional.empty());
        } catch (IllegalArgumentException e) {
            // Signed by this deployment, yet no position: a format this code does not know.
            throw new InvalidCursorException();
        }
    }

    private static CursorScope scope(String purpose, TenantNamespace namespace, KeyPrefix prefix) {
        return CursorScope.of(purpose, namespace.tenant().value(), namespace.namespace().value(), prefix.value());
    }
}
