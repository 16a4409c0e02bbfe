package io.stateapi.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.stateapi.client.exceptions.ValueMappingException;
import java.io.IOException;

/**
 * The client's one JSON configuration. Two mappers: the protocol mapper reads and writes the
 * service's own documents (representations, problems, change events) and is never exposed; the
 * value mapper converts between values and JSON, and may be the caller's.
 *
 * <p>Both are lossless by default, as the service is: floating-point numbers become
 * {@code BigDecimal} with every digit, integers of any size stay exact.
 */
public final class JsonCodec {

    private static final JsonMapper PROTOCOL = defaultMapper();

    private final ObjectMapper values;

    public JsonCodec(ObjectMapper values) {
        this.values = values == null ? defaultMapper() : values;
    }

    /**
     * The default value mapper: exact numbers, {@code java.time} as ISO-8601 strings. Unknown
     * properties still fail (Jackson's default) on purpose: a type that silently dropped fields
     * it does not know would erase them on the next {@code update}.
     */
    public static JsonMapper defaultMapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    public static JsonMapper protocol() {
        return PROTOCOL;
    }

    public ObjectMapper values() {
        return values;
    }

    public JavaType type(Class<?> type) {
        return values.getTypeFactory().constructType(type);
    }

    public JavaType type(com.fasterxml.jackson.core.type.TypeReference<?> type) {
        return values.getTypeFactory().constructType(type);
    }

    /** The JSON tree of a value; a {@link JsonNode} is taken as it is. */
    public JsonNode toTree(Object value) {
        if (value instanceof JsonNode node) {
            return node;
        }
        try {
            return values.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new ValueMappingException("cannot convert " + value.getClass().getName() + " to JSON: "
                    + e.getMessage(), e);
        }
    }

    /** A value of the requested type from a JSON tree; a fresh object every time. */
    @SuppressWarnings("unchecked")
    public <T> T fromTree(JsonNode node, JavaType type) {
        if (type.isTypeOrSubTypeOf(JsonNode.class) && type.getRawClass().isInstance(node)) {
            return (T) node.deepCopy();
        }
        try {
            return values.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ValueMappingException("cannot convert the stored JSON to " + type + ": " + e.getMessage(), e);
        }
    }

    public static JsonNode parse(byte[] body) throws IOException {
        return PROTOCOL.readTree(body);
    }

    public static byte[] writeBody(JsonNode value, Long ttlSeconds) {
        ObjectNode body = PROTOCOL.createObjectNode();
        body.set("value", value);
        if (ttlSeconds != null) {
            body.put("ttlSeconds", ttlSeconds);
        }
        try {
            return PROTOCOL.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new ValueMappingException("cannot write the request body", e);
        }
    }
}
