package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.exceptions.InvalidKeyException;
import org.junit.jupiter.api.Test;

class RawPathsTest {

    @Test
    void leavesAnEncodedPathUnchanged() {
        String encoded = "/v1/namespaces/a/keys/caf%C3%A9/a%20b/100%25";
        assertThat(RawPaths.escape(encoded)).isSameAs(encoded);
    }

    @Test
    void encodesWhatADecodedPathCarriesLiterally() {
        assertThat(RawPaths.escape("/v1/namespaces/a/keys/José Smith/100%/x?y#z\\😀"))
                .isEqualTo("/v1/namespaces/a/keys/Jos%C3%A9%20Smith/100%25/x%3Fy%23z%5C%F0%9F%98%80");
    }

    @Test
    void decodesUtf8ExactlyOnceAndKeepsPlus() {
        assertThat(RawPaths.decodeSegment("caf%C3%A9/a+b/%2541")).isEqualTo("café/a+b/%41");
    }

    @Test
    void rejectsInvalidUtf8InsteadOfReplacingIt() {
        assertThatThrownBy(() -> RawPaths.decodeSegment("trunc%C3")).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> RawPaths.decodeSegment("%FF")).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void rejectsMalformedEscapes() {
        assertThatThrownBy(() -> RawPaths.decodeSegment("a%Z1")).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> RawPaths.decodeSegment("a%4")).isInstanceOf(InvalidKeyException.class);
    }
}
