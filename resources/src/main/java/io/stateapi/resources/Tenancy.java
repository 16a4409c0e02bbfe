package io.stateapi.resources;

import java.util.regex.Pattern;

/**
 * How credentials name tenants (ADR 0013), as the api function applies it and the CDK app checks
 * a deployment's settings against it before anything is deployed.
 */
public final class Tenancy {

    /**
     * A tenant id: at most 36 characters (a UUID fits) of letters, digits, {@code -} and {@code _},
     * so that it fits in SQS queue names and cannot contain the {@code #} that separates it from
     * the namespace in stored keys.
     */
    public static final Pattern TENANT_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]{0,35}$");
    /** The JWT claim holding the tenant id, unless the deployment names another. */
    public static final String DEFAULT_TENANT_CLAIM = "tenant";
    /** The JWT claim narrowing a token to namespaces, unless the deployment names another. */
    public static final String DEFAULT_NAMESPACES_CLAIM = "namespaces";

    private Tenancy() {
    }
}
