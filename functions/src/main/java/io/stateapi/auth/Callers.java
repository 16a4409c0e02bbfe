package io.stateapi.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.stateapi.domain.exceptions.ForbiddenException;
import io.stateapi.domain.exceptions.UnauthenticatedException;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.NamespaceGrants;
import io.stateapi.domain.tenancy.PrincipalArn;
import io.stateapi.domain.tenancy.PrincipalRegistry;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Establishes who is calling from what API Gateway's authorizer verified (ADR 0013): the claims of
 * a JWT, or an IAM principal looked up in the registry. The request itself (its path, its
 * headers) never names the tenant.
 */
public final class Callers {

    private final AuthSettings settings;
    private final PrincipalRegistry registry;

    public Callers(AuthSettings settings, PrincipalRegistry registry) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * @throws UnauthenticatedException when the authorizer vouched for nobody (the route has no authorizer)
     * @throws ForbiddenException       when the credential names no usable tenant or principal
     */
    public Caller of(APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer) {
        if (authorizer != null && authorizer.getJwt() != null && authorizer.getJwt().getClaims() != null) {
            return fromJwt(authorizer.getJwt());
        }
        if (authorizer != null && authorizer.getIam() != null && authorizer.getIam().getUserArn() != null) {
            return fromPrincipal(principal(authorizer.getIam().getUserArn()));
        }
        throw new UnauthenticatedException("the request carries no verified credential");
    }

    private Caller fromJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt) {
        Map<String, String> claims = jwt.getClaims();
        String tenant = claims.get(settings.tenantClaim());
        Set<Scope> scopes = scopes(jwt.getScopes() != null ? jwt.getScopes() : split(claims.get("scope")));
        if (tenant == null) {
            // An operator's token may name no tenant (the registry is no tenant's data); it then
            // carries only what needs none, and reaches no tenant's data (ADR 0018).
            if (scopes.contains(Scope.OPERATOR)) {
                return new Caller(Optional.empty(), EnumSet.of(Scope.OPERATOR), NamespaceGrants.all());
            }
            throw new ForbiddenException("the token has no '" + settings.tenantClaim() + "' claim naming its tenant");
        }
        return new Caller(Optional.of(TenantId.of(tenant)), scopes,
                NamespaceGrants.parse(claims.get(settings.namespacesClaim())));
    }

    private Caller fromPrincipal(String principal) {
        return registry.find(principal).map(registration -> registration.caller())
                .or(() -> settings.defaultTenant().map(tenant ->
                        Caller.of(tenant, EnumSet.of(Scope.READ, Scope.WRITE, Scope.ADMIN), NamespaceGrants.all())))
                .orElseThrow(() -> new ForbiddenException("the principal " + principal + " is registered with no tenant"));
    }

    /**
     * The registry's name of an IAM principal: a role's session ({@code assumed-role/Role/session})
     * stands for the role ({@code arn:aws:iam::123456789012:role/Role}), so one registration covers
     * every session. Assumed-role ARNs carry no role path, so a registered role ARN has none either
     * ({@link PrincipalArn}, which the registry's operations use too).
     */
    public static String principal(String userArn) {
        return PrincipalArn.normalise(userArn);
    }

    private static List<String> split(String scopeClaim) {
        if (scopeClaim == null) {
            return List.of();
        }
        String list = scopeClaim.strip();
        if (list.startsWith("[") && list.endsWith("]")) {
            list = list.substring(1, list.length() - 1);
        }
        return Arrays.stream(list.split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    /** Scopes this service defines; others (an identity provider's own) are ignored. */
    private static Set<Scope> scopes(List<String> claimed) {
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        claimed.forEach(claim -> Scope.fromClaim(claim).ifPresent(scopes::add));
        return scopes;
    }
}
