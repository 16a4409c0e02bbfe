package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

    private static String jwt(String payloadJson) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    @Test
    void aJwtsExpiryIsReadFromItsPayloadWithoutVerifyingIt() {
        BearerToken token = BearerToken.fromJwt(jwt("{\"iss\":\"https://idp\",\"tenant\":\"acme\",\"exp\":1796212800}"));

        assertThat(token.expiresAt()).isEqualTo(Instant.ofEpochSecond(1796212800L));
        assertThat(token.value()).isEqualTo(jwt("{\"iss\":\"https://idp\",\"tenant\":\"acme\",\"exp\":1796212800}"));
    }

    @Test
    void aFractionalExpiryIsRoundedDownToTheSecond() {
        assertThat(BearerToken.fromJwt(jwt("{\"exp\":1796212800.9}")).expiresAt()).isEqualTo(Instant.ofEpochSecond(1796212800L));
    }

    @Test
    void aJwtWithoutExpiryIsRefused() {
        assertThatThrownBy(() -> BearerToken.fromJwt(jwt("{\"sub\":\"x\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exp");
        assertThatThrownBy(() -> BearerToken.fromJwt(jwt("{\"exp\":\"tomorrow\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exp");
    }

    @Test
    void somethingThatIsNotACompactJwtIsRefused() {
        assertThatThrownBy(() -> BearerToken.fromJwt("opaque-token")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BearerToken.fromJwt("a.!!!.c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BearerToken.fromJwt(jwt("[1,2]"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BearerToken.fromJwt(jwt("not json"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTokenNeedsAValueAndAnExpiry() {
        assertThatThrownBy(() -> BearerToken.of(" ", Instant.now())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BearerToken.of("t", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theTokenIsNotInItsTextForm() {
        assertThat(BearerToken.of("secret-token-value", Instant.EPOCH).toString())
                .doesNotContain("secret-token-value")
                .contains("1970-01-01T00:00:00Z");
    }

    @Test
    void aJwtSourceReadsTheExpiryOfEachTokenItGets() throws Exception {
        TokenSource source = TokenSource.jwt(() -> jwt("{\"exp\":1796212800}"));

        assertThat(source.fetch().expiresAt()).isEqualTo(Instant.ofEpochSecond(1796212800L));
    }

    @Test
    void aStaticBearerTokenMustNotBeBlank() {
        assertThatThrownBy(() -> Auth.bearer("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRefreshPolicyRefusesNegativeOrZeroDurations() {
        assertThatThrownBy(() -> TokenRefreshPolicy.builder().margin(java.time.Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenRefreshPolicy.builder().retryInterval(java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(TokenRefreshPolicy.defaults().margin()).isEqualTo(java.time.Duration.ofSeconds(60));
    }
}
