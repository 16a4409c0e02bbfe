package io.stateapi.domain.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.InvalidRequestException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistrationTest {

    private static final PrincipalArn ROLE = PrincipalArn.parse("arn:aws:iam::123456789012:role/orders");

    @Test
    void aRequestedRegistrationGrantsItsScopesOnItsNamespacesOfItsTenant() {
        Registration registration = Registration.requested(ROLE, Optional.of("acme"),
                List.of("state:read", "state:write"), Optional.of(List.of("orders", "cart-*")));

        Caller caller = registration.caller();
        assertThat(caller.tenant()).contains(TenantId.of("acme"));
        assertThat(caller.scopes()).containsExactlyInAnyOrder(Scope.READ, Scope.WRITE);
        assertThat(caller.grants().covers(Namespace.of("cart-7"))).isTrue();
        assertThat(caller.grants().covers(Namespace.of("billing"))).isFalse();
    }

    @Test
    void withoutNamespacesEveryNamespaceOfTheTenantIsGranted() {
        Registration registration = Registration.requested(ROLE, Optional.of("acme"), List.of("state:read"), Optional.empty());

        assertThat(registration.grants().coversAll()).isTrue();
    }

    @Test
    void anEmptyListOfNamespacesGrantsNone() {
        Registration registration = Registration.requested(ROLE, Optional.of("acme"), List.of("state:read"),
                Optional.of(List.of()));

        assertThat(registration.grants().covers(Namespace.of("orders"))).isFalse();
    }

    /** In a single-tenant deployment this is how a principal is kept out: it is known, and may do nothing. */
    @Test
    void aRegistrationMayGrantNoScopeAtAll() {
        assertThat(Registration.requested(ROLE, Optional.of("acme"), List.of(), Optional.empty()).scopes()).isEmpty();
    }

    @Test
    void anOperatorNeedsNoTenant() {
        Registration operator = Registration.requested(ROLE, Optional.empty(), List.of("state:operator"), Optional.empty());

        assertThat(operator.tenant()).isEmpty();
        assertThat(operator.caller().has(Scope.OPERATOR)).isTrue();
        assertThatThrownBy(() -> operator.caller().requireTenant()).isInstanceOf(RuntimeException.class);
    }

    @Test
    void tenantScopesAndNamespacesNeedATenant() {
        assertThatThrownBy(() -> Registration.requested(ROLE, Optional.empty(), List.of("state:operator", "state:read"),
                Optional.empty())).isInstanceOf(InvalidRequestException.class).hasMessageContaining("tenant");
        assertThatThrownBy(() -> Registration.requested(ROLE, Optional.empty(), List.of("state:operator"),
                Optional.of(List.of("orders")))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("tenant");
    }

    @Test
    void aMalformedTenantIsARequestErrorNotAForbiddenCredential() {
        for (String tenant : List.of("", "acme#orders", "-acme", "x".repeat(37), "ac me")) {
            assertThatThrownBy(() -> Registration.requested(ROLE, Optional.of(tenant), List.of("state:read"), Optional.empty()))
                    .as(tenant).isInstanceOf(InvalidRequestException.class).hasMessageContaining("tenant");
        }
    }

    @Test
    void onlyKnownScopesAreAccepted() {
        assertThatThrownBy(() -> Registration.requested(ROLE, Optional.of("acme"), List.of("state:read", "openid"),
                Optional.empty())).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("openid").hasMessageContaining("state:operator");
    }

    @Test
    void namespaceGrantsAreNamesOrPrefixesEndingInAStar() {
        for (String grant : List.of("*", "Orders", "cart*-", "a**", "ns#1", "", "-x", "x".repeat(64), "a b")) {
            assertThatThrownBy(() -> Registration.requested(ROLE, Optional.of("acme"), List.of("state:read"),
                    Optional.of(List.of(grant)))).as(grant).isInstanceOf(InvalidRequestException.class);
        }
        assertThat(Registration.requested(ROLE, Optional.of("acme"), List.of("state:read"),
                Optional.of(List.of("x".repeat(63), "a.b_c-*", "0*"))).grants().patterns()).hasSize(3);
    }

    @Test
    void repeatedGrantsCountOnce() {
        Registration registration = Registration.requested(ROLE, Optional.of("acme"), List.of("state:read", "state:read"),
                Optional.of(List.of("orders", "orders")));

        assertThat(registration.scopes()).containsExactly(Scope.READ);
        assertThat(registration.grants().patterns()).containsExactly("orders");
    }

    @Test
    void aRegistrationHoldsAtMostAHundredNamespaceGrants() {
        List<String> many = Collections.nCopies(Registration.MAX_NAMESPACE_GRANTS + 1, "orders");

        assertThatThrownBy(() -> Registration.requested(ROLE, Optional.of("acme"), List.of("state:read"), Optional.of(many)))
                .isInstanceOf(InvalidRequestException.class);
    }
}
