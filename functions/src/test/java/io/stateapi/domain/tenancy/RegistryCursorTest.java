package io.stateapi.domain.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RegistryCursorTest {

    @Test
    void aCursorReadsBackAsItWasIssued() {
        RegistryCursor cursor = new RegistryCursor("arn:aws:iam::123456789012:user/division/alice");

        assertThat(cursor.encoded()).matches("^[A-Za-z0-9_-]+$");
        assertThat(RegistryCursor.parse(cursor.encoded())).isEqualTo(cursor);
    }

    @Test
    void textThatNoListingIssuedIsARequestError() {
        String untagged = Base64.getUrlEncoder().encodeToString("arn:aws:iam::1:user/a".getBytes(StandardCharsets.UTF_8));
        for (String text : new String[] {"", "not base64!", untagged, "A".repeat(RegistryCursor.MAX_LENGTH + 1)}) {
            assertThatThrownBy(() -> RegistryCursor.parse(text)).as(text).isInstanceOf(InvalidRequestException.class);
        }
    }
}
