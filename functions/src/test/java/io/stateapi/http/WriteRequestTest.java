package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.InvalidJsonException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.InvalidTextException;
import io.stateapi.domain.exceptions.NestingTooDeepException;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WriteRequestTest {

    private static WriteRequest parse(String body) {
        return WriteRequest.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keepsBigNumbersExactly() {
        WriteRequest request = parse("{\"value\":{\"big\":123456789012345678901234567890,\"dec\":0.1000000000000000000001,\"z\":1.10}}");
        assertThat(request.value().json())
                .isEqualTo("{\"big\":123456789012345678901234567890,\"dec\":0.1000000000000000000001,\"z\":1.10}");
    }

    @Test
    void storesCompactJson() {
        assertThat(parse("{ \"value\" : [ 1 , \"two\" , null ] , \"ttlSeconds\" : 5 }").value().json())
                .isEqualTo("[1,\"two\",null]");
    }

    @Test
    void acceptsNullAsAValue() {
        assertThat(parse("{\"value\":null}").value()).isEqualTo(new JsonDocument("null"));
    }

    @Test
    void readsTtl() {
        assertThat(parse("{\"value\":1,\"ttlSeconds\":60}").ttl().seconds()).isEqualTo(60);
        assertThat(parse("{\"value\":1,\"ttlSeconds\":null}").ttl()).isNull();
        assertThat(parse("{\"value\":1,\"ttlSeconds\":60.0}").ttl().seconds()).isEqualTo(60);
        assertThat(parse("{\"value\":1,\"ttlSeconds\":6e1}").ttl().seconds()).isEqualTo(60);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"value\":}", "{\"value\":1}x", "{\"value\":1,\"value\":2}", "nul", "{'value':1}",
            "{\"value\":NaN}"})
    void rejectsMalformedJson(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(InvalidJsonException.class);
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] body = {'{', '"', 'v', 'a', 'l', 'u', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> WriteRequest.parse(body)).isInstanceOf(InvalidJsonException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"value\":\"\\ud800\"}", "{\"value\":{\"a\":{\"\\udc00\":1}}}",
            "{\"value\":[1,\"x\\ud800y\"]}"})
    void rejectsLoneSurrogatesInTheValue(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(InvalidTextException.class);
    }

    @Test
    void rejectsASurrogateEncodedAsUtf8Bytes() {
        // CESU-style: U+D800 written as the three bytes ED A0 80, which UTF-8 does not allow.
        byte[] body = {'{', '"', 'v', 'a', 'l', 'u', 'e', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
        assertThatThrownBy(() -> WriteRequest.parse(body)).isInstanceOf(InvalidTextException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"value\":1e-2147483649}", "{\"value\":[0.5e99999999999]}"})
    void rejectsNumbersWhoseExponentIsOutOfRange(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(InvalidJsonException.class)
                .hasMessageContaining("number");
    }

    @Test
    void rejectsEmptyBody() {
        assertThatThrownBy(() -> WriteRequest.parse(new byte[0])).isInstanceOf(InvalidJsonException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "1", "{}", "{\"ttlSeconds\":3}", "{\"value\":1,\"ttl\":3}",
            "{\"value\":1,\"ttlSeconds\":\"3\"}", "{\"value\":1,\"ttlSeconds\":0}", "{\"value\":1,\"ttlSeconds\":-5}",
            "{\"value\":1,\"ttlSeconds\":1.5}", "{\"value\":1,\"ttlSeconds\":99999999999999999999999}"})
    void rejectsWellFormedBodiesThatBreakTheRules(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void rejectsDeepNesting() {
        String deep = "[".repeat(70) + "]".repeat(70);
        assertThatThrownBy(() -> parse("{\"value\":" + deep + "}")).isInstanceOf(NestingTooDeepException.class);
    }

    @Test
    void acceptsValuesUpTo350KiB() {
        String value = "\"" + "a".repeat(JsonDocument.MAX_UTF8_BYTES - 2) + "\"";
        assertThat(parse("{\"value\":" + value + "}").value().utf8Bytes()).isEqualTo(JsonDocument.MAX_UTF8_BYTES);
    }

    @Test
    void rejectsValuesOver350KiB() {
        String value = "\"" + "a".repeat(JsonDocument.MAX_UTF8_BYTES - 1) + "\"";
        assertThatThrownBy(() -> parse("{\"value\":" + value + "}")).isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void countsValueSizeInUtf8Bytes() {
        String value = "\"" + "é".repeat(JsonDocument.MAX_UTF8_BYTES / 2) + "\"";
        assertThatThrownBy(() -> parse("{\"value\":" + value + "}")).isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void rejectsBodiesOverOneMebibyteBeforeParsing() {
        byte[] body = new byte[WriteRequest.MAX_BODY_BYTES + 1];
        assertThatThrownBy(() -> WriteRequest.parse(body)).isInstanceOf(PayloadTooLargeException.class);
    }
}
