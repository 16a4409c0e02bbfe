package io.stateapi.domain.tenancy;

import io.stateapi.domain.exceptions.ForbiddenException;
import io.stateapi.resources.Tenancy;
import java.util.regex.Pattern;

/**
 * Who owns a set of namespaces. It comes from the caller's credential (a JWT claim, or an IAM
 * principal's registration), never from a request path. At most 36 characters (a UUID fits) of
 * letters, digits, {@code -} and {@code _}, so that it fits in SQS queue names and cannot
 * contain the {@code #} that separates it from the namespace in stored keys.
 */
public record TenantId(String value) {

    /** The CDK app checks a deployment's default tenant against the same pattern. */
    public static final Pattern PATTERN = Tenancy.TENANT_ID;

    public TenantId {
        if (value == null || !PATTERN.matcher(value).matches()) {
            // A credential naming no usable tenant is valid but grants nothing.
            throw new ForbiddenException("the credential's tenant must match " + PATTERN.pattern());
        }
    }

    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
