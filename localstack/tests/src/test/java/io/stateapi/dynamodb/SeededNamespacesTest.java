package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.http.Http;
import io.stateapi.local.TestStack;
import io.stateapi.local.auth.TokenGrant;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link SeededNamespaces} writes what a first {@code PUT} through the API leaves in a namespace
 * that did not exist: the same catalog item and the same state item, attribute for attribute,
 * but for what every write has of its own (its times, its write token, its trace) and the key
 * count the fan-out adds later.
 */
class SeededNamespacesTest {

    private static final Set<String> PER_WRITE = Set.of(NamespaceItem.CREATED_AT, NamespaceItem.UPDATED_AT,
            StateItem.WRITE_TOKEN, StateItem.TRACE_HEADER, NamespaceItem.APPROXIMATE_KEY_COUNT);

    @Test
    void seededItemsAreTheItemsAFirstPutThroughTheApiLeaves() {
        String tenant = "seed-" + UUID.randomUUID().toString().substring(0, 6);
        JsonDocument value = new JsonDocument("{\"owner\":\"" + tenant + "\"}");
        Http http = new Http(TestStack.shared().api());
        HttpResponse<String> put = http.put(Http.keyPath("put", "k/own"), "{\"value\":" + value.json() + "}",
                "Authorization", "Bearer " + TestStack.issuer().token(TokenGrant.of(tenant, "state:read state:write")));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        SeededNamespaces.FirstWrite seeded = new SeededNamespaces.FirstWrite(TenantNamespace.of(tenant, "seeded"),
                Key.of("k/own"), value);
        SeededNamespaces.write(TestStack.shared().dynamoDb(), TestStack.RESOURCES, java.util.List.of(seeded), Instant.now());

        assertSameBut(catalogItem(tenant, "seeded"), catalogItem(tenant, "put"));
        assertSameBut(stateItem(seeded.namespace(), seeded.key()), stateItem(TenantNamespace.of(tenant, "put"), seeded.key()));
    }

    private static void assertSameBut(Map<String, AttributeValue> seeded, Map<String, AttributeValue> put) {
        assertThat(without(seeded.keySet())).isEqualTo(without(put.keySet()));
        for (String attribute : without(put.keySet())) {
            if (!attribute.equals(NamespaceItem.SK) && !attribute.equals(NamespaceItem.PK)) {
                assertThat(seeded.get(attribute)).as(attribute).isEqualTo(put.get(attribute));
            }
        }
        assertThat(seeded).containsKeys(NamespaceItem.CREATED_AT, NamespaceItem.UPDATED_AT);
    }

    private static Set<String> without(Set<String> attributes) {
        return attributes.stream().filter(a -> !PER_WRITE.contains(a)).collect(java.util.stream.Collectors.toSet());
    }

    private static Map<String, AttributeValue> catalogItem(String tenant, String name) {
        return dynamoDb().getItem(b -> b.tableName(TestStack.RESOURCES.catalogTableName()).consistentRead(true)
                .key(NamespaceItem.key(TenantNamespace.of(tenant, name)))).item();
    }

    private static Map<String, AttributeValue> stateItem(TenantNamespace namespace, Key key) {
        return dynamoDb().getItem(b -> b.tableName(TestStack.RESOURCES.tableName()).consistentRead(true)
                .key(StateItem.key(namespace, key))).item();
    }

    private static DynamoDbClient dynamoDb() {
        return TestStack.shared().dynamoDb();
    }
}
