package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.JsonDocument;
import io.stateapi.http.ApiEvents.Response;
import io.stateapi.http.ApiEvents.Token;
import io.stateapi.local.LocalStack;
import io.stateapi.local.TestStack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Namespaces as a resource (ADR 0016) through the api function's handler, fed API Gateway events
 * with a JWT authorizer's verdict for several tenants. Every response is held against the
 * OpenAPI contract.
 */
class NamespacesApiFunctionEventTest {

    private static final String HOURLY = "{\"defaultTtlSeconds\":3600,\"maxValueBytes\":64,\"eventValues\":false}";

    private static ApiFunction function;
    private static ApiEvents api;

    private final String ns = TestStack.uniqueNamespace("nsr");
    private final Token admin = Token.of(uniqueTenant(), "state:admin");
    private final Token writer = Token.of(admin.tenant(), "state:read state:write");
    private final Token reader = Token.of(admin.tenant(), "state:read");
    private final Token otherAdmin = Token.of(uniqueTenant(), "state:admin");

    @BeforeAll
    static void startFunction() {
        function = ApiFunction.withProperties(LocalStack.functionProperties(TestStack.shared().emulatorEndpoint(),
                TestStack.RESOURCES));
        api = new ApiEvents(function);
    }

    @AfterAll
    static void stopFunction() {
        function.close();
    }

    private static String uniqueTenant() {
        return "tenant-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String path(String namespace) {
        return "/v1/namespaces/" + namespace;
    }

    private static String key(String namespace, String key) {
        return path(namespace) + "/keys/" + key;
    }

    @Test
    void aPutCreatesTheNamespaceWhichIsDescribedChangedAndDeleted() {
        Response created = api.send(admin, "PUT", path(ns), HOURLY);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo(path(ns));
        JsonNode body = created.json();
        assertThat(body.get("name").asText()).isEqualTo(ns);
        assertThat(body.get("settings").get("defaultTtlSeconds").asLong()).isEqualTo(3600);
        assertThat(body.get("settings").get("maxValueBytes").asLong()).isEqualTo(64);
        assertThat(body.get("settings").get("eventValues").asBoolean()).isFalse();
        assertThat(body.get("approximateKeyCount").asLong()).isZero();
        assertThat(body.get("status").asText()).isEqualTo("active");

        Response described = api.send(reader, "GET", path(ns), null);
        assertThat(described.status()).isEqualTo(200);
        assertThat(described.json()).isEqualTo(body);

        Response changed = api.send(admin, "PUT", path(ns), "{\"maxValueBytes\":1000}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("settings").get("defaultTtlSeconds").isNull()).as("omitted: the default").isTrue();
        assertThat(changed.json().get("settings").get("maxValueBytes").asLong()).isEqualTo(1000);
        assertThat(changed.json().get("createdAt")).isEqualTo(body.get("createdAt"));

        assertThat(api.send(admin, "DELETE", path(ns), null).status()).isEqualTo(204);
        Response gone = api.send(reader, "GET", path(ns), null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.problem()).isEqualTo("namespace-not-found");
    }

    @Test
    void aPutWithoutABodyCreatesTheNamespaceWithTheDefaultSettings() {
        Response created = api.send(admin, "PUT", path(ns), null);

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode settings = created.json().get("settings");
        assertThat(settings.get("defaultTtlSeconds").isNull()).isTrue();
        assertThat(settings.get("maxValueBytes").asLong()).isEqualTo(JsonDocument.MAX_UTF8_BYTES);
        assertThat(settings.get("eventValues").asBoolean()).isTrue();
    }

    @Test
    void aListingPagesThroughTheTenantsNamespacesWithASmallLimit() {
        List<String> names = List.of(ns + "-a", ns + "-b", ns + "-c", ns + "-d", ns + "-e");
        for (String name : names) {
            assertThat(api.send(admin, "PUT", path(name), "{}").status()).isEqualTo(201);
        }
        api.send(otherAdmin, "PUT", path(ns + "-aa"), "{}");

        List<List<String>> pages = new ArrayList<>();
        String cursor = null;
        do {
            Response page = api.send(reader, "GET", "/v1/namespaces?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertThat(page.status()).isEqualTo(200);
            List<String> onPage = new ArrayList<>();
            page.json().get("namespaces").forEach(n -> onPage.add(n.get("name").asText()));
            pages.add(onPage);
            cursor = page.json().has("nextCursor") ? page.json().get("nextCursor").asText() : null;
        } while (cursor != null);

        assertThat(pages).containsExactly(names.subList(0, 2), names.subList(2, 4), names.subList(4, 5));
    }

    @Test
    void aListingShowsOnlyTheNamespacesTheTokenIsGranted() {
        for (String name : List.of("audit", "cart-eu", "cart-us", "orders")) {
            api.send(admin, "PUT", path(name), "{}");
        }

        Response page = api.send(reader.grantedOnly("cart-* orders"), "GET", "/v1/namespaces", null);

        List<String> listed = new ArrayList<>();
        page.json().get("namespaces").forEach(n -> listed.add(n.get("name").asText()));
        assertThat(listed).containsExactly("cart-eu", "cart-us", "orders");
        assertThat(page.json().has("nextCursor")).isFalse();
    }

    @Test
    void aMalformedCursorOrLimitIs400() {
        for (String query : List.of("cursor=not-a-cursor", "cursor=%25%25", "limit=0", "limit=101", "limit=abc",
                "limit=2&limit=3", "page=2")) {
            Response response = api.send(reader, "GET", "/v1/namespaces?" + query, null);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.problem()).as(query).isEqualTo("invalid-request");
        }
    }

    @Test
    void badSettingsAre400AndChangeNothing() {
        api.send(admin, "PUT", path(ns), HOURLY);
        String fresh = ns + "-new";
        for (String body : List.of("{\"defaultTTLSeconds\":60}", "{\"defaultTtlSeconds\":\"60\"}", "{\"defaultTtlSeconds\":0}",
                "{\"defaultTtlSeconds\":1.5}", "{\"maxValueBytes\":358401}", "{\"maxValueBytes\":null}",
                "{\"eventValues\":\"yes\"}", "[]", "{\"maxValueBytes\":1e400}")) {
            for (String target : List.of(path(ns), path(fresh))) {
                Response response = api.send(admin, "PUT", target, body);
                assertThat(response.status()).as(body).isEqualTo(400);
                assertThat(response.problem()).as(body).isEqualTo("invalid-request");
            }
        }
        Response malformed = api.send(admin, "PUT", path(ns), "{\"maxValueBytes\":");
        assertThat(malformed.problem()).isEqualTo("invalid-json");

        assertThat(api.send(reader, "GET", path(ns), null).json().get("settings").get("maxValueBytes").asLong()).isEqualTo(64);
        assertThat(api.send(reader, "GET", path(fresh), null).status()).isEqualTo(404);
    }

    @Test
    void deletingANamespaceThatHoldsAKeyIs409AndKeepsItUntilTheKeyIsDeleted() {
        api.send(writer, "PUT", key(ns, "k"), "{\"value\":1}");

        Response refused = api.send(admin, "DELETE", path(ns), null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.problem()).isEqualTo("namespace-not-empty");
        assertThat(api.send(reader, "GET", key(ns, "k"), null).status()).isEqualTo(200);

        assertThat(api.send(writer, "DELETE", key(ns, "k"), null).status()).isEqualTo(204);
        assertThat(api.send(admin, "DELETE", path(ns), null).status()).isEqualTo(204);
    }

    @Test
    void deletingWithPurgeStartsThePurgeAndAnythingButTrueOrFalseIsRefused() {
        api.send(admin, "PUT", path(ns), "{}");

        Response refused = api.send(admin, "DELETE", path(ns) + "?purge=yes", null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.problem()).isEqualTo("invalid-request");
        assertThat(api.send(reader, "GET", path(ns), null).status()).isEqualTo(200);

        Response started = api.send(admin, "DELETE", path(ns) + "?purge=true", null);
        assertThat(started.status()).isEqualTo(202);
        assertThat(api.send(reader, "GET", path(ns) + "/purge", null).status()).isEqualTo(200);
    }

    @Test
    void theFirstWriteOfAKeyCreatesTheNamespaceWithTheDefaultSettings() {
        Token writeOnly = Token.of(admin.tenant(), "state:write");

        assertThat(api.send(writeOnly, "PUT", key(ns, "first"), "{\"value\":{\"n\":1}}").status()).isEqualTo(201);

        Response described = api.send(reader, "GET", path(ns), null);
        assertThat(described.status()).isEqualTo(200);
        assertThat(described.json().get("settings").get("maxValueBytes").asLong()).isEqualTo(JsonDocument.MAX_UTF8_BYTES);
        assertThat(described.json().get("settings").get("defaultTtlSeconds").isNull()).isTrue();
    }

    @Test
    void aWriteWithoutTtlGetsTheNamespacesDefaultTtlAndOneWithATtlKeepsItsOwn() {
        api.send(admin, "PUT", path(ns), HOURLY);
        Instant before = Instant.now();

        Response defaulted = api.send(writer, "PUT", key(ns, "a"), "{\"value\":1}");
        Response own = api.send(writer, "PUT", key(ns, "b"), "{\"value\":1,\"ttlSeconds\":60}");

        Instant expiresAt = Instant.parse(defaulted.json().get("expiresAt").asText());
        assertThat(expiresAt).isBetween(before.plusSeconds(3599), Instant.now().plusSeconds(3601));
        assertThat(Instant.parse(own.json().get("expiresAt").asText())).isBefore(before.plusSeconds(120));
    }

    @Test
    void aValueLargerThanTheNamespaceTakesIs413WithTheLimitAndIsNotWritten() {
        api.send(admin, "PUT", path(ns), HOURLY);

        Response refused = api.send(writer, "PUT", key(ns, "big"), "{\"value\":\"" + "x".repeat(63) + "\"}");

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.problem()).isEqualTo("payload-too-large");
        assertThat(refused.json().get("limitBytes").asLong()).isEqualTo(64);
        assertThat(api.send(reader, "GET", key(ns, "big"), null).status()).isEqualTo(404);
        assertThat(api.send(writer, "PUT", key(ns, "big"), "{\"value\":\"" + "x".repeat(62) + "\"}").status())
                .as("64 bytes with the quotes: at the limit").isEqualTo(201);
    }

    @Test
    void theSameNameUnderAnotherTenantIsNotFoundAndUntouched() {
        api.send(otherAdmin, "PUT", path(ns), HOURLY);
        api.send(Token.of(otherAdmin.tenant(), "state:write"), "PUT", key(ns, "k"), "{\"value\":1}");

        for (Response response : List.of(api.send(reader, "GET", path(ns), null),
                api.send(admin, "DELETE", path(ns), null),
                api.send(reader, "GET", key(ns, "k"), null),
                api.send(writer, "DELETE", key(ns, "k"), null))) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.problem()).isEqualTo("namespace-not-found");
        }
        Response theirs = api.send(Token.of(otherAdmin.tenant(), "state:read"), "GET", path(ns), null);
        assertThat(theirs.json().get("settings").get("maxValueBytes").asLong()).isEqualTo(64);
        assertThat(api.send(Token.of(otherAdmin.tenant(), "state:read"), "GET", key(ns, "k"), null).status()).isEqualTo(200);
    }

    @Test
    void anAbsentKeyInANamespaceTheTenantHasIsStillNotFound() {
        api.send(admin, "PUT", path(ns), "{}");

        Response response = api.send(reader, "GET", key(ns, "absent"), null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.problem()).isEqualTo("not-found");
    }

    @Test
    void changingOrDeletingANamespaceWithoutTheAdminScopeIs403AndChangesNothing() {
        api.send(admin, "PUT", path(ns), HOURLY);

        for (Response response : List.of(api.send(writer, "PUT", path(ns), "{}"),
                api.send(writer, "DELETE", path(ns), null),
                api.send(writer, "PUT", path(ns + "-new"), "{}"))) {
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.problem()).isEqualTo("forbidden");
        }
        Response listing = api.send(Token.of(admin.tenant(), "state:write"), "GET", "/v1/namespaces", null);
        assertThat(listing.status()).as("listing needs state:read").isEqualTo(403);

        assertThat(api.send(reader, "GET", path(ns), null).json().get("settings").get("maxValueBytes").asLong()).isEqualTo(64);
        assertThat(api.send(reader, "GET", path(ns + "-new"), null).status()).isEqualTo(404);
    }

    @Test
    void aNamespaceOutsideTheTokensGrantIs403ForEveryOperation() {
        api.send(admin, "PUT", path(ns), HOURLY);
        Token narrowedAdmin = admin.grantedOnly("cart-*");

        for (Response response : List.of(api.send(narrowedAdmin, "GET", path(ns), null),
                api.send(narrowedAdmin, "PUT", path(ns), "{}"),
                api.send(narrowedAdmin, "DELETE", path(ns), null),
                api.send(narrowedAdmin, "PUT", key(ns, "k"), "{\"value\":1}"))) {
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.problem()).isEqualTo("forbidden");
        }
        assertThat(api.send(reader, "GET", path(ns), null).json().get("settings").get("maxValueBytes").asLong()).isEqualTo(64);
        assertThat(api.send(reader, "GET", key(ns, "k"), null).problem()).isEqualTo("not-found");
    }
}
