package io.stateapi.client.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.client.internal.JsonCodec;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which events the subscriber recognises as replays of what it has handled (docs/events.md, "TTL and expired"). */
class ProcessedVersionsTest {

    private final ProcessedVersions processed = new ProcessedVersions(100);

    private static ChangeEvent event(String id, ChangeType type, long version, Long previousVersion) {
        return new ChangeEvent(id, "/state-api/test/namespaces/ns", type.cloudEventType(), Instant.EPOCH,
                "ns", "k", version, previousVersion, null, null, false, new JsonCodec(null));
    }

    private void handle(ChangeEvent event) {
        assertThat(processed.alreadyHandled(event)).as("%s is new", event).isFalse();
        processed.handled(event);
    }

    @Test
    void aVersionAtOrBelowTheLastHandledIsAReplay() {
        ChangeEvent created = event("c1", ChangeType.CREATED, 1, null);
        ChangeEvent updated = event("u2", ChangeType.UPDATED, 2, 1L);
        handle(created);
        handle(updated);

        assertThat(processed.alreadyHandled(created)).isTrue();
        assertThat(processed.alreadyHandled(updated)).isTrue();
        assertThat(processed.alreadyHandled(event("u3", ChangeType.UPDATED, 3, 2L))).isFalse();
    }

    @Test
    void anExpiryAtTheVersionOfTheLastWriteIsNewAndTheWriteIsAReplayAfterIt() {
        ChangeEvent created = event("c1", ChangeType.CREATED, 1, null);
        ChangeEvent expired = event("e1", ChangeType.EXPIRED, 1, 1L);
        handle(created);
        handle(expired);

        assertThat(processed.alreadyHandled(expired)).isTrue();
        assertThat(processed.alreadyHandled(created)).isTrue();
    }

    @Test
    void aCreateAfterAnExpiryContinuesAtTheNextVersion() {
        handle(event("c1", ChangeType.CREATED, 1, null));
        handle(event("e1", ChangeType.EXPIRED, 1, 1L));
        handle(event("c2", ChangeType.CREATED, 2, 1L));

        assertThat(processed.alreadyHandled(event("e1", ChangeType.EXPIRED, 1, 1L))).isTrue();
    }

    @Test
    void aKeyCreatedAgainWhileTheSweeperRemovedItStartsANewIncarnationAtVersionOne() {
        handle(event("c1", ChangeType.CREATED, 1, null));
        handle(event("u2", ChangeType.UPDATED, 2, 1L));
        handle(event("e2", ChangeType.EXPIRED, 2, 2L));

        assertThat(processed.alreadyHandled(event("c1", ChangeType.CREATED, 1, null))).as("replay of the first create").isTrue();
        handle(event("c1-again", ChangeType.CREATED, 1, null));
        handle(event("u2-again", ChangeType.UPDATED, 2, 1L));
        assertThat(processed.alreadyHandled(event("c1-again", ChangeType.CREATED, 1, null))).isTrue();
        assertThat(processed.alreadyHandled(event("u2-again", ChangeType.UPDATED, 2, 1L))).isTrue();
    }
}
