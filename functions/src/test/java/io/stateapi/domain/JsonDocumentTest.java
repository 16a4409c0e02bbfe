package io.stateapi.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.exceptions.InvalidTextException;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonDocumentTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "\"\ud800\"",                       // a lone high surrogate as a string
            "\"a\udc00b\"",                     // a lone low surrogate inside a string
            "\"\udc00\ud800\"",                 // a pair in the wrong order is two lone surrogates
            "{\"\ud800\":1}",                   // in a member name
            "{\"a\":{\"b\":[1,\"x\ud800\"]}}",  // at depth, in an array element
            "\"x\ud800",                        // at the very end of the text
            "\"\\ud800\"",                      // escaped
            "{\"\\udc00x\":1}",                 // escaped, in a member name
            "\"\\ud83d\\u0041\"",               // an escaped high surrogate followed by an escaped non-surrogate
            "\"\\ud83d\ude00\"",                // escaped high, raw low: the raw one is alone in the text
    })
    void refusesLoneSurrogatesAnywhere(String json) {
        assertThatThrownBy(() -> new JsonDocument(json))
                .isInstanceOf(InvalidTextException.class)
                .hasMessageContaining("surrogate");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"😀\"", "{\"😀\":\"日本\"}", "\"\\ud83d\\ude00\"", "\"\\\\ud800\"", "\"\uffff\ufffe\"", "\"\\u0000\"",
            "[\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\"]"})
    void acceptsEveryUnicodeScalarValueRawOrEscaped(String json) {
        assertThat(new JsonDocument(json).json()).isEqualTo(json);
    }

    @Test
    void countsUtf8BytesOfTheText() {
        assertThat(new JsonDocument("\"a\u00e9\u65e5😀\"").utf8Bytes())
                .isEqualTo("\"a\u00e9\u65e5😀\"".getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void refusesMoreThan350KiB() {
        String justFits = "\"" + "x".repeat(JsonDocument.MAX_UTF8_BYTES - 2) + "\"";
        assertThat(new JsonDocument(justFits).utf8Bytes()).isEqualTo(JsonDocument.MAX_UTF8_BYTES);
        assertThatThrownBy(() -> new JsonDocument(justFits + " "))
                .isInstanceOf(PayloadTooLargeException.class);
    }
}
