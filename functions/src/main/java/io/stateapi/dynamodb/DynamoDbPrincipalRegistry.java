package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.tenancy.NamespaceGrants;
import io.stateapi.domain.tenancy.PrincipalRegistryAdmin;
import io.stateapi.domain.tenancy.Registered;
import io.stateapi.domain.tenancy.Registration;
import io.stateapi.domain.tenancy.RegistryCursor;
import io.stateapi.domain.tenancy.RegistryPage;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.resources.StateApiResources;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The principal registry in the catalog table (ADR 0013, 0018): the api function's lookups, and
 * the operators' changes through the admin routes and the CLI.
 *
 * <pre>
 * pk          S     "principal"
 * sk          S     normalised principal ARN (an assumed role's session stands for its role)
 * tenant      S     the tenant id; absent for a principal that only operates the registry
 * scopes      L     of S: state:read, state:write, state:admin, state:operator
 * namespaces  L     of S: names and prefixes ending in '*'; absent: every namespace of the tenant
 * </pre>
 *
 * <p>Every registration is one item in one partition, so listing is a strongly consistent
 * Query in principal order. Listing one tenant's principals filters that Query on
 * {@code tenant}: DynamoDB reads (and bills) every registration it passes over, which is
 * acceptable for an operator's occasional listing of a registry of thousands, and keeps each
 * registration a single item that one write changes (no index item to keep in step, no GSI).
 */
public final class DynamoDbPrincipalRegistry implements PrincipalRegistryAdmin {

    static final String PARTITION = "principal";
    private static final String PK = StateApiResources.CatalogTable.PARTITION_KEY;
    private static final String SK = StateApiResources.CatalogTable.SORT_KEY;
    private static final String TENANT = "tenant";
    private static final String SCOPES = "scopes";
    private static final String NAMESPACES = "namespaces";
    /** Registrations one filtered Query evaluates: about 200 KB of items, 50 strongly consistent read units. */
    static final int FILTERED_EVALUATION_LIMIT = 1000;
    /** Queries one listing request makes at most; past them it answers a short page with a cursor. */
    static final int MAX_QUERIES_PER_PAGE = 10;

    private final DynamoDbClient client;
    private final String catalogTable;
    private final int filteredEvaluationLimit;
    private final int maxQueriesPerPage;

    public DynamoDbPrincipalRegistry(DynamoDbClient client, String catalogTable) {
        this(client, catalogTable, FILTERED_EVALUATION_LIMIT, MAX_QUERIES_PER_PAGE);
    }

    /** With smaller listing budgets, so tests reach them with a handful of registrations. */
    DynamoDbPrincipalRegistry(DynamoDbClient client, String catalogTable, int filteredEvaluationLimit, int maxQueriesPerPage) {
        this.client = Objects.requireNonNull(client, "client");
        this.catalogTable = Objects.requireNonNull(catalogTable, "catalogTable");
        this.filteredEvaluationLimit = filteredEvaluationLimit;
        this.maxQueriesPerPage = maxQueriesPerPage;
    }

    /** Strongly consistent: a registration changed by an operator applies to the principal's next request. */
    @Override
    public Optional<Registration> find(String principal) {
        Map<String, AttributeValue> item = call(() -> client.getItem(b -> b.tableName(catalogTable)
                .key(key(principal)).consistentRead(true)).item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(registration(item));
    }

    /** Registers {@code registration}, replacing the principal's earlier one (one unconditional PutItem). */
    @Override
    public Registered register(Registration registration) {
        Map<String, AttributeValue> item = new HashMap<>(key(registration.principal()));
        registration.tenant().ifPresent(tenant -> item.put(TENANT, AttributeValue.fromS(tenant.value())));
        item.put(SCOPES, AttributeValue.fromL(registration.scopes().stream().sorted()
                .map(s -> AttributeValue.fromS(s.claim())).toList()));
        if (!registration.grants().coversAll()) {
            item.put(NAMESPACES, AttributeValue.fromL(registration.grants().patterns().stream()
                    .map(AttributeValue::fromS).toList()));
        }
        Map<String, AttributeValue> before = call(() -> client.putItem(b -> b.tableName(catalogTable).item(item)
                .returnValues(ReturnValue.ALL_OLD)).attributes());
        return before == null || before.isEmpty() ? Registered.CREATED : Registered.REPLACED;
    }

    @Override
    public boolean remove(String principal) {
        Map<String, AttributeValue> before = call(() -> client.deleteItem(b -> b.tableName(catalogTable)
                .key(key(principal)).returnValues(ReturnValue.ALL_OLD)).attributes());
        return before != null && !before.isEmpty();
    }

    /**
     * Reads one registration past the page to know whether another page follows, so the last
     * page carries no cursor. A filtered listing stops after {@link #MAX_QUERIES_PER_PAGE}
     * Queries and then answers what it found with a cursor where it stopped: a page may hold
     * fewer than {@code limit} registrations, even none, while more follow.
     */
    @Override
    public RegistryPage list(Optional<TenantId> tenant, int limit, Optional<RegistryCursor> cursor) {
        List<Registration> page = new ArrayList<>();
        Map<String, AttributeValue> start = cursor.map(c -> key(c.after())).orElse(null);
        for (int queries = 0; queries < maxQueriesPerPage; queries++) {
            QueryResponse response = query(tenant, start, tenant.isEmpty() ? limit + 1 - page.size() : filteredEvaluationLimit);
            for (Map<String, AttributeValue> item : response.items()) {
                if (page.size() == limit) {
                    return new RegistryPage(page, Optional.of(new RegistryCursor(page.getLast().principal())));
                }
                page.add(registration(item));
            }
            if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                return new RegistryPage(page, Optional.empty());
            }
            start = response.lastEvaluatedKey();
        }
        return new RegistryPage(page, Optional.of(new RegistryCursor(start.get(SK).s())));
    }

    private QueryResponse query(Optional<TenantId> tenant, Map<String, AttributeValue> start, int evaluate) {
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(catalogTable)
                .keyConditionExpression("#pk = :pk")
                .consistentRead(true)
                .limit(evaluate)
                .exclusiveStartKey(start);
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", AttributeValue.fromS(PARTITION)));
        tenant.ifPresent(t -> {
            request.filterExpression("#tenant = :tenant");
            names.put("#tenant", TENANT);
            values.put(":tenant", AttributeValue.fromS(t.value()));
        });
        QueryRequest built = request.expressionAttributeNames(names).expressionAttributeValues(values).build();
        return call(() -> client.query(built));
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
        Optional<TenantId> tenant = item.containsKey(TENANT) ? Optional.of(TenantId.of(item.get(TENANT).s())) : Optional.empty();
        return new Registration(item.get(SK).s(), tenant, scopes, grants);
    }
}
