package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.exceptions.InvalidKeyException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawPathsTest {

    /** Keys that are easy to get wrong: each must survive encoding and API Gateway's two decodings. */
    private static final List<String> AWKWARD_KEYS = List.of(
            "r?1", "h#1", "100%", "a%2Fb", "%252F", "%41", "a+b", "a b", "café", "cafe\u0301",
            "😀/𝄞", "a..b/.../.x", "x?y#z%25+ &=;:@\\\"<>{}|^`[]'!$()*,~");

    @Test
    void leavesAnEncodedPathUnchanged() {
        String encoded = "/v1/namespaces/a/keys/caf%C3%A9/a%20b/100%25";
        assertThat(RawPaths.escape(encoded)).isSameAs(encoded);
    }

    @Test
    void escapeMakesAnyPathRoutableAndKeepsEscapes() {
        assertThat(RawPaths.escape("/v1/namespaces/a/keys/José Smith/100%/x?y#z\\😀[]"))
                .isEqualTo("/v1/namespaces/a/keys/Jos%C3%A9%20Smith/100%25/x%3Fy%23z%5C%F0%9F%98%80%5B%5D");
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

    @Test
    void aKeyIsDecodedTwiceAsApiGatewayHttpApisDo() {
        assertThat(RawPaths.decodeKey("a%252Fb")).isEqualTo("a/b");
        assertThat(RawPaths.decodeKey("100%2525")).isEqualTo("100%");
        assertThat(RawPaths.decodeKey("%2541")).isEqualTo("A");
        assertThat(RawPaths.decodeKey("r%253F1")).isEqualTo("r?1");
    }

    @Test
    void keysWithoutPercentOrQuestionMarkMayBeEncodedOnce() {
        assertThat(RawPaths.decodeKey("caf%C3%A9/a%20b")).isEqualTo("café/a b");
        assertThat(RawPaths.decodeKey("h%231/a+b")).isEqualTo("h#1/a+b");
        assertThat(RawPaths.decodeKey("users/42")).isEqualTo("users/42");
        assertThat(RawPaths.decodeKey("%F0%9F%98%80")).isEqualTo("😀");
    }

    @Test
    void aQuestionMarkEncodedOnlyOnceIsRefusedBecauseApiGatewayWouldCutThePathThere() {
        assertThatThrownBy(() -> RawPaths.decodeKey("r%3F1"))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("%253F");
    }

    @Test
    void aPercentEncodedOnlyOnceIsRefusedBecauseTheSecondDecodingFails() {
        assertThatThrownBy(() -> RawPaths.decodeKey("100%25"))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("%2525");
        assertThatThrownBy(() -> RawPaths.decodeKey("x%25FFy")).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void encodeKeyIsTheInverseOfDecodeKeyAndKeepsSeparators() {
        for (String key : AWKWARD_KEYS) {
            String encoded = RawPaths.encodeKey(key);
            assertThat(encoded).as(key).matches("[A-Za-z0-9._~%/-]+");
            assertThat(RawPaths.decodeKey(encoded)).as(key).isEqualTo(key);
        }
        assertThat(RawPaths.encodeKey("users/42/café")).isEqualTo("users/42/caf%25C3%25A9");
        assertThat(RawPaths.encodeKey("100%")).isEqualTo("100%2525");
    }

    @Test
    void aPathApiGatewayDeliveredDecodedIsEncodedBackSoTheKeyReadsAsItWasSent() {
        for (String key : AWKWARD_KEYS) {
            String delivered = "/v1/namespaces/ns/keys/" + key;   // what API Gateway hands the function
            String routable = RawPaths.reencodeDecoded(delivered);
            assertThat(routable).as(key).startsWith("/v1/namespaces/ns/keys/");
            assertThat(RawPaths.escape(routable)).as("%s is a valid encoded path", key).isEqualTo(routable);
            assertThatCode(() -> new URI(routable)).as("%s parses as a URI", key).doesNotThrowAnyException();
            assertThat(RawPaths.decodeKey(routable.substring("/v1/namespaces/ns/keys/".length()))).as(key).isEqualTo(key);
        }
    }

    @Test
    void reencodingKeepsSeparatorsAndDotSegmentsVisible() {
        assertThat(RawPaths.reencodeDecoded("/v1/namespaces/ns/keys/a/../b/")).isEqualTo("/v1/namespaces/ns/keys/a/../b/");
        assertThat(RawPaths.reencodeDecoded("/v1/namespaces/ns/keys/a b")).isEqualTo("/v1/namespaces/ns/keys/a%2520b");
    }

    @Test
    void routablePathDependsOnWhatTheGatewayDidToIt() {
        assertThat(RawPaths.routable("/k/100%25", false)).isEqualTo("/k/100%25");
        assertThat(RawPaths.routable("/k/100%", true)).isEqualTo("/k/100%2525");
        assertThat(RawPaths.routable(null, true)).isNull();
    }

    @Test
    void aSegmentIsEncodedOnceWholeAndDecodesBack() {
        String arn = "arn:aws:iam::123456789012:user/division/bob+x=y,z@example.com";

        String encoded = RawPaths.encodeSegment(arn);

        assertThat(encoded).isEqualTo("arn%3Aaws%3Aiam%3A%3A123456789012%3Auser%2Fdivision%2Fbob%2Bx%3Dy%2Cz%40example.com");
        assertThat(RawPaths.decodeSegment(RawPaths.decodeSegment(encoded))).isEqualTo(arn);
    }
}
