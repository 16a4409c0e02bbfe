package io.stateapi.jsonata;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.StateApiException;
import io.stateapi.domain.schemas.TransformFailedException;
import io.stateapi.json.StateJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values between the service's JSON trees and JSONata's Java objects (maps, lists, strings,
 * numbers, booleans and its own null). Numbers go in as exact as they are stored (integers of
 * any size, decimals with every digit), so a number the transform passes through comes out as
 * it went in; arithmetic on them is JSONata's, in double precision.
 */
final class JsonataValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private JsonataValues() {
    }

    static Object toJsonata(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> members = new LinkedHashMap<>();
                node.fields().forEachRemaining(member -> members.put(member.getKey(), toJsonata(member.getValue())));
                yield members;
            }
            case ARRAY -> {
                List<Object> items = new ArrayList<>(node.size());
                node.forEach(item -> items.add(toJsonata(item)));
                yield items;
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.isIntegralNumber()
                    ? (node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue())
                    : node.decimalValue();
            default -> Jsonata.NULL_VALUE;
        };
    }

    /** @throws TransformFailedException when the result is no JSON value, or nests deeper than a stored value may */
    static JsonDocument toDocument(Object result) {
        if (result == null || result == Jsonata.NULL_VALUE) {
            // Undefined and null come back alike: a migration that drops a value is more likely a slip than meant.
            throw new TransformFailedException("the JSONata expression gave no value (undefined or null)");
        }
        JsonNode tree = toJson(result, 1);
        try {
            return StateJson.document(tree);
        } catch (StateApiException e) {
            // Over the largest value, or a lone surrogate in a string: nothing the service could store.
            throw new TransformFailedException("the result cannot be stored: " + e.getMessage());
        }
    }

    private static JsonNode toJson(Object value, int depth) {
        if (depth > StateJson.MAX_NESTING_DEPTH) {
            throw new TransformFailedException("the result nests deeper than " + StateJson.MAX_NESTING_DEPTH + " levels");
        }
        if (value == null || value == Jsonata.NULL_VALUE) {
            return NODES.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<?, ?> member : map.entrySet()) {
                object.set(String.valueOf(member.getKey()), toJson(member.getValue(), depth + 1));
            }
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            for (Iterator<?> items = list.iterator(); items.hasNext(); ) {
                array.add(toJson(items.next(), depth + 1));
            }
            return array;
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        if (value instanceof Number number) {
            return number(number);
        }
        throw new TransformFailedException("the JSONata expression gave a " + value.getClass().getSimpleName()
                + " (a function?), which is no JSON value");
    }

    private static JsonNode number(Number number) {
        return switch (number) {
            case BigDecimal decimal -> NODES.numberNode(decimal);
            case BigInteger integer -> NODES.numberNode(integer);
            case Long whole -> NODES.numberNode(whole);
            case Integer whole -> NODES.numberNode(whole);
            case Short whole -> NODES.numberNode(whole);
            case Byte whole -> NODES.numberNode(whole);
            default -> {
                double d = number.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new TransformFailedException("the JSONata expression gave " + d + ", which is no JSON number");
                }
                // JSONata computes in doubles: a whole result is written as an integer, as JSONata itself prints it.
                yield d == Math.rint(d) && Math.abs(d) < 0x1p53 ? NODES.numberNode((long) d) : NODES.numberNode(d);
            }
        };
    }
}
