package io.stateapi.domain.namespaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class NamespaceCursorTest {

    @Test
    void aCursorReadsBackAsTheNamespaceItFollows() {
        NamespaceCursor cursor = new NamespaceCursor(Namespace.of("cart-eu.2026"));

        assertThat(cursor.encoded()).matches("[A-Za-z0-9_-]+");
        assertThat(NamespaceCursor.parse(cursor.encoded())).isEqualTo(cursor);
    }

    @Test
    void anythingTheApiDidNotIssueIsAnInvalidRequest() {
        String noTag = Base64.getUrlEncoder().encodeToString("orders".getBytes(StandardCharsets.UTF_8));
        String badName = Base64.getUrlEncoder().encodeToString("n1:Orders#x".getBytes(StandardCharsets.UTF_8));
        for (String cursor : new String[] {"", "%%%", "not base64!", noTag, badName, "A".repeat(201), "bjE6"}) {
            assertThatThrownBy(() -> NamespaceCursor.parse(cursor)).as(cursor)
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("cursor");
        }
    }
}
