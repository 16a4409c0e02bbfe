package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static io.stateapi.http.Http.keyPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.json.StateJson;
import io.stateapi.local.TestStack;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any JSON value written through the API reads back equal: numbers exact, any Unicode, any shape. */
class LosslessRoundTripTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    /** Numbers compare by value (5 and 5.0 stay distinct texts only if written so; here value is what counts). */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private final Http http = new Http(TestStack.shared().api());
    private final String ns = TestStack.uniqueNamespace("lossless");

    @Property(tries = 150)
    void anyJsonValueRoundTrips(@ForAll("jsonValues") JsonNode value) {
        String path = keyPath(ns, "k");
        String body = "{\"value\":" + StateJson.write(value) + "}";

        assertThat(http.put(path, body).statusCode()).isIn(200, 201);
        JsonNode read = json(http.get(path)).get("value");

        assertThat(read.equals(NUMBERS_BY_VALUE, value)).as("read %s, wrote %s", read, value).isTrue();
    }

    @Provide
    Arbitrary<JsonNode> jsonValues() {
        return Arbitraries.recursive(this::scalars, this::containersOf, 0, 4);
    }

    private Arbitrary<JsonNode> scalars() {
        Arbitrary<JsonNode> strings = Arbitraries.strings().all().ofMaxLength(40)
                .filter(s -> s.codePoints().noneMatch(cp -> Character.getType(cp) == Character.SURROGATE))
                .map(NODES::textNode);
        Arbitrary<JsonNode> integers = Arbitraries.bigIntegers()
                .between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40)).map(NODES::numberNode);
        Arbitrary<JsonNode> decimals = Arbitraries.bigDecimals()
                .between(new BigDecimal("-1e30"), new BigDecimal("1e30")).ofScale(25)
                .map(d -> (JsonNode) NODES.numberNode(d));
        Arbitrary<JsonNode> literals = Arbitraries.of(List.<JsonNode>of(
                NODES.nullNode(), NODES.booleanNode(true), NODES.booleanNode(false)));
        return Arbitraries.oneOf(strings, integers, decimals, literals);
    }

    private Arbitrary<JsonNode> containersOf(Arbitrary<JsonNode> element) {
        Arbitrary<JsonNode> arrays = element.list().ofMaxSize(5).map(items -> {
            ArrayNode array = NODES.arrayNode();
            items.forEach(array::add);
            return array;
        });
        Arbitrary<JsonNode> objects = Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(12)
                        .filter(s -> s.codePoints().noneMatch(cp -> Character.getType(cp) == Character.SURROGATE)),
                element).ofMaxSize(5).map((Map<String, JsonNode> members) -> {
            ObjectNode object = NODES.objectNode();
            members.forEach(object::set);
            return object;
        });
        return Arbitraries.oneOf(arrays, objects);
    }
}
