package io.stateapi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Authorizer;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.IAM;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.ForbiddenException;
import io.stateapi.domain.exceptions.UnauthenticatedException;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.NamespaceGrants;
import io.stateapi.domain.tenancy.PrincipalRegistry;
import io.stateapi.domain.tenancy.Registration;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallersTest {

    /** An in-memory registry: a fake of the project's own port. */
    private final Map<String, Registration> registrations = new HashMap<>();
    private final PrincipalRegistry registry = principal -> Optional.ofNullable(registrations.get(principal));
    private final Callers callers = new Callers(AuthSettings.defaults(), registry);

    @Test
    void aJwtCallerIsTheTenantItsClaimNamesWithTheScopesApiGatewayParsed() {
        Caller caller = callers.of(jwt(Map.of("tenant", "acme", "scope", "state:read"), List.of("state:read", "state:write")));

        assertThat(caller.tenant()).contains(TenantId.of("acme"));
        assertThat(caller.scopes()).containsExactlyInAnyOrder(Scope.READ, Scope.WRITE);
        assertThat(caller.grants().coversAll()).isTrue();
    }

    @Test
    void scopesComeFromTheScopeClaimWhenTheAuthorizerListsNone() {
        Caller caller = callers.of(jwt(Map.of("tenant", "acme", "scope", "openid state:admin"), null));

        assertThat(caller.scopes()).containsExactly(Scope.ADMIN);
    }

    @Test
    void theNamespacesClaimNarrowsTheToken() {
        Caller caller = callers.of(jwt(Map.of("tenant", "acme", "namespaces", "[orders cart-*]"), List.of("state:read")));

        assertThat(caller.grants().covers(Namespace.of("cart-9"))).isTrue();
        assertThat(caller.grants().covers(Namespace.of("billing"))).isFalse();
    }

    @Test
    void theClaimNamesAreConfigurable() {
        Callers custom = new Callers(new AuthSettings("custom:tenant", "custom:ns", Optional.empty()), registry);

        Caller caller = custom.of(jwt(Map.of("custom:tenant", "globex", "tenant", "acme", "custom:ns", "orders"),
                List.of("state:read")));

        assertThat(caller.tenant()).contains(TenantId.of("globex"));
        assertThat(caller.grants().patterns()).containsExactly("orders");
    }

    @Test
    void aTokenWithoutATenantClaimIsForbidden() {
        assertThatThrownBy(() -> callers.of(jwt(Map.of("sub", "someone"), List.of("state:read"))))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("'tenant' claim");
    }

    @Test
    void anOperatorsTokenMayNameNoTenantAndThenReachesNoTenantsData() {
        Caller operator = callers.of(jwt(Map.of("sub", "ops"), List.of("state:operator", "state:admin")));

        assertThat(operator.tenant()).isEmpty();
        assertThat(operator.scopes()).containsExactly(Scope.OPERATOR);
        assertThatThrownBy(() -> operator.access(Scope.READ, Namespace.of("orders")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("no tenant");
    }

    @Test
    void anOperatorRegisteredWithoutATenantIsAnOperatorOfNoTenant() {
        registrations.put("arn:aws:iam::123456789012:role/ops", new Registration(
                "arn:aws:iam::123456789012:role/ops", Optional.empty(), Set.of(Scope.OPERATOR), NamespaceGrants.all()));

        Caller caller = callers.of(iam("arn:aws:sts::123456789012:assumed-role/ops/alice"));

        assertThat(caller.tenant()).isEmpty();
        assertThat(caller.has(Scope.OPERATOR)).isTrue();
    }

    @Test
    void aTenantClaimThatCannotBeATenantIsForbidden() {
        assertThatThrownBy(() -> callers.of(jwt(Map.of("tenant", "acme#orders"), List.of("state:read"))))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> callers.of(jwt(Map.of("tenant", "x".repeat(37)), List.of("state:read"))))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void noAuthorizerVerdictIsUnauthenticated() {
        assertThatThrownBy(() -> callers.of(null)).isInstanceOf(UnauthenticatedException.class);
        assertThatThrownBy(() -> callers.of(new Authorizer())).isInstanceOf(UnauthenticatedException.class);
    }

    @Test
    void anIamRoleSessionIsLookedUpAsItsRole() {
        registrations.put("arn:aws:iam::123456789012:role/orders-service", new Registration(
                "arn:aws:iam::123456789012:role/orders-service", TenantId.of("acme"), Set.of(Scope.WRITE),
                NamespaceGrants.only(List.of("orders"))));

        Caller caller = callers.of(iam("arn:aws:sts::123456789012:assumed-role/orders-service/i-0abc"));

        assertThat(caller.tenant()).contains(TenantId.of("acme"));
        assertThat(caller.scopes()).containsExactly(Scope.WRITE);
        assertThat(caller.grants().patterns()).containsExactly("orders");
    }

    @Test
    void anUnregisteredPrincipalIsForbiddenWithoutADefaultTenant() {
        assertThatThrownBy(() -> callers.of(iam("arn:aws:iam::123456789012:user/alice")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("user/alice");
    }

    @Test
    void aSingleTenantDeploymentGivesUnregisteredPrincipalsItsTenantWithoutOperatorRights() {
        Callers single = new Callers(new AuthSettings("tenant", "namespaces", Optional.of(TenantId.of("main"))), registry);

        Caller caller = single.of(iam("arn:aws:iam::123456789012:user/alice"));

        assertThat(caller.tenant()).contains(TenantId.of("main"));
        assertThat(caller.has(Scope.ADMIN)).isTrue();
        assertThat(caller.has(Scope.OPERATOR)).isFalse();
    }

    @Test
    void principalsOtherThanRoleSessionsKeepTheirArn() {
        assertThat(Callers.principal("arn:aws:iam::123456789012:user/alice")).isEqualTo("arn:aws:iam::123456789012:user/alice");
        assertThat(Callers.principal("arn:aws-cn:sts::123456789012:assumed-role/r/s"))
                .isEqualTo("arn:aws-cn:iam::123456789012:role/r");
    }

    private static Authorizer jwt(Map<String, String> claims, List<String> scopes) {
        return Authorizer.builder().withJwt(Authorizer.JWT.builder().withClaims(claims).withScopes(scopes).build()).build();
    }

    private static Authorizer iam(String userArn) {
        return Authorizer.builder().withIam(IAM.builder().withUserArn(userArn).withAccountId("123456789012").build()).build();
    }
}
