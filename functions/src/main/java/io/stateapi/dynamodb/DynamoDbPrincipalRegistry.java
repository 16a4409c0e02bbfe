package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.tenancy.NamespaceGrants;
import io.stateapi.domain.tenancy.PrincipalRegistry;
import io.stateapi.domain.tenancy.Registration;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.resources.StateApiResources;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The principal registry in the catalog table (ADR 0013).
 *
 * <pre>
 * pk          S     "principal"
 * sk          S     normalised principal ARN (an assumed role's session stands for its role)
 * tenant      S     the tenant id
 * scopes      L     of S: state:read, state:write, state:admin, state:operator
 * namespaces  L     of S: names and prefixes ending in '*'; absent: every namespace of the tenant
 * </pre>
 */
public final class DynamoDbPrincipalRegistry implements PrincipalRegistry {

    static final String PARTITION = "principal";
    private static final String PK = StateApiResources.CatalogTable.PARTITION_KEY;
    private static final String SK = StateApiResources.CatalogTable.SORT_KEY;
    private static final String TENANT = "tenant";
    private static final String SCOPES = "scopes";
    private static final String NAMESPACES = "namespaces";

    private final DynamoDbClient client;
    private final String catalogTable;

    public DynamoDbPrincipalRegistry(DynamoDbClient client, String catalogTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.catalogTable = Objects.requireNonNull(catalogTable, "catalogTable");
    }

    @Override
    public Optional<Registration> find(String principal) {
        Map<String, AttributeValue> item = call(() -> client.getItem(b -> b.tableName(catalogTable)
                .key(key(principal)).consistentRead(true)).item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(registration(item));
    }

    /** Registers {@code registration}, replacing the principal's earlier one. */
    public void register(Registration registration) {
        Map<String, AttributeValue> item = new HashMap<>(key(registration.principal()));
        item.put(TENANT, AttributeValue.fromS(registration.tenant().value()));
        item.put(SCOPES, AttributeValue.fromL(registration.scopes().stream().sorted()
                .map(s -> AttributeValue.fromS(s.claim())).toList()));
        if (!registration.grants().coversAll()) {
            item.put(NAMESPACES, AttributeValue.fromL(registration.grants().patterns().stream()
                    .map(AttributeValue::fromS).toList()));
        }
        call(() -> client.putItem(b -> b.tableName(catalogTable).item(item)));
    }

    private static Map<String, AttributeValue> key(String principal) {
        return Map.of(PK, AttributeValue.fromS(PARTITION), SK, AttributeValue.fromS(principal));
    }

    private static Registration registration(Map<String, AttributeValue> item) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        item.getOrDefault(SCOPES, AttributeValue.fromL(List.of())).l()
                .forEach(s -> Scope.fromClaim(s.s()).ifPresent(scopes::add));
        NamespaceGrants grants = item.containsKey(NAMESPACES)
                ? NamespaceGrants.only(item.get(NAMESPACES).l().stream().map(AttributeValue::s).toList())
                : NamespaceGrants.all();
        return new Registration(item.get(SK).s(), TenantId.of(item.get(TENANT).s()), scopes, grants);
    }
}
