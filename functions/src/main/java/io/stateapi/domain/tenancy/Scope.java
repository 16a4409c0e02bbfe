package io.stateapi.domain.tenancy;

import java.util.Arrays;
import java.util.Optional;

/** What a credential allows, named as OAuth 2 scopes. */
public enum Scope {
    /** Read keys, list and describe namespaces. */
    READ("state:read"),
    /** Write and delete keys; the first write into a new namespace creates it. */
    WRITE("state:write"),
    /** Create, change, delete and purge namespaces; implies {@link #READ} and {@link #WRITE}. */
    ADMIN("state:admin"),
    /** Manage the tenant registry; grants nothing on any tenant's data. */
    OPERATOR("state:operator");

    private final String claim;

    Scope(String claim) {
        this.claim = claim;
    }

    /** The scope as a token or a registration names it, e.g. {@code state:read}. */
    public String claim() {
        return claim;
    }

    public static Optional<Scope> fromClaim(String claim) {
        return Arrays.stream(values()).filter(s -> s.claim.equals(claim)).findFirst();
    }
}
