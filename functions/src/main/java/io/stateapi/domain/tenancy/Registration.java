package io.stateapi.domain.tenancy;

import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the registry says of one IAM principal: its tenant, its scopes, its namespaces. A principal
 * that only operates the registry ({@link Scope#OPERATOR} alone) needs no tenant (ADR 0018).
 */
public record Registration(String principal, Optional<TenantId> tenant, Set<Scope> scopes, NamespaceGrants grants) {

    /** Most namespace grants one registration holds: far more than a principal needs, far below DynamoDB's item size. */
    public static final int MAX_NAMESPACE_GRANTS = 100;
    /** A namespace name, or the start of one followed by {@code *}. */
    private static final Pattern GRANT = Pattern.compile("^(?:" + Namespace.PATTERN.pattern().replace("^", "").replace("$", "")
            + "|[a-z0-9][a-z0-9._-]{0,62}\\*)$");

    public Registration {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(tenant, "tenant");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(grants, "grants");
        if (tenant.isEmpty() && (!Set.of(Scope.OPERATOR).containsAll(scopes) || !grants.coversAll())) {
            throw new IllegalArgumentException("a registration without a tenant grants state:operator only: " + principal);
        }
    }

    public Registration(String principal, TenantId tenant, Set<Scope> scopes, NamespaceGrants grants) {
        this(principal, Optional.of(tenant), scopes, grants);
    }

    /**
     * A registration as an operator asks for it, checked strictly: a malformed tenant, an unknown
     * scope or a malformed namespace grant is refused rather than stored to grant nothing.
     *
     * @param tenant     empty only for a principal whose scopes are {@code state:operator} alone
     * @param namespaces names and prefixes ending in {@code *}; empty: every namespace of the tenant
     * @throws InvalidRequestException when any part breaks its rule
     */
    public static Registration requested(PrincipalArn principal, Optional<String> tenant, Collection<String> scopes,
                                         Optional<? extends Collection<String>> namespaces) {
        Set<Scope> granted = scopes(scopes);
        Optional<TenantId> owner = tenant.map(Registration::requestedTenant);
        if (owner.isEmpty() && !Set.of(Scope.OPERATOR).containsAll(granted)) {
            throw new InvalidRequestException("a registration with scopes other than state:operator names its tenant");
        }
        if (owner.isEmpty() && namespaces.isPresent()) {
            throw new InvalidRequestException("namespaces narrow a tenant's grant: a registration with namespaces names its tenant");
        }
        NamespaceGrants grants = namespaces.map(Registration::grants).orElse(NamespaceGrants.all());
        return new Registration(principal.value(), owner, granted, grants);
    }

    public Caller caller() {
        return new Caller(tenant, scopes, grants);
    }

    /**
     * A tenant id an operator names (in a registration, or to list a tenant's): a malformed one is
     * a request error here, where in a credential it is a credential that grants nothing.
     *
     * @throws InvalidRequestException when {@code tenant} does not match {@link TenantId#PATTERN}
     */
    public static TenantId requestedTenant(String tenant) {
        if (!TenantId.PATTERN.matcher(tenant).matches()) {
            throw new InvalidRequestException("tenant must match " + TenantId.PATTERN.pattern() + "; got '" + shown(tenant) + "'");
        }
        return TenantId.of(tenant);
    }

    private static Set<Scope> scopes(Collection<String> claims) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String claim : claims) {
            scopes.add(Scope.fromClaim(claim).orElseThrow(() -> new InvalidRequestException("unknown scope '" + shown(claim)
                    + "'; scopes are " + EnumSet.allOf(Scope.class).stream().map(Scope::claim).collect(Collectors.joining(", ")))));
        }
        return scopes;
    }

    private static NamespaceGrants grants(Collection<String> patterns) {
        if (patterns.size() > MAX_NAMESPACE_GRANTS) {
            throw new InvalidRequestException("at most " + MAX_NAMESPACE_GRANTS + " namespace grants; got " + patterns.size());
        }
        List<String> grants = new ArrayList<>();
        for (String pattern : new LinkedHashSet<>(patterns)) {
            if (!GRANT.matcher(pattern).matches()) {
                throw new InvalidRequestException("namespace grant '" + shown(pattern) + "' is neither a namespace name ("
                        + Namespace.PATTERN.pattern() + ") nor the start of one followed by '*' (cart-*); "
                        + "leave namespaces out to grant every namespace");
            }
            grants.add(pattern);
        }
        return NamespaceGrants.only(grants);
    }

    private static String shown(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
