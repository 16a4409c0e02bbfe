package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbNamespacePurger;
import io.stateapi.dynamodb.SeededNamespaces;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.local.TestStack;
import io.stateapi.local.auth.TokenGrant;
import io.stateapi.resources.Housekeeping;
import io.stateapi.resources.StateApiResources;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The authorization matrix (issue 10, ADR 0013): three tenants x every endpoint x each way a
 * caller can stand to a namespace: its own, the same name another tenant uses, a token without the
 * endpoint's scope, a token whose namespace grant leaves the namespace out, and no token (a
 * refusal that comes before the data runs for one tenant a row, the three in turn: {@link #rows}). Every
 * row checks the status and problem type, and that no other tenant's stored state changed (by
 * reading every partition and catalog entry of the row's names of every tenant, and every
 * tenant's catalog size and subscriptions, after the request, against the state before it: change
 * events come only from stored changes, and {@code TenantChangeQueuesTest} shows each tenant's
 * events stay on its own queue). A refused row must change nothing at all, for anyone.
 *
 * <p>Each row has namespaces of its own, written before the row runs ({@link #seed}): the
 * state before a row's request is known under its names without reading it (issue 14).
 *
 * <p>Endpoints are rows of {@link Endpoint#ALL}; an endpoint added to the API gets its row there.
 */
class AuthorizationMatrixTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final List<String> TENANTS = List.of("mx-alpha-" + RUN, "mx-bravo-" + RUN, "mx-charlie-" + RUN);
    private static final String ALL_SCOPES = "state:read state:write state:admin";
    /** Every row, in the order they run: the namespace each row owns is named after its place. */
    private static final List<Arguments> ROWS = rowsInOrder();
    /** Rows whose namespaces are written together ({@link #seed}). */
    private static final int SEEDED_AT_ONCE = 30;
    /**
     * Success checks that write after the row's snapshot (a subscription deleted, a purge run to
     * the end): the row after one reads the tenant-wide state again instead of taking over this
     * row's. A check that writes and is missing here makes the next row fail, never pass.
     */
    private static final Set<String> CHECKS_THAT_WRITE = Set.of("POST subscription", "DELETE namespace ?purge=true");

    private static Http http;
    private static Http withoutToken;
    private static TenantState state;
    /** The lines {@link TenantState#named} reads under each row's names before its request, as seeded. */
    private static final Map<String, Map<String, List<String>>> SEEDED = new HashMap<>();
    /**
     * The tenant-wide state the last row read after its request, when nothing has written since
     * (its success check wrote nothing, and it passed): the next row's state before its request.
     */
    private static Map<String, List<String>> tenantWide;

    @BeforeAll
    static void start() {
        http = new Http(TestStack.shared().api());
        withoutToken = Http.withoutToken(TestStack.shared().api());
        state = new TenantState(TestStack.shared().dynamoDb(), TestStack.RESOURCES, TENANTS);
    }

    /**
     * Writes every row's two namespaces, each holding the row's key, as a first {@code PUT} into a
     * new namespace leaves them ({@link SeededNamespaces}, held to the API's own items by
     * {@code SeededNamespacesTest}): the caller's namespace, and the next tenant's namespace of the
     * same name and "-theirs" ({@link #namespaces}). Before, each row put its two keys through the
     * API and then read every tenant's state under its names (seven emulator calls) before its
     * request; now the 290 rows' 1,160 items take about 60 {@code BatchWriteItem}s in all.
     * They are written {@value #SEEDED_AT_ONCE} rows at a time, when the first of them runs: each
     * row counts every tenant's whole catalog, which all rows' namespaces at once would make as
     * large as at the end from the first row on.
     */
    private static void seed(int first) {
        List<Arguments> rows = ROWS.subList(first, Math.min(ROWS.size(), first + SEEDED_AT_ONCE));
        List<SeededNamespaces.FirstWrite> writes = new ArrayList<>();
        for (Arguments row : rows) {
            String tenant = (String) row.get()[0];
            String namespace = (String) row.get()[3];
            String key = key((Standing) row.get()[2]);
            writes.add(firstWrite(tenant, namespace, key));
            writes.add(firstWrite(other(tenant), theirs(namespace), key));
        }
        Map<SeededNamespaces.FirstWrite, SeededNamespaces.Items> written =
                SeededNamespaces.write(TestStack.shared().dynamoDb(), TestStack.RESOURCES, writes, Instant.now());
        for (int i = 0; i < rows.size(); i++) {
            String namespace = (String) rows.get(i).get()[3];
            Map<String, List<Map<String, AttributeValue>>> stateItems = new HashMap<>();
            Map<String, Map<String, AttributeValue>> catalogItems = new HashMap<>();
            for (SeededNamespaces.Items items : List.of(written.get(writes.get(2 * i)), written.get(writes.get(2 * i + 1)))) {
                stateItems.put(items.state().get(StateItem.PK).s(), List.of(items.state()));
                catalogItems.put(items.catalog().get(StateApiResources.CatalogTable.PARTITION_KEY).s() + " "
                        + items.catalog().get(StateApiResources.CatalogTable.SORT_KEY).s(), items.catalog());
            }
            SEEDED.put(namespace, state.lines(namespaces(namespace), stateItems, catalogItems));
        }
    }

    private static SeededNamespaces.FirstWrite firstWrite(String tenant, String namespace, String key) {
        return new SeededNamespaces.FirstWrite(TenantNamespace.of(tenant, namespace), Key.of(key),
                new JsonDocument(owner(tenant)));
    }

    /** How the caller stands to the namespace the request names. */
    enum Standing {
        /** Its own namespace, with a token that has every tenant scope. */
        OWN,
        /** A namespace name that another tenant uses and this one does not. */
        ANOTHER_TENANTS_NAME,
        /** Its own namespace, with a token lacking the endpoint's scope. */
        NO_SCOPE,
        /** Its own namespace, with a token narrowed to other namespaces. */
        NO_GRANT,
        /** No Authorization header at all. */
        NO_TOKEN
    }

    static Stream<Arguments> rows() {
        return ROWS.stream();
    }

    /**
     * Every endpoint with every standing. A row that reaches the data (the caller's own namespace,
     * another tenant's name, or a success with a narrowed grant) runs for each of the three tenants:
     * the tenant is part of every key it reads and writes. A refusal by the gateway (no token) or
     * by the scope and grant checks (403) is decided before any data is read, on the token's
     * claims and not on which tenant it names: each such row runs once, for the tenants in turn
     * (endpoint by endpoint and standing by standing), so each tenant still meets every kind of
     * refusal, and every row still checks that no tenant's state changed. (Issue 14: the three
     * copies of each refusal, the same request with another tenant named in its token, were 258
     * of the 435 rows.) The fourth argument is the row's namespace, "mx-" and its place.
     */
    private static List<Arguments> rowsInOrder() {
        List<Arguments> rows = new ArrayList<>();
        for (int e = 0; e < Endpoint.ALL.size(); e++) {
            Endpoint endpoint = Endpoint.ALL.get(e);
            for (Standing standing : Standing.values()) {
                if (refusedBeforeTheData(endpoint, standing)) {
                    rows.add(Arguments.of(TENANTS.get((e + standing.ordinal()) % TENANTS.size()), endpoint, standing,
                            "mx-" + (rows.size() + 1)));
                } else {
                    for (String tenant : TENANTS) {
                        rows.add(Arguments.of(tenant, endpoint, standing, "mx-" + (rows.size() + 1)));
                    }
                }
            }
        }
        return List.copyOf(rows);
    }

    private static boolean refusedBeforeTheData(Endpoint endpoint, Standing standing) {
        return switch (standing) {
            case OWN, ANOTHER_TENANTS_NAME -> false;
            case NO_SCOPE, NO_GRANT, NO_TOKEN -> endpoint.expectation(standing).status() >= 400;
        };
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("rows")
    void everyEndpointAnswersEachCallerAsItsStandingAllowsAndTouchesNoOtherTenant(
            String tenant, Endpoint endpoint, Standing standing, String namespace) {
        String key = key(standing);
        // Each row has namespaces of its own (seed): the caller's, holding a key, and the other
        // tenant's of the same name prefix ("-theirs"), holding a key too.
        String theirs = theirs(namespace);
        String target = standing == Standing.ANOTHER_TENANTS_NAME ? theirs : namespace;
        List<String> names = namespaces(namespace);

        // Before the request: under the row's names, every tenant's state is what the seed wrote
        // (nothing else writes under them: were it otherwise, after != before fails the row, so
        // this can only make a row fail, never pass); across each tenant's catalog it is what the
        // row before read after its request, when nothing wrote since, or else read now.
        if (!SEEDED.containsKey(namespace)) {
            seed(Integer.parseInt(namespace.substring("mx-".length())) - 1);
            tenantWide = null; // the seed grew every tenant's catalog
        }
        Map<String, List<String>> before = SEEDED.get(namespace);
        Map<String, List<String>> wideBefore = tenantWide != null ? tenantWide : state.tenantWide();
        tenantWide = null;
        HttpResponse<String> response = withoutToken.send(endpoint.method(), endpoint.path(target, key),
                endpoint.body() == null ? null
                        : endpoint.body(target, key).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                headers(standing, tenant, endpoint, namespace));
        Map<String, List<String>> after = state.named(names);
        Map<String, List<String>> wideAfter = state.tenantWide();

        Expectation expected = endpoint.expectation(standing);
        assertThat(response.statusCode()).as("status: %s", response.body()).isEqualTo(expected.status());
        if (expected.problem() != null) {
            assertThat(response.headers().firstValue("Content-Type")).hasValue(Problems.MEDIA_TYPE);
            assertThat(Http.json(response).path("type").asText()).endsWith("/" + expected.problem());
        }
        if (standing == Standing.NO_TOKEN) {
            assertThat(Http.json(response).path("message").asText()).isEqualTo("Unauthorized");
        }
        for (String t : TENANTS) {
            if (!t.equals(tenant) || expected.status() >= 400) {
                assertThat(after.get(t)).as("state of tenant %s under %s", t, names).isEqualTo(before.get(t));
                assertThat(wideAfter.get(t)).as("catalog and subscriptions of tenant %s", t).isEqualTo(wideBefore.get(t));
            }
        }
        if (expected.status() < 400) {
            List<String> own = new ArrayList<>(after.get(tenant));
            own.addAll(wideAfter.get(tenant));
            endpoint.check(response, tenant, target, key, own);
        }
        if (expected.status() >= 400 || !CHECKS_THAT_WRITE.contains(endpoint.name())) {
            tenantWide = wideAfter;
        }
    }

    /** The key a row's namespaces hold, and the key its request names. */
    private static String key(Standing standing) {
        return "k/" + standing.name().toLowerCase(Locale.ROOT);
    }

    /** The tenant whose namespace of the row's name and "-theirs" the row's setup holds. */
    private static String other(String tenant) {
        return TENANTS.get((TENANTS.indexOf(tenant) + 1) % TENANTS.size());
    }

    private static String theirs(String namespace) {
        return namespace + "-theirs";
    }

    /** The names a row's snapshots read for every tenant: its namespace and "-theirs". */
    private static List<String> namespaces(String namespace) {
        return List.of(namespace, theirs(namespace));
    }

    private static String owner(String tenant) {
        return "{\"owner\":\"" + tenant + "\"}";
    }

    /**
     * Runs the housekeeping's purges to the end now (as if the settle time had passed), so a purge
     * a row started does not change its tenant's state under a later row.
     */
    private static void finishPurges() {
        DynamoDbNamespacePurger purger = new DynamoDbNamespacePurger(TestStack.shared().dynamoDb(),
                TestStack.RESOURCES.tableName(), TestStack.RESOURCES.idempotencyTableName(),
                TestStack.RESOURCES.catalogTableName());
        await().atMost(Duration.ofSeconds(30)).until(() -> purger.advance(
                Instant.now().plus(Housekeeping.SETTLE).plusSeconds(1), Duration.ofMinutes(1))
                .running() == 0);
    }

    /** Every namespace the catalog holds for {@code tenant}, read straight from the table. */
    private static List<String> allNamespacesOf(String tenant) {
        List<String> names = new ArrayList<>();
        TestStack.shared().dynamoDb().queryPaginator(b -> b.tableName(TestStack.RESOURCES.catalogTableName())
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk",
                                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("ns#" + tenant))))
                .items().forEach(item -> names.add(item.get("sk").s()));
        return names;
    }

    private static String[] headers(Standing standing, String tenant, Endpoint endpoint, String ownNamespace) {
        String[] content = endpoint.body() == null ? new String[0] : new String[] {"Content-Type",
                endpoint.method().equals("PATCH") ? "application/merge-patch+json" : "application/json"};
        String[] auth = switch (standing) {
            case OWN, ANOTHER_TENANTS_NAME -> bearer(TokenGrant.of(tenant, ALL_SCOPES));
            case NO_SCOPE -> bearer(TokenGrant.of(tenant, endpoint.scopesWithout()));
            case NO_GRANT -> bearer(TokenGrant.of(tenant, ALL_SCOPES).withNamespaces("elsewhere other-*"));
            case NO_TOKEN -> new String[0];
        };
        String[] all = new String[content.length + auth.length];
        System.arraycopy(content, 0, all, 0, content.length);
        System.arraycopy(auth, 0, all, content.length, auth.length);
        return all;
    }

    private static String[] bearer(TokenGrant grant) {
        return new String[] {"Authorization", "Bearer " + TestStack.issuer().token(grant)};
    }

    /** What a row expects: a status, and for an error the problem type's slug (API Gateway's own 401 has none). */
    record Expectation(int status, String problem) {
        static Expectation ok(int status) {
            return new Expectation(status, null);
        }
    }

    /** What a successful row must have done to the caller's own state, beyond its status. */
    @FunctionalInterface
    interface SuccessCheck {
        void check(HttpResponse<String> response, String tenant, String namespace, String key, List<String> ownState);
    }

    /**
     * One endpoint of the API: how to call it on a namespace and key, the scope it needs, what
     * each standing gets, and what a success must show.
     */
    record Endpoint(String name, String method, String pathTemplate, String body, String scopesWithout,
                    Map<Standing, Expectation> expectations, SuccessCheck successCheck) {

        private static final Expectation UNAUTHORIZED = new Expectation(401, null);
        private static final Expectation FORBIDDEN = new Expectation(403, "forbidden");
        private static final Expectation NO_NAMESPACE = new Expectation(404, "namespace-not-found");
        /** A principal named after the row's namespace, its ARN percent-encoded as one segment. */
        private static final String PRINCIPAL = "/v1/admin/principals/arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2F{ns}";

        static final List<Endpoint> ALL = List.of(
                new Endpoint("GET key", "GET", "/v1/namespaces/{ns}/keys/{key}", null, "state:write",
                        Map.of(Standing.OWN, Expectation.ok(200), Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) ->
                                assertThat(Http.json(response).path("value").path("owner").asText()).isEqualTo(tenant)),
                new Endpoint("POST batch-get", "POST", "/v1/namespaces/{ns}/batch-get",
                        "{\"keys\":[\"k/own\",\"k/another_tenants_name\",\"k/no_scope\",\"k/no_grant\","
                                + "\"k/no_token\",\"k/absent\"]}", "state:write",
                        // Another tenant's namespace of that name is not this tenant's: nothing found, no namespace.
                        Map.of(Standing.OWN, Expectation.ok(200), Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) -> Http.json(response).path("items").forEach(item -> {
                            boolean asked = item.path("key").asText().equals(key);
                            assertThat(item.path("found").asBoolean()).as(item.toString()).isEqualTo(asked);
                            if (asked) {
                                assertThat(item.path("value").path("owner").asText()).isEqualTo(tenant);
                            }
                        })),
                // Key history (ADR 0036): a version, the versions list and a restore reach only the
                // caller's own key of that name; another tenant's name holds no version of this one's.
                new Endpoint("GET key ?version", "GET", "/v1/namespaces/{ns}/keys/{key}?version=1", null, "state:write",
                        Map.of(Standing.OWN, Expectation.ok(200),
                                Standing.ANOTHER_TENANTS_NAME, new Expectation(404, "version-not-found")),
                        (response, tenant, ns, key, own) -> {
                            assertThat(Http.json(response).path("value").path("owner").asText()).isEqualTo(tenant);
                            assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
                        }),
                new Endpoint("GET key versions", "GET", "/v1/namespaces/{ns}/keys/{key}/versions", null, "state:write",
                        Map.of(Standing.OWN, Expectation.ok(200), Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        // The log follows the write within moments: whatever it lists yet is the caller's own.
                        (response, tenant, ns, key, own) -> Http.json(response).path("items").forEach(item ->
                                assertThat(item.path("value").path("owner").asText()).as(item.toString()).isEqualTo(tenant))),
                new Endpoint("POST restore", "POST", "/v1/namespaces/{ns}/keys/{key}/versions/1/restore", null,
                        "state:read",
                        Map.of(Standing.OWN, Expectation.ok(200),
                                Standing.ANOTHER_TENANTS_NAME, new Expectation(404, "version-not-found")),
                        (response, tenant, ns, key, own) -> {
                            assertThat(Http.json(response).path("value").path("owner").asText()).isEqualTo(tenant);
                            assertThat(own).contains(ns + " " + key + " v2 live");
                        }),
                // The watch and its snapshot (ADR 0037): only the caller's own namespace of that name.
                new Endpoint("GET changes", "GET", "/v1/namespaces/{ns}/changes?waitSeconds=0", null, "state:write",
                        Map.of(Standing.OWN, Expectation.ok(200), Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) -> Http.json(response).path("items").forEach(item ->
                                assertThat(item.path("value").path("owner").asText()).as(item.toString()).isEqualTo(tenant))),
                new Endpoint("GET changes snapshot", "GET", "/v1/namespaces/{ns}/changes/snapshot", null, "state:write",
                        Map.of(Standing.OWN, Expectation.ok(200), Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) -> {
                            assertThat(Http.json(response).path("items")).isNotEmpty();
                            Http.json(response).path("items").forEach(item -> assertThat(
                                    item.path("value").path("owner").asText()).as(item.toString()).isEqualTo(tenant));
                        }),
                new Endpoint("PUT key", "PUT", "/v1/namespaces/{ns}/keys/{key}", "{\"value\":{\"written\":true}}",
                        "state:read",
                        // Another tenant's name is simply free for this one: the write creates its own namespace.
                        Map.of(Standing.OWN, Expectation.ok(200), Standing.ANOTHER_TENANTS_NAME, Expectation.ok(201)),
                        (response, tenant, ns, key, own) -> assertThat(own).contains(ns + " " + key + " v"
                                + Http.json(response).path("version").asLong() + " live")),
                new Endpoint("DELETE key", "DELETE", "/v1/namespaces/{ns}/keys/{key}", null, "state:read",
                        Map.of(Standing.OWN, Expectation.ok(204), Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) -> assertThat(own).contains(ns + " " + key + " v2 deleted")),
                new Endpoint("POST counter", "POST", "/v1/namespaces/{ns}/counters/{key}/n", "{\"delta\":2}",
                        "state:read",
                        // A counter of its own: created from 0 (another tenant's name is free, as for PUT).
                        Map.of(Standing.OWN, Expectation.ok(201), Standing.ANOTHER_TENANTS_NAME, Expectation.ok(201)),
                        (response, tenant, ns, key, own) -> {
                            assertThat(Http.json(response).path("value").asLong()).isEqualTo(2);
                            assertThat(own).contains(ns + " " + key + "/n v1 live");
                        }),
                new Endpoint("PUT expiry", "PUT", "/v1/namespaces/{ns}/expiry/{key}", "{\"ttlSeconds\":3600}",
                        "state:read",
                        Map.of(Standing.OWN, Expectation.ok(200), Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) -> {
                            assertThat(Http.json(response).path("value").path("owner").asText()).isEqualTo(tenant);
                            assertThat(own).contains(ns + " " + key + " v2 live");
                        }),
                new Endpoint("PATCH key", "PATCH", "/v1/namespaces/{ns}/keys/{key}", "{\"patched\":true}", "state:read",
                        // A patch needs the key: under another tenant's name there is no namespace to patch in.
                        Map.of(Standing.OWN, Expectation.ok(200), Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) -> {
                            assertThat(Http.json(response).path("value").path("owner").asText()).isEqualTo(tenant);
                            assertThat(own).contains(ns + " " + key + " v2 live");
                        }),
                new Endpoint("GET keys", "GET", "/v1/namespaces/{ns}/keys?prefix=k/&values=true", null, "state:write",
                        // Another tenant's name is no namespace of this tenant's: nothing of theirs is listed.
                        Map.of(Standing.OWN, Expectation.ok(200), Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) -> {
                            JsonNode items = Http.json(response).path("items");
                            assertThat(items).hasSize(1);
                            assertThat(items.get(0).path("key").asText()).isEqualTo(key);
                            assertThat(items.get(0).path("value").path("owner").asText()).isEqualTo(tenant);
                        }),
                new Endpoint("PUT namespace", "PUT", "/v1/namespaces/{ns}", "{\"defaultTtlSeconds\":3600}",
                        "state:read state:write",
                        Map.of(Standing.OWN, Expectation.ok(200), Standing.ANOTHER_TENANTS_NAME, Expectation.ok(201)),
                        (response, tenant, ns, key, own) -> assertThat(
                                Http.json(response).path("settings").path("defaultTtlSeconds").asLong()).isEqualTo(3600)),
                new Endpoint("GET namespace", "GET", "/v1/namespaces/{ns}", null, "state:write",
                        Map.of(Standing.OWN, Expectation.ok(200), Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) ->
                                assertThat(Http.json(response).path("name").asText()).isEqualTo(ns)),
                new Endpoint("DELETE namespace", "DELETE", "/v1/namespaces/{ns}", null, "state:read state:write",
                        // The caller's namespace holds a key: deleting it is refused as not empty.
                        Map.of(Standing.OWN, new Expectation(409, "namespace-not-empty"),
                                Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) -> { }),
                new Endpoint("DELETE namespace ?purge=true", "DELETE", "/v1/namespaces/{ns}?purge=true", null,
                        "state:read state:write",
                        // The caller's namespace starts purging (ADR 0019); nothing of another tenant's moves.
                        Map.of(Standing.OWN, Expectation.ok(202), Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) -> {
                            assertThat(Http.json(response).path("status").asText()).isIn("running", "done");
                            assertThat(response.headers().firstValue("Location"))
                                    .hasValue("/v1/namespaces/" + ns + "/purge");
                            finishPurges();
                        }),
                new Endpoint("GET purge", "GET", "/v1/namespaces/{ns}/purge", null, "state:write",
                        // The caller's namespace is not being purged: the answer is about it, and only it.
                        Map.of(Standing.OWN, new Expectation(404, "purge-not-found"),
                                Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) -> { }),
                new Endpoint("GET namespaces", "GET", "/v1/namespaces?limit=100", null, "state:write",
                        // Listing names no namespace: every token with the scope lists what its grant covers.
                        Map.of(Standing.OWN, Expectation.ok(200), Standing.ANOTHER_TENANTS_NAME, Expectation.ok(200),
                                Standing.NO_GRANT, Expectation.ok(200)),
                        (response, tenant, ns, key, own) -> {
                            List<String> listed = new ArrayList<>();
                            Http.json(response).path("namespaces").forEach(n -> listed.add(n.path("name").asText()));
                            assertThat(listed).as("only the caller's own namespaces are listed")
                                    .isSubsetOf(allNamespacesOf(tenant));
                        }),
                // Schemas (ADR 0052): only in the caller's own namespace of that name; creating needs
                // state:admin, listing and reading state:read.
                new Endpoint("PUT schema", "PUT", "/v1/namespaces/{ns}/schemas/1", "{\"schema\":{\"type\":\"object\"}}",
                        "state:read state:write",
                        Map.of(Standing.OWN, Expectation.ok(201), Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) -> assertThat(Http.json(response).path("version").asLong())
                                .isEqualTo(1)),
                new Endpoint("GET schemas", "GET", "/v1/namespaces/{ns}/schemas", null, "state:write",
                        Map.of(Standing.OWN, Expectation.ok(200), Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) -> assertThat(Http.json(response).path("schemas").size())
                                .isZero()),
                new Endpoint("GET schema", "GET", "/v1/namespaces/{ns}/schemas/1", null, "state:write",
                        Map.of(Standing.OWN, new Expectation(404, "schema-not-found"),
                                Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) -> { }),
                // Subscriptions (ADR 0038): only in the caller's own namespace of that name; creating and
                // deleting need state:admin, listing and describing state:read.
                new Endpoint("POST subscription", "POST", "/v1/namespaces/{ns}/subscriptions", "{\"name\":\"matrix\"}",
                        "state:read state:write",
                        Map.of(Standing.OWN, Expectation.ok(201), Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) -> {
                            assertThat(Http.json(response).path("namespace").asText()).isEqualTo(ns);
                            assertThat(own).contains("subscription " + ns + "#matrix active");
                            HttpResponse<String> deleted = http.delete("/v1/namespaces/" + ns + "/subscriptions/matrix",
                                    bearer(TokenGrant.of(tenant, ALL_SCOPES)));
                            assertThat(deleted.statusCode()).isEqualTo(204);
                        }),
                new Endpoint("GET subscriptions", "GET", "/v1/namespaces/{ns}/subscriptions", null, "state:write",
                        Map.of(Standing.OWN, Expectation.ok(200), Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) -> Http.json(response).path("subscriptions").forEach(s ->
                                assertThat(s.path("namespace").asText()).isEqualTo(ns))),
                new Endpoint("GET subscription", "GET", "/v1/namespaces/{ns}/subscriptions/matrix", null, "state:write",
                        // The caller's namespace has no such subscription; another tenant's name is no namespace of this one's.
                        Map.of(Standing.OWN, new Expectation(404, "subscription-not-found"),
                                Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) -> { }),
                new Endpoint("DELETE subscription", "DELETE", "/v1/namespaces/{ns}/subscriptions/matrix", null,
                        "state:read state:write",
                        Map.of(Standing.OWN, Expectation.ok(204), Standing.ANOTHER_TENANTS_NAME, NO_NAMESPACE),
                        (response, tenant, ns, key, own) -> assertThat(own).noneMatch(line -> line.startsWith("subscription " + ns + "#"))),
                // Transactions (ADR 0028): each operation reaches only the caller's own namespace of
                // that name; a put needs state:write (403 and nothing written without it).
                new Endpoint("POST transaction put", "POST", "/v1/transactions", """
                        {"operations": [{"type": "put", "namespace": "{ns}", "key": "{key}", "value": {"written": true}},
                        {"type": "check", "namespace": "{ns}", "key": "{key}/absent", "ifAbsent": true}]}""",
                        "state:read",
                        Map.of(Standing.OWN, Expectation.ok(200), Standing.ANOTHER_TENANTS_NAME, Expectation.ok(200)),
                        (response, tenant, ns, key, own) -> assertThat(own).contains(ns + " " + key + " v"
                                + Http.json(response).path("operations").path(0).path("version").asLong() + " live")),
                // A check-only transaction needs state:read only; on another tenant's name it sees
                // the caller's own (absent) key, never theirs.
                new Endpoint("POST transaction check", "POST", "/v1/transactions", """
                        {"operations": [{"type": "check", "namespace": "{ns}", "key": "{key}", "ifPresent": true}]}""",
                        "state:write",
                        Map.of(Standing.OWN, Expectation.ok(200),
                                Standing.ANOTHER_TENANTS_NAME, new Expectation(409, "transaction-conflict")),
                        (response, tenant, ns, key, own) -> assertThat(
                                Http.json(response).path("operations").path(0).path("version").asLong()).isEqualTo(1)),
                // The tenant registry (ADR 0018) is for operators: no tenant token reaches it,
                // whatever its scopes (PrincipalsAdminEndToEndTest: the registry stays as it was).
                operatorsOnly("PUT principal", "PUT", PRINCIPAL, "{\"tenant\":\"mx-intruder\",\"scopes\":[\"state:admin\"]}"),
                operatorsOnly("GET principal", "GET", PRINCIPAL, null),
                operatorsOnly("DELETE principal", "DELETE", PRINCIPAL, null),
                operatorsOnly("GET principals", "GET", "/v1/admin/principals?tenant=mx-intruder", null));

        private static Endpoint operatorsOnly(String name, String method, String path, String body) {
            return new Endpoint(name, method, path, body, ALL_SCOPES,
                    Map.of(Standing.OWN, FORBIDDEN, Standing.ANOTHER_TENANTS_NAME, FORBIDDEN),
                    (response, tenant, ns, key, own) -> {
                        throw new AssertionError(name + " must never succeed for a tenant's token");
                    });
        }

        /** The body with the row's namespace and key in place of {@code {ns}} and {@code {key}}. */
        String body(String namespace, String key) {
            return body.replace("{ns}", namespace).replace("{key}", key);
        }

        String path(String namespace, String key) {
            return pathTemplate.replace("{ns}", namespace).replace("{key}", key);
        }

        Expectation expectation(Standing standing) {
            Expectation given = expectations.get(standing);
            if (given != null) {
                return given;
            }
            return switch (standing) {
                case NO_TOKEN -> UNAUTHORIZED;
                case NO_SCOPE, NO_GRANT -> FORBIDDEN;
                case OWN, ANOTHER_TENANTS_NAME -> throw new IllegalStateException(name + " has no " + standing + " row");
            };
        }

        void check(HttpResponse<String> response, String tenant, String namespace, String key, List<String> ownState) {
            successCheck.check(response, tenant, namespace, key, ownState);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
