package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.stateapi.client.exceptions.ForbiddenException;
import io.stateapi.client.exceptions.InvalidNamespaceException;
import io.stateapi.client.exceptions.NamespaceNotEmptyException;
import io.stateapi.client.exceptions.NamespaceNotFoundException;
import io.stateapi.client.support.CannedServer;
import io.stateapi.client.support.CannedServer.Answer;
import io.stateapi.client.support.CannedServer.Received;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The namespace calls on the wire, against a canned server: method, path, query and body of each
 * request as the contract (HELPERS / OpenAPI) describes them, and every field of each answer read.
 * {@code NamespacesEndToEndTest} runs the same calls against the real service.
 */
class NamespacesTest {

    private static final RetryPolicy FAST = RetryPolicy.builder()
            .baseDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CannedServer server;
    private StateClient client;
    private Namespaces namespaces;

    @BeforeEach
    void start() {
        server = CannedServer.start();
        client = StateClient.builder().endpoint(server.endpoint()).retryPolicy(FAST).build();
        namespaces = client.namespaces();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static String description(String name, String ttl, String status) {
        return "{\"name\":\"" + name + "\",\"settings\":{\"defaultTtlSeconds\":" + ttl + ",\"maxValueBytes\":65536,"
                + "\"eventValues\":true},\"approximateKeyCount\":12,\"createdAt\":\"2026-12-02T10:00:00Z\","
                + "\"status\":\"" + status + "\"}";
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private Received only() {
        assertThat(server.received()).hasSize(1);
        return server.received().get(0);
    }

    @Test
    void createPutsTheGivenSettingsOnlyAndReadsTheDescription() throws Exception {
        server.answer(Answer.json(201, description("orders", "3600", "active")));

        NamespaceInfo created = namespaces.create("orders", NamespaceSettings.builder()
                .defaultTtl(Duration.ofHours(1)).eventValues(false).build());

        Received put = only();
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.target()).isEqualTo("/v1/namespaces/orders");
        assertThat(put.header("Content-Type")).isEqualTo("application/json");
        assertThat(json(put.body())).isEqualTo(json("{\"defaultTtlSeconds\":3600,\"eventValues\":false}"));
        assertThat(created.name()).isEqualTo("orders");
        assertThat(created.settings().defaultTtl()).contains(Duration.ofHours(1));
    }

    @Test
    void createWithNoDefaultTtlSendsNullAndWithDefaultsSendsAnEmptyObject() throws Exception {
        server.answer(Answer.json(200, description("orders", "null", "active")), Answer.json(200, description("orders", "null", "active")));

        namespaces.create("orders", NamespaceSettings.builder().noDefaultTtl().maxValueBytes(1024).build());
        namespaces.create("orders", NamespaceSettings.defaults());

        assertThat(json(server.received().get(0).body())).isEqualTo(json("{\"defaultTtlSeconds\":null,\"maxValueBytes\":1024}"));
        assertThat(json(server.received().get(1).body())).isEqualTo(json("{}"));
    }

    @Test
    void describeReadsEveryFieldOfTheDescription() {
        server.answer(Answer.json(200, description("orders", "null", "purging")));

        NamespaceInfo info = namespaces.describe("orders");

        assertThat(only().method()).isEqualTo("GET");
        assertThat(only().target()).isEqualTo("/v1/namespaces/orders");
        assertThat(info.name()).isEqualTo("orders");
        assertThat(info.settings().defaultTtl()).isEmpty();
        assertThat(info.settings().specifiesDefaultTtl()).isTrue();
        assertThat(info.settings().maxValueBytes()).hasValue(65536);
        assertThat(info.settings().eventValues()).contains(true);
        assertThat(info.approximateKeyCount()).isEqualTo(12);
        assertThat(info.createdAt()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(info.status()).isEqualTo(NamespaceInfo.Status.PURGING);
    }

    @Test
    void aStatusThisClientDoesNotKnowIsOther() {
        server.answer(Answer.json(200, description("orders", "null", "archived")));

        assertThat(namespaces.describe("orders").status()).isEqualTo(NamespaceInfo.Status.OTHER);
    }

    @Test
    void listFollowsTheCursorThroughEveryPageAndEncodesIt() {
        server.answer(
                Answer.json(200, "{\"namespaces\":[" + description("a", "null", "active") + "," + description("b", "null", "active")
                        + "],\"nextCursor\":\"c+/=2\"}"),
                Answer.json(200, "{\"namespaces\":[" + description("c", "null", "active") + "]}"));

        assertThat(namespaces.list().map(NamespaceInfo::name)).containsExactly("a", "b", "c");

        assertThat(server.received()).extracting(Received::method, Received::target).containsExactly(
                org.assertj.core.groups.Tuple.tuple("GET", "/v1/namespaces"),
                org.assertj.core.groups.Tuple.tuple("GET", "/v1/namespaces?cursor=c%2B%2F%3D2"));
    }

    @Test
    void listFetchesAPageOnlyWhenTheStreamReachesIt() {
        server.answer(Answer.json(200, "{\"namespaces\":[" + description("a", "null", "active") + "],\"nextCursor\":\"n\"}"));

        Stream<NamespaceInfo> all = namespaces.list();
        assertThat(server.received()).isEmpty();
        assertThat(all.findFirst()).map(NamespaceInfo::name).contains("a");

        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aPageIsAskedForWithItsLimitAndCursor() {
        server.answer(Answer.json(200, "{\"namespaces\":[" + description("a", "null", "active") + "],\"nextCursor\":\"next\"}"),
                Answer.json(200, "{\"namespaces\":[]}"));

        NamespacePage first = namespaces.listPage(1, null);
        NamespacePage last = namespaces.listPage(1, first.nextCursor());

        assertThat(first.namespaces()).extracting(NamespaceInfo::name).containsExactly("a");
        assertThat(first.hasMore()).isTrue();
        assertThat(last.namespaces()).isEmpty();
        assertThat(last.hasMore()).isFalse();
        assertThat(server.received()).extracting(Received::target)
                .containsExactly("/v1/namespaces?limit=1", "/v1/namespaces?limit=1&cursor=next");
        assertThatThrownBy(() -> namespaces.listPage(0, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deleteSendsADeleteAndTakesTheEmptyAnswer() {
        server.answer(Answer.empty(204));

        namespaces.delete("orders");

        assertThat(only().method()).isEqualTo("DELETE");
        assertThat(only().target()).isEqualTo("/v1/namespaces/orders");
    }

    @Test
    void deletingANamespaceThatHoldsKeysIsNamespaceNotEmpty() {
        server.answer(Answer.problem(409, "namespace-not-empty"));

        assertThatThrownBy(() -> namespaces.delete("orders"))
                .isInstanceOfSatisfying(NamespaceNotEmptyException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aDeleteWhoseFirstAnswerWasLostAndThatThenFindsTheNamespaceGoneSucceeds() {
        server.answer(Answer.problem(503, "service-unavailable").header("Retry-After", "0"),
                Answer.problem(404, "namespace-not-found"));

        namespaces.delete("orders");

        assertThat(server.received()).hasSize(2);
    }

    @Test
    void deletingANamespaceThatDoesNotExistIsNamespaceNotFound() {
        server.answer(Answer.problem(404, "namespace-not-found"));

        assertThatThrownBy(() -> namespaces.delete("orders")).isInstanceOf(NamespaceNotFoundException.class);
    }

    @Test
    void purgeSendsADeleteWithPurgeTrueAndReadsTheStatus() {
        server.answer(new Answer(202, Map.of("Content-Type", "application/json", "Location", "/v1/namespaces/orders/purge"),
                "{\"status\":\"running\",\"deletedKeys\":0,\"startedAt\":\"2026-12-02T10:00:00Z\"}"));

        PurgeStatus status = namespaces.purge("orders");

        assertThat(only().method()).isEqualTo("DELETE");
        assertThat(only().target()).isEqualTo("/v1/namespaces/orders?purge=true");
        assertThat(status.state()).isEqualTo(PurgeStatus.State.RUNNING);
        assertThat(status.isDone()).isFalse();
        assertThat(status.deletedKeys()).isZero();
        assertThat(status.startedAt()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(status.finished()).isEmpty();
    }

    @Test
    void purgeStatusReadsTheProgress() {
        server.answer(Answer.json(200, "{\"status\":\"done\",\"deletedKeys\":1200,\"startedAt\":\"2026-12-02T10:00:00Z\","
                + "\"finishedAt\":\"2026-12-02T10:01:30Z\"}"));

        PurgeStatus status = namespaces.purgeStatus("orders");

        assertThat(only().method()).isEqualTo("GET");
        assertThat(only().target()).isEqualTo("/v1/namespaces/orders/purge");
        assertThat(status.isDone()).isTrue();
        assertThat(status.deletedKeys()).isEqualTo(1200);
        assertThat(status.finished()).contains(Instant.parse("2026-12-02T10:01:30Z"));
    }

    @Test
    void describingANamespaceTheTenantDoesNotHaveIsNamespaceNotFound() {
        server.answer(Answer.problem(404, "namespace-not-found"));

        assertThatThrownBy(() -> namespaces.describe("orders")).isInstanceOf(NamespaceNotFoundException.class);
    }

    @Test
    void aCallWithoutTheAdminScopeIsForbiddenAndNotRetried() {
        server.answer(Answer.problem(403, "forbidden"));

        assertThatThrownBy(() -> namespaces.create("orders", NamespaceSettings.defaults())).isInstanceOf(ForbiddenException.class);
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void namespaceCallsAreRetriedAfterA503() {
        server.answer(Answer.problem(503, "service-unavailable").header("Retry-After", "0"),
                Answer.json(200, description("orders", "null", "active")));

        assertThat(namespaces.create("orders", NamespaceSettings.defaults()).name()).isEqualTo("orders");
        assertThat(server.received()).extracting(Received::method).containsExactly("PUT", "PUT");
    }

    @Test
    void aNameThatCannotBeANamespaceIsRefusedBeforeSending() {
        for (String bad : List.of("Orders", "", "a/b", "a#b", "..")) {
            assertThatThrownBy(() -> namespaces.describe(bad)).as(bad).isInstanceOf(InvalidNamespaceException.class);
        }
        assertThatThrownBy(() -> namespaces.purge(null)).isInstanceOf(InvalidNamespaceException.class);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void settingsRefuseValuesNoServiceCouldTake() {
        assertThatThrownBy(() -> NamespaceSettings.builder().defaultTtl(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NamespaceSettings.builder().defaultTtl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NamespaceSettings.builder().maxValueBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(NamespaceSettings.builder().eventValues(true).build())
                .isEqualTo(NamespaceSettings.builder().eventValues(true).build())
                .hasToString("NamespaceSettings[eventValues=true]");
    }
}
