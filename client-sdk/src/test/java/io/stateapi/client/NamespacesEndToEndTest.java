package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.stateapi.client.exceptions.NamespaceNotEmptyException;
import io.stateapi.client.exceptions.NamespaceNotFoundException;
import io.stateapi.client.support.FaultProxy;
import io.stateapi.client.support.TestStack;
import io.stateapi.contracts.OpenApiContract;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The namespace calls against the real service: the api handler behind the local gateway, on
 * the emulator ({@link TestStack}). Needs the service's namespace routes (issue 10); on a branch
 * without them every test here fails with {@code route-not-found}. {@code NamespacesTest} holds
 * the same calls' request shapes against a canned server.
 */
class NamespacesEndToEndTest {

    private static StateClient client;

    @BeforeAll
    static void start() {
        client = client(TestStack.get().apiEndpoint());
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    /**
     * The one place that says how these tests authenticate to the local stack: as a tenant with
     * {@code state:admin} (which implies read and write), all namespaces granted. Change this if
     * the test stack requires a token (for example {@code Auth.bearer(<a token the stack accepts>)}).
     */
    private static StateClient client(URI endpoint) {
        return TestStack.get().client(endpoint).build();
    }

    private static Namespaces namespaces() {
        return client.namespaces();
    }

    @Test
    void aCreatedNamespaceIsDescribedWithTheSettingsItWasGiven() {
        String name = TestStack.uniqueNamespace("ns-create");
        NamespaceSettings settings = NamespaceSettings.builder()
                .defaultTtl(Duration.ofHours(1)).maxValueBytes(1024).eventValues(false).build();

        NamespaceInfo created = namespaces().create(name, settings);
        NamespaceInfo described = namespaces().describe(name);

        assertThat(created.name()).isEqualTo(name);
        assertThat(created.settings()).isEqualTo(settings);
        assertThat(created.status()).isEqualTo(NamespaceInfo.Status.ACTIVE);
        assertThat(created.createdAt()).isNotNull();
        assertThat(described).isEqualTo(created);
        assertThat(described.approximateKeyCount()).isZero();
    }

    @Test
    void creatingAgainReplacesTheSettingsAndThoseNotGivenReturnToTheDefaults() {
        String name = TestStack.uniqueNamespace("ns-change");
        NamespaceSettings defaults = namespaces().create(TestStack.uniqueNamespace("ns-defaults"), NamespaceSettings.defaults())
                .settings();
        namespaces().create(name, NamespaceSettings.builder().defaultTtl(Duration.ofHours(1)).eventValues(false).build());

        NamespaceInfo changed = namespaces().create(name, NamespaceSettings.builder().eventValues(false).build());

        assertThat(changed.settings().defaultTtl()).isEqualTo(defaults.defaultTtl());
        assertThat(changed.settings().maxValueBytes()).isEqualTo(defaults.maxValueBytes());
        assertThat(changed.settings().eventValues()).contains(false);
        assertThat(namespaces().describe(name).settings()).isEqualTo(changed.settings());
    }

    @Test
    void theFirstKeyWriteCreatesTheNamespaceWithDefaultSettings() {
        String name = TestStack.uniqueNamespace("ns-implicit");
        NamespaceSettings defaults = namespaces().create(TestStack.uniqueNamespace("ns-defaults"), NamespaceSettings.defaults())
                .settings();

        client.namespace(name).put("k", 1);

        NamespaceInfo info = namespaces().describe(name);
        assertThat(info.status()).isEqualTo(NamespaceInfo.Status.ACTIVE);
        assertThat(info.settings()).isEqualTo(defaults);
    }

    @Test
    void aNamespaceThatDoesNotExistIsNotFoundAndItsKeysAreAbsent() {
        String name = TestStack.uniqueNamespace("ns-missing");
        StateNamespace keys = client.namespace(name);

        assertThatThrownBy(() -> namespaces().describe(name)).isInstanceOf(NamespaceNotFoundException.class);
        assertThatThrownBy(() -> keys.get("k", Integer.class)).isInstanceOf(NamespaceNotFoundException.class);
        assertThat(keys.find("k", Integer.class)).isEmpty();
        assertThatThrownBy(() -> namespaces().delete(name)).isInstanceOf(NamespaceNotFoundException.class);
    }

    /**
     * As a tenant of its own: the test tenant holds every namespace this JVM's tests made before,
     * hundreds of them, which pages of two went through one request at a time (most of this
     * class's time on CI). Alone, the tenant's listing must be exactly its five namespaces.
     */
    @Test
    void listingGoesThroughEveryPageAndFindsEveryNamespaceOnce() {
        try (StateClient tenant = TestStack.get().clientOfANewTenant("ns-list").build()) {
            Namespaces own = tenant.namespaces();
            List<String> mine = IntStream.range(0, 5).mapToObj(i -> TestStack.uniqueNamespace("ns-list")).toList();
            mine.forEach(name -> own.create(name, NamespaceSettings.defaults()));

            List<String> paged = new ArrayList<>();
            String cursor = null;
            do {
                NamespacePage page = own.listPage(2, cursor);
                assertThat(page.namespaces()).hasSizeLessThanOrEqualTo(2);
                page.namespaces().forEach(info -> paged.add(info.name()));
                cursor = page.nextCursor();
            } while (cursor != null);
            List<String> streamed = own.list().map(NamespaceInfo::name).toList();

            assertThat(paged).containsExactlyInAnyOrderElementsOf(mine);
            assertThat(streamed).containsExactlyInAnyOrderElementsOf(mine);
        }
    }

    @Test
    void anEmptyNamespaceCanBeDeleted() {
        String name = TestStack.uniqueNamespace("ns-delete");
        namespaces().create(name, NamespaceSettings.defaults());

        namespaces().delete(name);

        assertThatThrownBy(() -> namespaces().describe(name)).isInstanceOf(NamespaceNotFoundException.class);
        assertThat(namespaces().list().map(NamespaceInfo::name)).doesNotContain(name);
    }

    @Test
    void aNamespaceThatHoldsKeysIsNotDeletedAndKeepsThem() {
        String name = TestStack.uniqueNamespace("ns-not-empty");
        client.namespace(name).put("k", 1);

        assertThatThrownBy(() -> namespaces().delete(name)).isInstanceOf(NamespaceNotEmptyException.class);

        assertThat(client.namespace(name).get("k", Integer.class).value()).isEqualTo(1);
    }

    @Test
    void aPurgeDeletesEveryKeyAndThenTheNamespace() {
        String name = TestStack.uniqueNamespace("ns-purge");
        StateNamespace keys = client.namespace(name);
        int count = 30;
        for (int i = 0; i < count; i++) {
            keys.put("k/" + i, i);
        }

        PurgeStatus started = namespaces().purge(name);

        assertThat(started.state()).isIn(PurgeStatus.State.RUNNING, PurgeStatus.State.DONE);
        assertThat(started.startedAt()).isNotNull();
        TestStack.get().finishPurges();
        await().atMost(Duration.ofSeconds(60)).until(() -> namespaces().purgeStatus(name).isDone());
        PurgeStatus done = namespaces().purgeStatus(name);
        assertThat(done.deletedKeys()).isEqualTo(count);
        assertThat(done.finished()).isPresent();
        assertThat(keys.find("k/0", Integer.class)).isEmpty();
        assertThatThrownBy(() -> namespaces().describe(name)).isInstanceOf(NamespaceNotFoundException.class);
    }

    @Test
    void everyNamespaceCallSendsRequestsTheContractDescribes() {
        try (FaultProxy proxy = FaultProxy.start(TestStack.get().apiEndpoint());
             StateClient proxied = client(proxy.endpoint())) {
            String name = TestStack.uniqueNamespace("ns-contract");
            Namespaces calls = proxied.namespaces();
            calls.create(name, NamespaceSettings.builder().noDefaultTtl().maxValueBytes(2048).eventValues(true).build());
            calls.describe(name);
            calls.listPage(1, null);
            calls.list().limit(3).toList();
            calls.delete(name);
            proxied.namespace(name).put("k", 1);
            calls.purge(name);
            calls.purgeStatus(name);

            OpenApiContract contract = OpenApiContract.load();
            assertThat(proxy.exchanges()).hasSizeGreaterThanOrEqualTo(8).allSatisfy(exchange -> {
                Map<String, List<String>> headers = exchange.headers().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
                String body = exchange.body() == null ? null : new String(exchange.body(), StandardCharsets.UTF_8);
                assertThat(contract.requestViolations(exchange.method(), exchange.target(), headers, body))
                        .as("%s %s", exchange.method(), exchange.target())
                        .isEmpty();
                assertThat(exchange.status()).as("%s %s", exchange.method(), exchange.target()).isBetween(200, 299);
            });
        }
    }
}
