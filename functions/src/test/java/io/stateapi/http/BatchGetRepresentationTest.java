package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.Version;
import io.stateapi.domain.batch.BatchGetResult;
import io.stateapi.domain.batch.KeyRead;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.json.StateJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch get answer: every item in order, values while they fit the byte budget, the rest marked omitted. */
class BatchGetRepresentationTest {

    private static final TenantNamespace NS = TenantNamespace.of("acme", "orders");
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private static KeyRead found(String key, String json, long version) {
        return new KeyRead.Found(new StateRecord(NS, Key.of(key), new JsonDocument(json), Version.of(version), T, T, null));
    }

    private static String text(int bytes) {
        return "\"" + "x".repeat(bytes - 2) + "\"";
    }

    @Test
    void writesEveryItemInOrderWithFoundAndVersion() {
        BatchGetResult result = new BatchGetResult(NS, List.of(found("a", "{\"n\":1}", 3),
                new KeyRead.Missing(Key.of("b/c"))));

        JsonNode body = StateJson.parse(BatchGetRepresentation.of(result));

        assertThat(body.get("namespace").asText()).isEqualTo("orders");
        assertThat(body.get("items").get(0).get("key").asText()).isEqualTo("a");
        assertThat(body.get("items").get(0).get("found").asBoolean()).isTrue();
        assertThat(body.get("items").get(0).get("value").get("n").asInt()).isEqualTo(1);
        assertThat(body.get("items").get(0).get("version").asLong()).isEqualTo(3);
        assertThat(body.get("items").get(0).get("expiresAt").isNull()).isTrue();
        assertThat(body.get("items").get(0).has("valueOmitted")).isFalse();
        assertThat(body.get("items").get(1).toString()).isEqualTo("{\"key\":\"b/c\",\"found\":false}");
    }

    @Test
    void valuesThatDoNotFitTheBudgetAreOmittedButTheirVersionsStay() {
        List<KeyRead> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(found("k" + i, text(1000), i + 1));
        }
        items.add(found("small", "1", 99));
        BatchGetResult result = new BatchGetResult(NS, items);
        int budget = 5_000;

        byte[] bytes = BatchGetRepresentation.of(result, budget);
        JsonNode body = StateJson.parse(bytes);

        assertThat(bytes.length).isLessThanOrEqualTo(budget);
        List<JsonNode> answered = new ArrayList<>();
        body.get("items").forEach(answered::add);
        assertThat(answered).extracting(item -> item.get("key").asText())
                .containsExactly("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9", "small");
        assertThat(answered).allSatisfy(item -> {
            assertThat(item.get("found").asBoolean()).isTrue();
            assertThat(item.has("version")).isTrue();
            assertThat(item.has("value")).isNotEqualTo(item.path("valueOmitted").asBoolean(false));
        });
        assertThat(answered.get(0).has("value")).as("the first value always fits").isTrue();
        assertThat(answered.get(9).get("valueOmitted").asBoolean()).isTrue();
        assertThat(answered.get(10).get("value").asInt()).as("a later value that fits is still included").isEqualTo(1);
    }

    @Test
    void aBudgetFilledToTheLastByteIsKept() {
        BatchGetResult result = new BatchGetResult(NS, List.of(found("a", text(1000), 1), found("b", text(1000), 1)));
        int exact = BatchGetRepresentation.of(result, Integer.MAX_VALUE).length;

        assertThat(BatchGetRepresentation.of(result, exact)).hasSize(exact);
        assertThat(StateJson.parse(BatchGetRepresentation.of(result, exact - 1)).get("items").get(1)
                .get("valueOmitted").asBoolean()).isTrue();
    }
}
