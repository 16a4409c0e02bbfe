package io.stateapi.domain.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.MutableClock;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.ForbiddenException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.exceptions.SubscriptionConflictException;
import io.stateapi.domain.exceptions.SubscriptionNotFoundException;
import io.stateapi.domain.namespaces.InMemoryNamespaceCatalog;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.NamespaceGrants;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The subscription rules (ADR 0038) with in-memory fakes of the catalog and of AWS. */
class SubscriptionServiceTest {

    private static final Namespace SHOP = Namespace.of("shop");
    private static final Caller ACME_ADMIN = Caller.of(TenantId.of("acme"), Set.of(Scope.ADMIN), NamespaceGrants.all());
    private static final Caller ACME_READER = Caller.of(TenantId.of("acme"), Set.of(Scope.READ), NamespaceGrants.all());
    private static final Caller GLOBEX_ADMIN = Caller.of(TenantId.of("globex"), Set.of(Scope.ADMIN), NamespaceGrants.all());

    private final InMemorySubscriptionCatalog catalog = new InMemorySubscriptionCatalog();
    private final FakeSubscriptionChannels channels = new FakeSubscriptionChannels();
    private final InMemoryNamespaceCatalog namespaces = new InMemoryNamespaceCatalog((n, t) -> false);
    private final AtomicInteger ids = new AtomicInteger();
    private final SubscriptionService service = new SubscriptionService(catalog, channels, namespaces,
            () -> "id" + ids.incrementAndGet(), new MutableClock(Instant.parse("2026-12-02T10:00:00Z")));

    @BeforeEach
    void shop() {
        namespaces.createIfAbsent(TenantNamespace.of("acme", "shop"), Instant.EPOCH);
    }

    @Test
    void aCreatedSubscriptionIsActiveWithItsQueuesAndListedAndDescribed() {
        Subscription created = service.create(ACME_ADMIN, SHOP, SubscriptionRequest.of("billing", "orders/",
                List.of("created", "updated"), false));

        assertThat(created.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(created.queues()).get().extracting(SubscriptionQueues::queueUrl).isEqualTo("https://sqs/q-id1");
        assertThat(created.filter().types()).containsExactlyInAnyOrder(EventType.CREATED, EventType.UPDATED);
        assertThat(created.filter().includeValues()).isFalse();
        assertThat(service.list(ACME_READER, SHOP)).containsExactly(created);
        assertThat(service.describe(ACME_READER, SHOP, "billing").backlog()).get()
                .isEqualTo(new Backlog(3, java.util.Optional.empty(), 1));
    }

    @Test
    void aCreateThatFailedHalfwayIsFinishedByTheSameRequestWithTheSameId() {
        channels.failNextProvision = true;
        SubscriptionRequest request = SubscriptionRequest.of("billing", null, null, null);
        assertThatThrownBy(() -> service.create(ACME_ADMIN, SHOP, request)).isInstanceOf(IllegalStateException.class);
        assertThat(service.describe(ACME_READER, SHOP, "billing").subscription().status())
                .isEqualTo(SubscriptionStatus.CREATING);

        Subscription finished = service.create(ACME_ADMIN, SHOP, request);

        assertThat(finished.id()).isEqualTo("id1");
        assertThat(finished.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(channels.made).containsExactly("id1");
    }

    @Test
    void aCreateThatFailedHalfwayCanBeDeletedInstead() {
        channels.failNextProvision = true;
        assertThatThrownBy(() -> service.create(ACME_ADMIN, SHOP, SubscriptionRequest.of("billing", null, null, null)))
                .isInstanceOf(IllegalStateException.class);

        service.delete(ACME_ADMIN, SHOP, "billing");

        assertThat(channels.made).isEmpty();
        assertThat(catalog.size()).isZero();
    }

    @Test
    void aNameTakenByAnActiveSubscriptionOrAnotherFilterIsAConflictAndChangesNothing() {
        Subscription first = service.create(ACME_ADMIN, SHOP, SubscriptionRequest.of("billing", null, null, null));

        assertThatThrownBy(() -> service.create(ACME_ADMIN, SHOP, SubscriptionRequest.of("billing", null, null, null)))
                .isInstanceOf(SubscriptionConflictException.class);
        assertThatThrownBy(() -> service.create(ACME_ADMIN, SHOP, SubscriptionRequest.of("billing", "x", null, null)))
                .isInstanceOf(SubscriptionConflictException.class);
        assertThat(service.list(ACME_READER, SHOP)).containsExactly(first);
        assertThat(channels.provisions).isEqualTo(1);
    }

    @Test
    void aTenantHasAtMostTheLimitOfSubscriptions() {
        for (int i = 0; i < SubscriptionService.MAX_PER_TENANT; i++) {
            service.create(ACME_ADMIN, SHOP, SubscriptionRequest.of("s" + i, null, null, null));
        }

        assertThatThrownBy(() -> service.create(ACME_ADMIN, SHOP, SubscriptionRequest.of("one-more", null, null, null)))
                .isInstanceOf(SubscriptionConflictException.class).hasMessageContaining("100");
        assertThat(catalog.size()).isEqualTo(SubscriptionService.MAX_PER_TENANT);
    }

    @Test
    void deleteRemovesTheQueuesAndIsIdempotentAndFinishesAfterAFailureHalfway() {
        Subscription created = service.create(ACME_ADMIN, SHOP, SubscriptionRequest.of("billing", null, null, null));
        channels.failNextRemove = true;
        assertThatThrownBy(() -> service.delete(ACME_ADMIN, SHOP, "billing")).isInstanceOf(IllegalStateException.class);
        assertThat(service.describe(ACME_READER, SHOP, "billing").subscription().status())
                .isEqualTo(SubscriptionStatus.DELETING);
        assertThatThrownBy(() -> service.create(ACME_ADMIN, SHOP, SubscriptionRequest.of("billing", null, null, null)))
                .as("a name being deleted").isInstanceOf(SubscriptionConflictException.class);

        service.delete(ACME_ADMIN, SHOP, "billing");
        service.delete(ACME_ADMIN, SHOP, "billing");

        assertThat(channels.made).doesNotContain(created.id());
        assertThatThrownBy(() -> service.describe(ACME_READER, SHOP, "billing"))
                .isInstanceOf(SubscriptionNotFoundException.class);
    }

    @Test
    void anotherTenantsNamespaceOfTheSameNameIsNotFoundForEveryOperation() {
        service.create(ACME_ADMIN, SHOP, SubscriptionRequest.of("billing", null, null, null));

        assertThatThrownBy(() -> service.create(GLOBEX_ADMIN, SHOP, SubscriptionRequest.of("x", null, null, null)))
                .isInstanceOf(NamespaceNotFoundException.class);
        assertThatThrownBy(() -> service.list(GLOBEX_ADMIN, SHOP)).isInstanceOf(NamespaceNotFoundException.class);
        assertThatThrownBy(() -> service.describe(GLOBEX_ADMIN, SHOP, "billing")).isInstanceOf(NamespaceNotFoundException.class);
        assertThatThrownBy(() -> service.delete(GLOBEX_ADMIN, SHOP, "billing")).isInstanceOf(NamespaceNotFoundException.class);
        assertThat(service.list(ACME_READER, SHOP)).hasSize(1);
    }

    @Test
    void creatingAndDeletingNeedTheAdminScope() {
        assertThatThrownBy(() -> service.create(ACME_READER, SHOP, SubscriptionRequest.of("x", null, null, null)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.delete(ACME_READER, SHOP, "x")).isInstanceOf(ForbiddenException.class);
        assertThat(catalog.size()).isZero();
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsMade() {
        assertThatThrownBy(() -> SubscriptionRequest.of("Bad Name", null, null, null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> SubscriptionRequest.of("ok", null, List.of("renamed"), null))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("renamed");
        assertThatThrownBy(() -> SubscriptionRequest.of("ok", null, List.of(), null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> SubscriptionRequest.of("ok", "k".repeat(1025), null, null))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void theEventTypesAreTheChangeEventsTypes() {
        assertThat(java.util.Arrays.stream(EventType.values()).map(EventType::name))
                .containsExactlyElementsOf(java.util.Arrays.stream(io.stateapi.events.ChangeType.values()).map(Enum::name).toList());
    }
}
