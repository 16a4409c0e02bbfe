package io.stateapi.domain.cursors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.exceptions.InvalidCursorException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SignedCursorsTest {

    private static final SignedCursors CURSORS = SignedCursors.fromSecret("k".repeat(32));
    private static final CursorScope SCOPE = CursorScope.of("keys/v1", "acme", "orders", "eu/");
    private static final byte[] POSITION = "eu/17".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSealedCursorOpensToItsPositionInItsScope() {
        String cursor = CURSORS.seal(SCOPE, POSITION);

        assertThat(CURSORS.open(SCOPE, cursor)).isEqualTo(POSITION);
    }

    @Test
    void aCursorIsUrlSafeText() {
        assertThat(CURSORS.seal(SCOPE, "ä/ö?&=+".getBytes(StandardCharsets.UTF_8))).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void aCursorOfAnotherScopeDoesNotOpen() {
        String cursor = CURSORS.seal(SCOPE, POSITION);

        for (CursorScope other : new CursorScope[] {
                CursorScope.of("keys/v1", "other", "orders", "eu/"),
                CursorScope.of("keys/v1", "acme", "carts", "eu/"),
                CursorScope.of("keys/v1", "acme", "orders", "eu"),
                CursorScope.of("keys/v1", "acme", "orders", ""),
                CursorScope.of("changes/v1", "acme", "orders", "eu/"),
                // the parts are length-prefixed: moving a boundary changes the signed bytes
                CursorScope.of("keys/v1", "acme", "orderseu/", ""),
                CursorScope.of("keys/v1", "acme", "orders", "eu/", "")}) {
            assertThatThrownBy(() -> CURSORS.open(other, cursor)).as("%s", other)
                    .isInstanceOf(InvalidCursorException.class);
        }
    }

    @Test
    void everyChangedByteIsRefused() {
        byte[] bytes = Base64.getUrlDecoder().decode(CURSORS.seal(SCOPE, POSITION));
        for (int i = 0; i < bytes.length; i++) {
            byte[] tampered = bytes.clone();
            tampered[i] ^= 0x01;
            String text = Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
            assertThatThrownBy(() -> CURSORS.open(SCOPE, text)).as("byte %d", i)
                    .isInstanceOf(InvalidCursorException.class);
        }
    }

    @Test
    void aTruncatedOrExtendedCursorIsRefused() {
        String cursor = CURSORS.seal(SCOPE, POSITION);
        for (int length = 0; length < cursor.length(); length++) {
            String truncated = cursor.substring(0, length);
            assertThatThrownBy(() -> CURSORS.open(SCOPE, truncated)).as("length %d", length)
                    .isInstanceOf(InvalidCursorException.class);
        }
        assertThatThrownBy(() -> CURSORS.open(SCOPE, cursor + "A")).isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void garbageIsRefused() {
        for (String garbage : new String[] {"", "not a cursor", "!!!!", "AAAA", "x".repeat(5000), "eyJrIjoidiJ9",
                "=", "a b", "\u00e4"}) {
            assertThatThrownBy(() -> CURSORS.open(SCOPE, garbage)).as(garbage)
                    .isInstanceOf(InvalidCursorException.class);
        }
        assertThatThrownBy(() -> CURSORS.open(SCOPE, null)).isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void aCursorSignedUnderAnotherKeyIsRefused() {
        String foreign = SignedCursors.fromSecret("j".repeat(32)).seal(SCOPE, POSITION);

        assertThatThrownBy(() -> CURSORS.open(SCOPE, foreign)).isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void anotherSpellingOfTheSameBytesIsRefused() {
        // 1 + 5 + 32 = 38 bytes: the last base64 character carries 2 unused bits.
        String cursor = CURSORS.seal(SCOPE, POSITION);
        char last = cursor.charAt(cursor.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String respelt = cursor.substring(0, cursor.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);

        assertThat(Base64.getUrlDecoder().decode(respelt)).isEqualTo(Base64.getUrlDecoder().decode(cursor));
        assertThatThrownBy(() -> CURSORS.open(SCOPE, respelt)).isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> SignedCursors.fromSecret("short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32");
    }
}
