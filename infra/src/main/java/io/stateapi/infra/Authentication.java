package io.stateapi.infra;

import io.stateapi.resources.Tenancy;
import io.stateapi.resources.StateApiResources;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the callers of a deployment authenticate, and so how the api function finds their tenant
 * (ADR 0013, 0015): a JWT's claims, or, for IAM (SigV4) callers, the principal registry and,
 * in a single-tenant deployment, a default tenant. Each environment's {@link EnvironmentConfig}
 * names one; the deployer's context can override it ({@link #resolve}).
 */
public sealed interface Authentication permits Authentication.Jwt, Authentication.Iam {

    /** What the api function is told about it, by the environment variables of {@link StateApiResources}. */
    Map<String, String> apiEnvironment();

    /**
     * API Gateway's JWT authorizer on every route: tokens from {@code issuer} for one of
     * {@code audience}. The tenant is the claim {@code tenantClaim}, the namespace grants the
     * claim {@code namespacesClaim}.
     *
     * @param issuer empty in a configuration whose issuer the deployer gives ({@code -c jwtIssuer=});
     *               a deployment cannot be synthesized without one
     */
    record Jwt(Optional<String> issuer, List<String> audience, String tenantClaim, String namespacesClaim)
            implements Authentication {

        public Jwt {
            Objects.requireNonNull(issuer, "issuer");
            issuer.ifPresent(DeploymentOptions.JwtAuthorization::requireHttps);
            audience = List.copyOf(audience);
            if (audience.isEmpty()) {
                throw new IllegalArgumentException("a JWT authorizer needs at least one audience");
            }
            if (tenantClaim == null || tenantClaim.isBlank() || namespacesClaim == null || namespacesClaim.isBlank()) {
                throw new IllegalArgumentException("the tenant and namespaces claims must be named");
            }
        }

        /** Tokens for {@code audience} from an issuer still to be given, with the default claim names. */
        public static Jwt forAudience(List<String> audience) {
            return new Jwt(Optional.empty(), audience, Tenancy.DEFAULT_TENANT_CLAIM,
                    Tenancy.DEFAULT_NAMESPACES_CLAIM);
        }

        public Jwt withIssuer(String issuer) {
            return new Jwt(Optional.of(issuer), audience, tenantClaim, namespacesClaim);
        }

        @Override
        public Map<String, String> apiEnvironment() {
            return Map.of(StateApiResources.ENV_AUTH_TENANT_CLAIM, tenantClaim,
                    StateApiResources.ENV_AUTH_NAMESPACES_CLAIM, namespacesClaim);
        }
    }

    /**
     * API Gateway's IAM authorizer on every route: SigV4-signed requests of principals allowed
     * {@code execute-api:Invoke}. The registry maps a principal to its tenant; a principal it does
     * not know belongs to {@code defaultTenant} when there is one (a single-tenant deployment)
     * and is refused otherwise.
     */
    record Iam(Optional<String> defaultTenant) implements Authentication {

        public Iam {
            Objects.requireNonNull(defaultTenant, "defaultTenant");
            defaultTenant.ifPresent(tenant -> {
                if (!Tenancy.TENANT_ID.matcher(tenant).matches()) {
                    throw new IllegalArgumentException(
                            "defaultTenant must match " + Tenancy.TENANT_ID.pattern() + ": " + tenant);
                }
            });
        }

        @Override
        public Map<String, String> apiEnvironment() {
            return defaultTenant.map(tenant -> Map.of(StateApiResources.ENV_AUTH_DEFAULT_TENANT, tenant))
                    .orElse(Map.of());
        }
    }

    /**
     * The authentication one deployment gets: the environment's, unless the context says
     * otherwise. A JWT issuer in the context ({@code jwtIssuer}, {@code jwtAudience}) replaces the
     * configuration's issuer and audience and keeps its claim names; {@code authorizer=iam} chooses
     * IAM; {@code defaultTenant} makes an IAM deployment single-tenant.
     *
     * @throws IllegalArgumentException when the choice is contradictory, or JWT without an issuer
     */
    static Authentication resolve(EnvironmentConfig config, DeploymentOptions options) {
        Authentication configured = config.authentication();
        boolean iamChosen = options.authorizer().orElse(null) == DeploymentOptions.Authorizer.IAM;
        if (options.jwt().isPresent()) {
            if (iamChosen) {
                throw new IllegalArgumentException("-c authorizer=iam contradicts -c jwtIssuer: choose one");
            }
            DeploymentOptions.JwtAuthorization given = options.jwt().get();
            Jwt claims = configured instanceof Jwt jwt ? jwt : Jwt.forAudience(given.audience());
            return refuseDefaultTenant(new Jwt(Optional.of(given.issuer()), given.audience(),
                    claims.tenantClaim(), claims.namespacesClaim()), options);
        }
        Authentication chosen = switch (options.authorizer().orElse(null)) {
            case IAM -> configured instanceof Iam iam ? iam : new Iam(Optional.empty());
            case JWT -> configured instanceof Jwt jwt ? jwt : Jwt.forAudience(List.of(config.resources().httpApiName()));
            case null -> configured;
        };
        return switch (chosen) {
            case Jwt jwt when jwt.issuer().isEmpty() -> throw new IllegalArgumentException(config.name()
                    + " authenticates callers with JWTs (ADR 0015), but no issuer is configured. Name the identity "
                    + "provider: -c jwtIssuer=https://<issuer>/ -c jwtAudience=" + String.join(",", jwt.audience())
                    + " (or set the issuer in EnvironmentConfig." + config.name() + "()), or choose IAM: "
                    + "-c authorizer=iam (the principal registry maps callers to tenants; add "
                    + "-c defaultTenant=<tenant> for a single-tenant deployment)");
            case Jwt jwt -> refuseDefaultTenant(jwt, options);
            case Iam iam -> options.defaultTenant().<Authentication>map(tenant -> new Iam(Optional.of(tenant)))
                    .orElse(iam);
        };
    }

    private static Jwt refuseDefaultTenant(Jwt jwt, DeploymentOptions options) {
        if (options.defaultTenant().isPresent()) {
            throw new IllegalArgumentException("-c defaultTenant is for IAM deployments: a JWT names its tenant in the "
                    + "claim '" + jwt.tenantClaim() + "'");
        }
        return jwt;
    }
}
