package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.http.Http;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Change events of transactions (ADR 0028): every put and delete a transaction commits makes its
 * own event, checks make none, a cancelled transaction makes none, and each key's events keep
 * their version order across transactions and single writes.
 */
class TransactionEventsTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("txn-events");

    /** Closed after the class's tests, and with it the stack it started. */
    @AutoClose
    private static ChangeQueueReader queue;
    private static Http http;

    private final String ns = TestStack.uniqueNamespace("txn");

    @BeforeAll
    static void start() throws IOException {
        queue = ChangeQueueReader.onOwnStack(RESOURCES);
        http = queue.http();
    }

    @Test
    void aCommittedTransactionMakesOneEventPerChangedKeyAndNoneForItsChecks() {
        put("doomed", "0");
        put("checked", "0");

        assertThat(transact("""
                {"type": "put", "namespace": "%1$s", "key": "fresh", "value": 1},
                {"type": "delete", "namespace": "%1$s", "key": "doomed"},
                {"type": "check", "namespace": "%1$s", "key": "checked", "ifVersion": 1}""").statusCode()).isEqualTo(200);

        queue.awaitCaughtUp();
        assertThat(queue.changesOf(key("fresh"))).containsExactly("created@1");
        assertThat(queue.changesOf(key("doomed"))).containsExactly("created@1", "deleted@2");
        assertThat(queue.changesOf(key("checked"))).containsExactly("created@1");
    }

    @Test
    void aCancelledTransactionMakesNoEvent() {
        put("a", "0");

        assertThat(transact("""
                {"type": "put", "namespace": "%1$s", "key": "a", "value": 1, "ifVersion": 1},
                {"type": "put", "namespace": "%1$s", "key": "b", "value": 1},
                {"type": "check", "namespace": "%1$s", "key": "a", "ifAbsent": true}""").statusCode()).isEqualTo(400);
        assertThat(transact("""
                {"type": "put", "namespace": "%1$s", "key": "a", "value": 1, "ifVersion": 1},
                {"type": "put", "namespace": "%1$s", "key": "b", "value": 1},
                {"type": "check", "namespace": "%1$s", "key": "c", "ifPresent": true}""").statusCode()).isEqualTo(409);
        put("marker", "0");

        queue.awaitCaughtUp();
        assertThat(queue.changesOf(key("marker"))).containsExactly("created@1");
        assertThat(queue.changesOf(key("a"))).containsExactly("created@1");
        assertThat(queue.changesOf(key("b"))).isEmpty();
    }

    @Test
    void eachKeysEventsKeepTheirOrderAcrossTransactionsAndSingleWrites() {
        for (int round = 1; round <= 4; round++) {
            assertThat(transact("""
                    {"type": "put", "namespace": "%1$s", "key": "x", "value": %2$d},
                    {"type": "put", "namespace": "%1$s", "key": "y", "value": %2$d}""".replace("%2$d",
                    Integer.toString(round))).statusCode()).isEqualTo(200);
            put("x", "0");
        }

        queue.awaitCaughtUp();
        assertThat(queue.changesOf(key("x"))).containsExactly(
                "created@1", "updated@2", "updated@3", "updated@4", "updated@5", "updated@6", "updated@7", "updated@8");
        assertThat(queue.changesOf(key("y"))).containsExactly("created@1", "updated@2", "updated@3", "updated@4");
    }

    /** The key as events carry it: keys are unique per test through the namespace, so prefix them with it. */
    private String key(String key) {
        return ns + "/" + key;
    }

    private void put(String key, String json) {
        assertThat(http.put(Http.keyPath(ns, key(key)), "{\"value\":" + json + "}").statusCode()).isBetween(200, 201);
    }

    private HttpResponse<String> transact(String operations) {
        String body = "{\"operations\": [" + operations.formatted(ns).replace("\"key\": \"", "\"key\": \"" + ns + "/")
                + "]}";
        return http.send("POST", "/v1/transactions", body.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
    }
}
