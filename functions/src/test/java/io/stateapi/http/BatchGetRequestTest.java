package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.Key;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.exceptions.InvalidKeyException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchGetRequestTest {

    private static BatchGetRequest parse(String json) {
        return BatchGetRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String keys(int count) {
        return IntStream.range(0, count).mapToObj(i -> "\"k" + i + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    @Test
    void readsTheKeysInOrderAndIsStrongByDefault() {
        BatchGetRequest request = parse("{\"keys\":[\"b/c\",\"a\",\"100%\"]}");

        assertThat(request.batch().keys()).containsExactly(Key.of("b/c"), Key.of("a"), Key.of("100%"));
        assertThat(request.consistency()).isEqualTo(ReadConsistency.STRONG);
        assertThat(parse("{\"keys\":[\"a\"],\"consistency\":\"eventual\"}").consistency())
                .isEqualTo(ReadConsistency.EVENTUAL);
    }

    @Test
    void takesAHundredKeysAndRefusesMoreOrNone() {
        assertThat(parse("{\"keys\":" + keys(100) + "}").batch().keys()).hasSize(100);
        assertThatThrownBy(() -> parse("{\"keys\":" + keys(101) + "}")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("at most 100");
        assertThatThrownBy(() -> parse("{\"keys\":[]}")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> parse("{}")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("\"keys\" is required");
    }

    @Test
    void namesTheKeyThatIsInvalidOrNotAString() {
        assertThatThrownBy(() -> parse("{\"keys\":[\"a\",\"b//c\"]}")).isInstanceOf(InvalidKeyException.class)
                .hasMessageStartingWith("keys[1]: ");
        assertThatThrownBy(() -> parse("{\"keys\":[\"a\",7]}")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("keys[1] must be a string");
    }

    @Test
    void refusesDuplicatesUnknownMembersBadConsistencyAndNonObjects() {
        assertThatThrownBy(() -> parse("{\"keys\":[\"a\",\"a\"]}")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'a'");
        assertThatThrownBy(() -> parse("{\"keys\":[\"a\"],\"limit\":1}")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("unknown member \"limit\"");
        assertThatThrownBy(() -> parse("{\"keys\":[\"a\"],\"consistency\":\"linear\"}"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("consistency");
        assertThatThrownBy(() -> parse("[\"a\"]")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aBodyOverAMebibyteIsTooLarge() {
        byte[] huge = new byte[BatchGetRequest.MAX_BODY_BYTES + 1];
        assertThatThrownBy(() -> BatchGetRequest.parse(huge)).isInstanceOf(PayloadTooLargeException.class);
    }
}
