package io.stateapi.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.InvalidJsonException;
import io.stateapi.domain.exceptions.NestingTooDeepException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON configuration of the service: request bodies, stored values, responses and
 * change events all go through this mapper.
 *
 * <p>It is tree-based (no reflection on the hot path) and lossless for values: integers of
 * any size stay exact, decimals keep every digit, duplicate member names and trailing data
 * are rejected rather than silently resolved.
 */
public final class StateJson {

    /** Deepest nesting of arrays and objects accepted in a request body. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longest number literal accepted, in characters. */
    public static final int MAX_NUMBER_LENGTH = 1000;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private StateJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses untrusted JSON.
     *
     * @throws InvalidJsonException when the bytes are not one well-formed JSON document
     * @throws NestingTooDeepException when arrays and objects nest deeper than allowed
     */
    public static JsonNode parse(byte[] json) {
        if (json == null || json.length == 0) {
            throw new InvalidJsonException("request body is empty; a JSON document is required");
        }
        try (JsonParser parser = MAPPER.createParser(json)) {
            JsonNode node = MAPPER.readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw new InvalidJsonException("request body holds no JSON document");
            }
            return node;
        } catch (StreamConstraintsException e) {
            if (e.getMessage() != null && e.getMessage().contains("nesting depth")) {
                throw new NestingTooDeepException(
                        "JSON nests deeper than " + MAX_NESTING_DEPTH + " levels");
            }
            throw new InvalidJsonException("JSON exceeds a size limit: " + firstLine(e));
        } catch (JsonProcessingException e) {
            throw new InvalidJsonException("malformed JSON: " + firstLine(e));
        } catch (IOException e) {
            throw new InvalidJsonException("unreadable JSON: " + firstLine(e));
        } catch (NumberFormatException | ArithmeticException e) {
            // A decimal whose exponent does not fit BigDecimal's scale (1e-2147483649): well-formed, not representable.
            throw new InvalidJsonException("number out of range: " + e.getMessage());
        }
    }

    /** Compact JSON text of a parsed value, as it is stored. */
    public static JsonDocument document(JsonNode value) {
        return new JsonDocument(write(value));
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }

    private static String firstLine(IOException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}
