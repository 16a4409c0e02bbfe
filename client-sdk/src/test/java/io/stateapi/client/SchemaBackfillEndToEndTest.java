package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.client.exceptions.BackfillConflictException;
import io.stateapi.client.exceptions.BackfillNotFoundException;
import io.stateapi.client.support.TestStack;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schema backfill (ADR 0058) from the SDK against the real service on the emulator: started,
 * followed, cancelled, and the typed exceptions of a refused start and of a backfill never started.
 */
class SchemaBackfillEndToEndTest {

    private static StateClient client;
    private final String name = TestStack.uniqueNamespace("sdk-backfill");

    @BeforeAll
    static void start() {
        client = TestStack.get().client().build();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private Namespaces namespaces() {
        return client.namespaces();
    }

    private void twoVersions() {
        namespaces().create(name, NamespaceSettings.defaults());
        namespaces().createSchema(name, 1, "{\"type\":\"object\"}");
        namespaces().createSchema(name, 2, "{\"type\":\"object\"}");
    }

    @Test
    void aBackfillIsStartedFollowedAndCancelled() {
        twoVersions();

        BackfillStatus started = namespaces().startBackfill(name, 2, true, 3, 40);
        BackfillStatus followed = namespaces().backfill(name, 2);
        BackfillStatus cancelled = namespaces().cancelBackfill(name, 2);

        assertThat(started.state()).isEqualTo(BackfillStatus.State.RUNNING);
        assertThat(started.dryRun()).isTrue();
        assertThat(started.segments()).isEqualTo(3);
        assertThat(started.itemsPerSecond()).isEqualTo(40);
        assertThat(started.notBefore()).isAfter(started.startedAt());
        assertThat(followed.startedAt()).isEqualTo(started.startedAt());
        assertThat(cancelled.state()).isEqualTo(BackfillStatus.State.CANCELLED);
        assertThat(cancelled.isOver()).isTrue();
        assertThat(cancelled.reason()).contains("admin");
    }

    @Test
    void aVersionThatIsNotActiveIsAConflictNamingTheActiveOne() {
        twoVersions();

        assertThatThrownBy(() -> namespaces().startBackfill(name, 1, false, 4, 100))
                .isInstanceOfSatisfying(BackfillConflictException.class,
                        e -> assertThat(e.activeVersion()).isEqualTo(OptionalLong.of(2)));
        assertThatThrownBy(() -> namespaces().backfill(name, 2)).isInstanceOf(BackfillNotFoundException.class);
    }
}
