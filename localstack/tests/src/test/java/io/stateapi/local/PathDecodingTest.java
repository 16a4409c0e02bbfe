package io.stateapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The local gateway's {@link PathDecoding#HTTP_API} reproduces what API Gateway HTTP APIs
 * (payload 2.0, {@code $default} stage) put in {@code rawPath}. The first rows are live AWS
 * captures published in hotsock/voker ({@code vokerhttp/testdata/ingress-paths.json}, see
 * ADR 0009); the rest follow from the same rule and are marked as inferred there.
 */
class PathDecodingTest {

    private static final String REJECTED = "<400>";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            // captured on AWS
            "/capture/plain                         | /capture/plain",
            "/capture/space%20value                 | '/capture/space value'",
            "/capture/question%3Fvalue              | /capture/question",
            "/capture/percent%25done                | " + REJECTED,
            "/capture/hash%23value                  | /capture/hash#value",
            "/capture/slash%2Fvalue                 | /capture/slash/value",
            "/capture/unicode-%CE%BB-%E4%B8%96%E7%95%8C | /capture/unicode-λ-世界",
            "/capture/literal%252Fvalue             | /capture/literal/value",
            "/capture/literal%253Fvalue             | /capture/literal?value",
            "/capture/literal%2525value             | /capture/literal%value",
            // inferred from the same rule (not captured)
            "/k/a+b                                 | /k/a+b",
            "/k/a%2Bb                               | /k/a+b",
            "/k/a%252Bb                             | /k/a+b",
            "/k/x%FFy                               | " + REJECTED,
            "/k/x%25FFy                             | " + REJECTED,
            "/k/trunc%C3                            | " + REJECTED,
            "/k/a/                                  | /k/a/",
            "/k/a//b                                | /k/a//b",
            "/k/a/../b                              | /k/a/../b",
            "/k/a/%2E%2E/b                          | /k/a/../b",
            "/k/%F0%9F%98%80                        | /k/😀",
            "/k/%25F0%259F%2598%2580                | /k/😀",
    })
    void httpApisDecodeTwiceAndCutAtTheFirstDecodedQuestionMark(String sent, String delivered) {
        Optional<String> expected = delivered.equals(REJECTED) ? Optional.empty() : Optional.of(delivered);
        assertThat(PathDecoding.HTTP_API.rawPath(sent)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"/capture/percent%25done", "/k/a%2Fb", "/k/a%252Fb"})
    void asSentLeavesThePathAlone(String sent) {
        assertThat(PathDecoding.AS_SENT.rawPath(sent)).contains(sent);
    }
}
