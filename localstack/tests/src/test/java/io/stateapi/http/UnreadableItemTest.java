package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static io.stateapi.http.Http.keyPath;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.local.TestStack;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items the API did not write (an operator's script, a partly applied write of an emulator)
 * are written straight into the table; reading them answers a clear problem that names the
 * key, never a NullPointerException or a generic 500.
 */
class UnreadableItemTest {

    private final TestStack stack = TestStack.shared();
    private final Http http = new Http(stack.api());
    private final String ns = TestStack.uniqueNamespace("corrupt");

    /** A way to break a well-formed item. */
    record Corruption(String name, UnaryOperator<Map<String, AttributeValue>> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Corruption> corruptions() {
        return Stream.of(
                new Corruption("only a version, as a partly applied write left it", item ->
                        new HashMap<>(Map.of("pk", item.get("pk"), "sk", item.get("sk"), "version", n(2)))),
                new Corruption("value missing", item -> without(item, "value")),
                new Corruption("value of the wrong type", item -> with(item, "value", n(5))),
                new Corruption("version not a number", item -> with(item, "version", AttributeValue.fromS("2"))),
                new Corruption("updatedAt not a number", item -> with(item, "updatedAt", AttributeValue.fromS("yesterday"))),
                new Corruption("createdAt missing", item -> without(item, "createdAt")),
                new Corruption("expiresAt of the wrong type", item -> with(item, "expiresAt", AttributeValue.fromS("tomorrow"))),
                new Corruption("tombstone of the wrong type", item -> with(item, "tombstone", AttributeValue.fromS("no"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void readingItAnswersAProblemThatNamesTheKey(Corruption corruption) {
        String key = "broken/item";
        write(corruption.apply().apply(wellFormed(key)));

        HttpResponse<String> read = http.get(keyPath(ns, key));

        assertUnreadableProblem(read, key);
    }

    /**
     * The corruptions a write meets in its condition or update expression. (A string
     * {@code expiresAt} is left out: moto fails the comparison with it as a 500, where DynamoDB
     * evaluates it as false; reads of it are covered above.)
     */
    static Stream<Arguments> writesOverCorruptions() {
        return corruptions().filter(c -> !c.name().startsWith("expiresAt"))
                .flatMap(c -> Stream.of(Arguments.of(c, "PUT"), Arguments.of(c, "DELETE")));
    }

    @ParameterizedTest(name = "{1} over {0}")
    @MethodSource("writesOverCorruptions")
    void aWriteOverItReplacesItWithAReadableItemOrAnswersTheProblemAndChangesNothing(Corruption corruption,
                                                                                    String method) {
        String key = "broken/item";
        Map<String, AttributeValue> corrupt = corruption.apply().apply(wellFormed(key));
        write(corrupt);

        HttpResponse<String> response = method.equals("PUT")
                ? http.put(keyPath(ns, key), "{\"value\":{\"repaired\":true}}")
                : http.delete(keyPath(ns, key));

        if (response.statusCode() == 500) {
            assertUnreadableProblem(response, key);
            assertThat(stored(key)).as("nothing written").isEqualTo(corrupt);
        } else {
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 204);
            assertThat(http.get(keyPath(ns, key)).statusCode()).isEqualTo(method.equals("PUT") ? 200 : 404);
        }
    }

    @Test
    void aCreateThatLeftOnlyAVersionIsRepairedByTheNextWriteWhichContinuesItsVersion() {
        String key = "half/written";
        write(new HashMap<>(Map.of("pk", AttributeValue.fromS(TestStack.partitionKey(ns)), "sk", AttributeValue.fromS(key), "version", n(2))));

        HttpResponse<String> put = http.put(keyPath(ns, key), "{\"value\":\"whole\"}");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.headers().firstValue("ETag")).contains("\"3\"");
        HttpResponse<String> read = http.get(keyPath(ns, key));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).path("value").asText()).isEqualTo("whole");
        assertThat(json(read).path("createdAt").asText()).isEqualTo(json(read).path("updatedAt").asText());
    }

    @Test
    void aConditionalWriteOverAnUnreadableVersionAnswersTheProblemAndChangesNothing() {
        String key = "bad/version";
        Map<String, AttributeValue> corrupt = with(wellFormed(key), "version", AttributeValue.fromS("1"));
        write(corrupt);

        HttpResponse<String> put = http.put(keyPath(ns, key), "{\"value\":2}", "If-Match", "\"1\"");

        assertUnreadableProblem(put, key);
        assertThat(json(put).path("detail").asText()).contains("'version'");
        assertThat(stored(key)).isEqualTo(corrupt);
    }

    private void assertUnreadableProblem(HttpResponse<String> response, String key) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json(response).path("type").asText()).isEqualTo("https://stateapi.io/problems/internal-error");
        assertThat(json(response).path("detail").asText()).contains("'" + key + "'", "'" + ns + "'", "unreadable");
    }

    private Map<String, AttributeValue> wellFormed(String key) {
        long now = System.currentTimeMillis();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(TestStack.partitionKey(ns)));
        item.put("sk", AttributeValue.fromS(key));
        item.put("version", n(1));
        item.put("value", AttributeValue.fromS("{\"a\":1}"));
        item.put("createdAt", n(now));
        item.put("updatedAt", n(now));
        item.put("itemFormat", n(1));
        return item;
    }

    private Map<String, AttributeValue> stored(String key) {
        return stack.dynamoDb().getItem(b -> b.tableName(stack.tableName()).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS(TestStack.partitionKey(ns)), "sk", AttributeValue.fromS(key)))).item();
    }

    private void write(Map<String, AttributeValue> item) {
        stack.dynamoDb().putItem(b -> b.tableName(stack.tableName()).item(item));
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> item, String name, AttributeValue value) {
        Map<String, AttributeValue> changed = new HashMap<>(item);
        changed.put(name, value);
        return changed;
    }

    private static Map<String, AttributeValue> without(Map<String, AttributeValue> item, String name) {
        Map<String, AttributeValue> changed = new HashMap<>(item);
        changed.remove(name);
        return changed;
    }
}
