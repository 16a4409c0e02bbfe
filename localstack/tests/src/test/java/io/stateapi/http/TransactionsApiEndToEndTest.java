package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static io.stateapi.http.Http.keyPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.local.TestStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/transactions} over real HTTP: local gateway -> ApiFunction -> DynamoDB adapter -> moto. */
class TransactionsApiEndToEndTest {

    static final String PATH = "/v1/transactions";
    private static final String CONFLICT = "https://stateapi.io/problems/transaction-conflict";

    private final Http http = new Http(TestStack.shared().api());
    private final String accounts = TestStack.uniqueNamespace("accounts");
    private final String audit = TestStack.uniqueNamespace("audit");

    private HttpResponse<String> post(String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return http.send("POST", PATH, body.getBytes(StandardCharsets.UTF_8), all);
    }

    @Test
    void aTransactionOverTwoNamespacesCommitsEveryOperationAndReportsTheVersions() {
        http.put(keyPath(accounts, "alice"), "{\"value\":{\"balance\":100}}");
        http.put(keyPath(accounts, "bob"), "{\"value\":{\"balance\":0}}");

        HttpResponse<String> response = post("""
                {"operations": [
                  {"type": "put", "namespace": "%1$s", "key": "alice", "value": {"balance": 90}, "ifVersion": 1},
                  {"type": "put", "namespace": "%1$s", "key": "bob", "value": {"balance": 10}, "ifPresent": true},
                  {"type": "put", "namespace": "%2$s", "key": "log/1", "value": "alice->bob 10", "ifAbsent": true, "ttlSeconds": 3600},
                  {"type": "check", "namespace": "%1$s", "key": "carol", "ifAbsent": true}
                ]}""".formatted(accounts, audit));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode operations = json(response).get("operations");
        assertThat(operations).hasSize(4);
        assertThat(operations.get(0).get("namespace").asText()).isEqualTo(accounts);
        assertThat(operations.get(0).get("key").asText()).isEqualTo("alice");
        assertThat(operations.get(0).get("version").asLong()).isEqualTo(2);
        assertThat(operations.get(1).get("version").asLong()).isEqualTo(2);
        assertThat(operations.get(2).get("version").asLong()).isEqualTo(1);
        assertThat(operations.get(3).get("version").isNull()).isTrue();
        HttpResponse<String> alice = http.get(keyPath(accounts, "alice"));
        assertThat(json(alice).get("value").get("balance").asInt()).isEqualTo(90);
        assertThat(alice.headers().firstValue("ETag")).contains("\"2\"");
        assertThat(json(http.get(keyPath(audit, "log/1"))).get("expiresAt").isNull()).isFalse();
    }

    @Test
    void theVersionsOfACommitAreTheEntityTagsToContinueWith() {
        http.put(keyPath(accounts, "alice"), "{\"value\":1}");
        long version = json(post(putAt("alice", "2", 1))).get("operations").get(0).get("version").asLong();

        HttpResponse<String> next = http.put(keyPath(accounts, "alice"), "{\"value\":3}", "If-Match", "\"" + version + "\"");

        assertThat(next.statusCode()).isEqualTo(200);
    }

    @Test
    void aFailedConditionIs409WithEveryOperationAndWritesNothing() {
        http.put(keyPath(accounts, "alice"), "{\"value\":{\"balance\":100}}");
        http.put(keyPath(accounts, "bob"), "{\"value\":{\"balance\":0}}");
        http.put(keyPath(accounts, "bob"), "{\"value\":{\"balance\":5}}");

        HttpResponse<String> response = post("""
                {"operations": [
                  {"type": "put", "namespace": "%1$s", "key": "alice", "value": {"balance": 90}, "ifVersion": 1},
                  {"type": "put", "namespace": "%1$s", "key": "bob", "value": {"balance": 10}, "ifVersion": 1},
                  {"type": "delete", "namespace": "%1$s", "key": "nobody"}
                ]}""".formatted(accounts));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("type").asText()).isEqualTo(CONFLICT);
        JsonNode operations = problem.get("operations");
        assertThat(operations).hasSize(3);
        assertThat(operations.get(0).get("index").asInt()).isZero();
        assertThat(operations.get(0).get("conditionFailed").asBoolean()).isFalse();
        assertThat(operations.get(0).get("currentVersion").asLong()).isEqualTo(1);
        assertThat(operations.get(1).get("key").asText()).isEqualTo("bob");
        assertThat(operations.get(1).get("conditionFailed").asBoolean()).isTrue();
        assertThat(operations.get(1).get("currentVersion").asLong()).isEqualTo(2);
        assertThat(operations.get(2).get("conditionFailed").asBoolean()).as("a delete needs the key live").isTrue();
        assertThat(operations.get(2).get("currentVersion").isNull()).isTrue();
        assertThat(json(http.get(keyPath(accounts, "alice"))).get("version").asLong()).as("nothing written").isEqualTo(1);
    }

    @Test
    void aCommittedTransactionIsReplayedUnderItsIdempotencyKey() {
        http.put(keyPath(accounts, "alice"), "{\"value\":1}");

        HttpResponse<String> first = post(putAt("alice", "2", 1), "Idempotency-Key", "tx-" + accounts);
        HttpResponse<String> repeat = post(putAt("alice", "2", 1), "Idempotency-Key", "tx-" + accounts);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(json(repeat)).isEqualTo(json(first));
        assertThat(json(http.get(keyPath(accounts, "alice"))).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void aConflictIsReplayedUnderItsIdempotencyKey() {
        HttpResponse<String> first = post(putAt("alice", "2", 1), "Idempotency-Key", "tx-" + accounts);
        http.put(keyPath(accounts, "alice"), "{\"value\":1}");
        HttpResponse<String> repeat = post(putAt("alice", "2", 1), "Idempotency-Key", "tx-" + accounts);

        assertThat(first.statusCode()).isEqualTo(409);
        assertThat(repeat.statusCode()).isEqualTo(409);
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(json(repeat).get("operations")).isEqualTo(json(first).get("operations"));
        assertThat(json(http.get(keyPath(accounts, "alice"))).get("version").asLong()).isEqualTo(1);
    }

    @Test
    void anIdempotencyKeyUsedForAnotherTransactionIs422() {
        post(putAt("alice", "2", null), "Idempotency-Key", "tx-" + accounts);

        HttpResponse<String> other = post(putAt("alice", "3", null), "Idempotency-Key", "tx-" + accounts);

        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(json(other).get("type").asText()).isEqualTo("https://stateapi.io/problems/idempotency-key-reused");
    }

    @Test
    void aCheckOnlyTransactionReportsTheVersionsItSaw() {
        http.put(keyPath(accounts, "alice"), "{\"value\":1}");

        HttpResponse<String> response = post("""
                {"operations": [
                  {"type": "check", "namespace": "%1$s", "key": "alice", "ifPresent": true},
                  {"type": "check", "namespace": "%1$s", "key": "bob", "ifAbsent": true}
                ]}""".formatted(accounts));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("operations").get(0).get("version").asLong()).isEqualTo(1);
        assertThat(json(response).get("operations").get(1).get("version").isNull()).isTrue();
    }

    private String putAt(String key, String value, Integer version) {
        return "{\"operations\":[{\"type\":\"put\",\"namespace\":\"" + accounts + "\",\"key\":\"" + key
                + "\",\"value\":" + value + (version == null ? "" : ",\"ifVersion\":" + version) + "}]}";
    }
}
