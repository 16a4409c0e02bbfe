package io.stateapi.domain.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.Namespace;
import org.junit.jupiter.api.Test;

class NamespaceGrantsTest {

    @Test
    void noClaimGrantsEveryNamespace() {
        assertThat(NamespaceGrants.parse(null).covers(Namespace.of("anything"))).isTrue();
    }

    @Test
    void anEmptyClaimGrantsNone() {
        assertThat(NamespaceGrants.parse("").covers(Namespace.of("orders"))).isFalse();
        assertThat(NamespaceGrants.parse("[]").covers(Namespace.of("orders"))).isFalse();
    }

    @Test
    void namesMatchExactlyAndAStarMakesAPrefix() {
        NamespaceGrants grants = NamespaceGrants.parse("orders cart-*");

        assertThat(grants.covers(Namespace.of("orders"))).isTrue();
        assertThat(grants.covers(Namespace.of("orders2"))).isFalse();
        assertThat(grants.covers(Namespace.of("cart-1"))).isTrue();
        assertThat(grants.covers(Namespace.of("cart"))).isFalse();
    }

    @Test
    void aListClaimAsApiGatewayFormatsItIsRead() {
        NamespaceGrants grants = NamespaceGrants.parse("[orders cart-*]");

        assertThat(grants.patterns()).containsExactly("orders", "cart-*");
    }

    @Test
    void commasAndQuotesAreSeparatorsToo() {
        assertThat(NamespaceGrants.parse("[\"orders\",\"cart-*\"]").patterns()).containsExactly("orders", "cart-*");
    }
}
