package io.stateapi.domain.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.MutableClock;
import io.stateapi.domain.exceptions.QuotaExceededException;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The quota's rules, on a ledger in memory and a clock the test moves: no waiting, no timing. */
class LeasedRequestQuotaTest {

    private static final Instant WINDOW_START = Instant.parse("2026-12-09T10:15:30Z");
    private static final TenantId A = TenantId.of("tenant-a");
    private static final TenantId B = TenantId.of("tenant-b");

    private final MutableClock clock = new MutableClock(WINDOW_START.plusMillis(250));
    private final InMemoryQuotaLedger ledger = new InMemoryQuotaLedger();

    private LeasedRequestQuota instance(int defaultRequestsPerSecond) {
        return new LeasedRequestQuota(ledger, clock, defaultRequestsPerSecond);
    }

    private static int admitted(RequestQuota quota, TenantId tenant, int requests) {
        int admitted = 0;
        for (int i = 0; i < requests; i++) {
            try {
                quota.admit(tenant);
                admitted++;
            } catch (QuotaExceededException refused) {
                // counted below
            }
        }
        return admitted;
    }

    private QuotaWindow window() {
        return QuotaWindow.containing(clock.instant(), LeasedRequestQuota.WINDOW);
    }

    @Test
    void aTenantIsAdmittedUpToItsLimitInAWindowAndThenRefused() {
        RequestQuota quota = instance(5);
        IntStream.range(0, 5).forEach(i -> quota.admit(A));

        assertThatThrownBy(() -> quota.admit(A))
                .isInstanceOfSatisfying(QuotaExceededException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void anotherTenantIsAdmittedWhileOneIsRefused() {
        RequestQuota quota = instance(5);
        assertThat(admitted(quota, A, 8)).isEqualTo(5);

        assertThat(admitted(quota, B, 5)).isEqualTo(5);
    }

    @Test
    void theCountStartsAgainInTheNextWindow() {
        RequestQuota quota = instance(5);
        assertThat(admitted(quota, A, 6)).isEqualTo(5);

        clock.set(WINDOW_START.plusSeconds(1));

        assertThat(admitted(quota, A, 6)).isEqualTo(5);
    }

    @Test
    void instancesSharingTheLedgerTogetherAdmitNoMoreThanTheLimit() {
        RequestQuota first = instance(10);
        RequestQuota second = instance(10);
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            admitted += admitted(first, A, 1) + admitted(second, A, 1);
        }

        assertThat(admitted).isEqualTo(10);
        assertThat(ledger.counted(A, window())).isEqualTo(10);
    }

    @Test
    void busyInstancesStillAdmitExactlyTheLimitAcrossInstances() {
        RequestQuota first = instance(1000);
        RequestQuota second = instance(1000);
        admitted(first, A, 400);
        admitted(second, A, 400);
        clock.advance(Duration.ofSeconds(1));

        int admitted = 0;
        for (int i = 0; i < 800; i++) {
            admitted += admitted(first, A, 1) + admitted(second, A, 1);
        }

        assertThat(admitted).as("leases held unused at the end are at most one per instance").isEqualTo(1000);
    }

    @Test
    void aRefusedWindowIsNotAskedAboutAgainOnThisInstance() {
        RequestQuota quota = instance(5);
        admitted(quota, A, 6);
        int claims = ledger.claims.get();

        assertThat(admitted(quota, A, 100)).isZero();
        assertThat(ledger.claims.get()).isEqualTo(claims);
    }

    @Test
    void aBusyInstanceLeasesSeveralRequestsPerLedgerCall() {
        RequestQuota quota = instance(1000);
        admitted(quota, A, 100);
        clock.advance(Duration.ofSeconds(1));
        int claims = ledger.claims.get();

        assertThat(admitted(quota, A, 100)).isEqualTo(100);
        assertThat(ledger.claims.get() - claims).as("leases of 25: a quarter of the window before").isEqualTo(4);
    }

    @Test
    void leasesAreAQuarterOfTheDemandBeforeBoundedByTheLimitAndOneOnceHalfTheWindowIsUsed() {
        assertThat(LeasedRequestQuota.leaseSize(5, 1000, 0)).as("small limits count one by one").isEqualTo(1);
        assertThat(LeasedRequestQuota.leaseSize(1000, 0, 0)).as("no demand seen").isEqualTo(1);
        assertThat(LeasedRequestQuota.leaseSize(1000, 40, 0)).isEqualTo(10);
        assertThat(LeasedRequestQuota.leaseSize(100, 400, 0)).as("a twentieth of the limit").isEqualTo(5);
        assertThat(LeasedRequestQuota.leaseSize(100_000, 10_000, 0)).isEqualTo(LeasedRequestQuota.MAX_LEASE);
        assertThat(LeasedRequestQuota.leaseSize(1000, 400, 499)).isEqualTo(25);
        assertThat(LeasedRequestQuota.leaseSize(1000, 400, 500)).as("half used").isEqualTo(1);
    }

    @Test
    void whenALeaseNoLongerFitsTheRestOfTheWindowIsTakenOneAtATime() {
        RequestQuota busy = instance(100);
        admitted(busy, A, 100);
        clock.advance(Duration.ofSeconds(1));
        RequestQuota other = instance(100);
        admitted(other, A, 97);

        assertThat(admitted(busy, A, 60)).as("a lease of 5 does not fit at 97; three single requests do").isEqualTo(3);
        assertThat(ledger.counted(A, window())).isEqualTo(100);
    }

    @Test
    void anOperatorsLimitForTheTenantReplacesTheDefault() {
        ledger.setRequestsPerSecond(A, 2);
        RequestQuota quota = instance(5);

        assertThat(admitted(quota, A, 5)).isEqualTo(2);
        assertThat(admitted(quota, B, 6)).isEqualTo(5);
    }

    @Test
    void aChangedLimitReachesEveryInstanceWithinAMinuteAndIsNotReadPerRequest() {
        RequestQuota quota = instance(5);
        admitted(quota, A, 5);
        ledger.setRequestsPerSecond(A, 2);

        clock.advance(Duration.ofSeconds(30));
        assertThat(admitted(quota, A, 5)).as("still the limit read 30 s ago").isEqualTo(5);
        clock.advance(Duration.ofSeconds(31));
        assertThat(admitted(quota, A, 5)).isEqualTo(2);
        assertThat(ledger.limitReads.get()).isEqualTo(2);
    }

    @Test
    void anUnreachableLedgerFailsOpenToTheLimitCountedOnThisInstance() {
        RequestQuota quota = instance(5);
        ledger.unreachable(true);

        assertThat(admitted(quota, A, 8)).isEqualTo(5);
        assertThat(ledger.claims.get()).as("asked once in the window, not per request").isEqualTo(1);
    }

    @Test
    void theLedgerIsAskedAgainInTheNextWindowAfterItFailed() {
        RequestQuota quota = instance(5);
        ledger.unreachable(true);
        admitted(quota, A, 3);
        ledger.unreachable(false);
        clock.advance(Duration.ofSeconds(1));

        assertThat(admitted(quota, A, 8)).isEqualTo(5);
        assertThat(ledger.counted(A, window())).isEqualTo(5);
    }

    @Test
    void aRefusalDoesNotCountAgainstTheTenant() {
        RequestQuota quota = instance(5);
        admitted(quota, A, 20);

        assertThat(ledger.counted(A, window())).isEqualTo(5);
    }

    @Test
    void aDefaultBelowOneRequestPerSecondIsAConfigurationError() {
        assertThatThrownBy(() -> instance(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> instance(1)).doesNotThrowAnyException();
    }
}
