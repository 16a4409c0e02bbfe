package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static io.stateapi.http.Http.keyPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.bigDecimals;
import static org.quicktheories.generators.SourceDSL.bigIntegers;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.maps;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.json.StateJson;
import io.stateapi.local.TestStack;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Any JSON value written through the API reads back equal: integers of any size, decimals
 * with every digit, any Unicode, any shape. Property-based (QuickTheories, ADR 0006): a
 * failure is shrunk to a smallest failing value and reported with its seed.
 */
class LosslessRoundTripTest {

    private static final int EXAMPLES = 150;
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    /** Numbers compare by value: 5 may come back as an int where a BigInteger 5 was generated. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private final Http http = new Http(TestStack.shared().api());
    private final String ns = TestStack.uniqueNamespace("lossless");

    @Test
    void anyJsonValueRoundTrips() {
        String path = keyPath(ns, "k");
        qt().withExamples(EXAMPLES).forAll(jsonValues(3)).checkAssert(value -> {
            String body = "{\"value\":" + StateJson.write(value) + "}";

            assertThat(http.put(path, body).statusCode()).isIn(200, 201);
            JsonNode read = json(http.get(path)).get("value");

            assertThat(read.equals(NUMBERS_BY_VALUE, value)).as("read %s, wrote %s", read, value).isTrue();
        });
    }

    /** JSON values nested up to {@code depth} levels of arrays and objects. */
    private static Gen<JsonNode> jsonValues(int depth) {
        Gen<JsonNode> scalars = text(0, 30).map(s -> (JsonNode) NODES.textNode(s))
                .mix(bigIntegers().ofBytes(20).map(i -> (JsonNode) NODES.numberNode(i)), 25)
                .mix(bigDecimals().ofBytes(14).withScale(25).map(d -> (JsonNode) NODES.numberNode(d)), 25)
                .mix(booleans().all().map(b -> (JsonNode) NODES.booleanNode(b)), 10)
                .mix(arbitrary().constant((JsonNode) NODES.nullNode()), 5);
        if (depth == 0) {
            return scalars;
        }
        Gen<JsonNode> element = jsonValues(depth - 1);
        Gen<JsonNode> arrays = lists().of(element).ofSizeBetween(0, 4).map(items -> {
            ArrayNode array = NODES.arrayNode();
            items.forEach(array::add);
            return (JsonNode) array;
        });
        Gen<JsonNode> objects = maps().of(text(0, 10), element).ofSizeBetween(0, 4).map(members -> {
            ObjectNode object = NODES.objectNode();
            members.forEach(object::set);
            return (JsonNode) object;
        });
        return scalars.mix(arrays, 30).mix(objects, 30);
    }

    /** Any Unicode text: every code point but the surrogates, which are not characters on their own. */
    private static Gen<String> text(int minLength, int maxLength) {
        return strings().allPossible().ofLengthBetween(minLength, maxLength).map(s -> s.codePoints()
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString());
    }
}
