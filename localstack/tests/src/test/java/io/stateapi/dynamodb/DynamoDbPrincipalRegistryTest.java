package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.tenancy.PrincipalArn;
import io.stateapi.domain.tenancy.Registered;
import io.stateapi.domain.tenancy.Registration;
import io.stateapi.domain.tenancy.RegistryCursor;
import io.stateapi.domain.tenancy.RegistryPage;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.local.ResourceBootstrap;
import io.stateapi.local.TestStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The principal registry in a catalog table on the emulator. Each test has a catalog table of its
 * own, so listings see only its registrations.
 */
class DynamoDbPrincipalRegistryTest {

    private DynamoDbClient client;
    private String table;
    private DynamoDbPrincipalRegistry registry;

    @BeforeEach
    void freshCatalog() {
        client = DynamoDbClients.create(TestStack.emulator().endpoint(), List.of());
        table = "catalog-" + UUID.randomUUID();
        ResourceBootstrap.createCatalogTable(client, table);
        registry = new DynamoDbPrincipalRegistry(client, table);
    }

    @AfterEach
    void dropCatalog() {
        client.deleteTable(b -> b.tableName(table));
        client.close();
    }

    private static Registration registration(String arn, String tenant, List<String> scopes, List<String> namespaces) {
        return Registration.requested(PrincipalArn.parse(arn), Optional.ofNullable(tenant), scopes,
                Optional.ofNullable(namespaces));
    }

    private static String role(int i) {
        return String.format("arn:aws:iam::123456789012:role/service-%03d", i);
    }

    @Test
    void aRegistrationReadsBackAsItWasRegistered() {
        Registration orders = registration("arn:aws:iam::123456789012:role/orders", "acme",
                List.of("state:read", "state:write"), List.of("orders", "cart-*"));

        assertThat(registry.register(orders)).isEqualTo(Registered.CREATED);

        assertThat(registry.find("arn:aws:iam::123456789012:role/orders")).contains(orders);
    }

    @Test
    void aSecondRegistrationReplacesTheFirstWhole() {
        registry.register(registration(role(1), "acme", List.of("state:read"), List.of("orders")));
        Registration replacement = registration(role(1), "globex", List.of("state:admin"), null);

        assertThat(registry.register(replacement)).isEqualTo(Registered.REPLACED);

        assertThat(registry.find(role(1))).contains(replacement);
        assertThat(item(role(1))).doesNotContainKey("namespaces");
    }

    @Test
    void theItemLayoutIsTheOneTheApiFunctionReads() {
        registry.register(registration(role(2), "acme", List.of("state:write", "state:read"), List.of("orders")));

        assertThat(item(role(2))).containsEntry("pk", AttributeValue.fromS("principal"))
                .containsEntry("sk", AttributeValue.fromS(role(2)))
                .containsEntry("tenant", AttributeValue.fromS("acme"))
                .containsEntry("scopes", AttributeValue.fromL(List.of(AttributeValue.fromS("state:read"),
                        AttributeValue.fromS("state:write"))))
                .containsEntry("namespaces", AttributeValue.fromL(List.of(AttributeValue.fromS("orders"))));
    }

    @Test
    void anOperatorIsStoredWithoutATenant() {
        Registration operator = registration(role(3), null, List.of("state:operator"), null);

        registry.register(operator);

        assertThat(item(role(3))).doesNotContainKey("tenant");
        assertThat(registry.find(role(3))).contains(operator);
        assertThat(registry.find(role(3)).orElseThrow().caller().has(Scope.OPERATOR)).isTrue();
    }

    @Test
    void removingTellsWhetherThereWasARegistration() {
        registry.register(registration(role(4), "acme", List.of("state:read"), null));

        assertThat(registry.remove(role(4))).isTrue();
        assertThat(registry.find(role(4))).isEmpty();
        assertThat(registry.remove(role(4))).isFalse();
    }

    @Test
    void listingPagesThroughEveryRegistrationInPrincipalOrderWithNoCursorOnTheLastPage() {
        for (int i = 5; i >= 1; i--) {
            registry.register(registration(role(i), i % 2 == 0 ? "acme" : "globex", List.of("state:read"), null));
        }

        RegistryPage first = registry.list(Optional.empty(), 2, Optional.empty());
        RegistryPage second = registry.list(Optional.empty(), 2, first.next());
        RegistryPage last = registry.list(Optional.empty(), 2, second.next());

        assertThat(principals(first)).containsExactly(role(1), role(2));
        assertThat(principals(second)).containsExactly(role(3), role(4));
        assertThat(principals(last)).containsExactly(role(5));
        assertThat(last.next()).isEmpty();
        assertThat(registry.list(Optional.empty(), 5, Optional.empty()).next())
                .as("a page that ends exactly at the last registration").isEmpty();
    }

    @Test
    void listingOneTenantSkipsTheOthersAcrossPages() {
        for (int i = 1; i <= 9; i++) {
            registry.register(registration(role(i), i % 3 == 0 ? "acme" : "globex", List.of("state:read"), null));
        }
        registry.register(registration(role(10), null, List.of("state:operator"), null));

        List<String> listed = new ArrayList<>();
        Optional<RegistryCursor> cursor = Optional.empty();
        int pages = 0;
        do {
            RegistryPage page = registry.list(Optional.of(TenantId.of("acme")), 2, cursor);
            page.registrations().forEach(r -> assertThat(r.tenant()).contains(TenantId.of("acme")));
            listed.addAll(principals(page));
            cursor = page.next();
            pages++;
        } while (cursor.isPresent());

        assertThat(listed).containsExactly(role(3), role(6), role(9));
        assertThat(pages).isEqualTo(2);
    }

    /** Each request's reading is bounded; a tenant whose principals are sparse gets short pages, never a lost one. */
    @Test
    void aFilteredListingThatSpendsItsBudgetAnswersAShortPageAndGoesOnFromWhereItStopped() {
        DynamoDbPrincipalRegistry frugal = new DynamoDbPrincipalRegistry(client, table, 2, 2);
        for (int i = 1; i <= 9; i++) {
            frugal.register(registration(role(i), i == 9 ? "acme" : "globex", List.of("state:read"), null));
        }

        RegistryPage first = frugal.list(Optional.of(TenantId.of("acme")), 10, Optional.empty());
        assertThat(first.registrations()).isEmpty();
        assertThat(first.next()).contains(new RegistryCursor(role(4)));

        List<String> listed = new ArrayList<>();
        Optional<RegistryCursor> cursor = first.next();
        while (cursor.isPresent()) {
            RegistryPage page = frugal.list(Optional.of(TenantId.of("acme")), 10, cursor);
            listed.addAll(principals(page));
            cursor = page.next();
        }
        assertThat(listed).containsExactly(role(9));
    }

    @Test
    void listingAnEmptyRegistryIsOneEmptyPage() {
        RegistryPage page = registry.list(Optional.of(TenantId.of("acme")), 10, Optional.empty());

        assertThat(page.registrations()).isEmpty();
        assertThat(page.next()).isEmpty();
    }

    /** A listing never reaches past the registry's partition into namespaces or quotas of the same table. */
    @Test
    void listingSeesOnlyRegistrations() {
        client.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("ns#acme"),
                "sk", AttributeValue.fromS("orders"))));
        registry.register(registration(role(1), "acme", List.of("state:read"), null));

        assertThat(principals(registry.list(Optional.of(TenantId.of("acme")), 10, Optional.empty())))
                .containsExactly(role(1));
    }

    private Map<String, AttributeValue> item(String principal) {
        return client.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("principal"),
                "sk", AttributeValue.fromS(principal))).consistentRead(true)).item();
    }

    private static List<String> principals(RegistryPage page) {
        return page.registrations().stream().map(Registration::principal).toList();
    }
}
