package io.stateapi.domain.batch;

import io.stateapi.domain.Key;
import io.stateapi.domain.StateRecord;
import java.util.Objects;

/** What a batch get found for one key: its live record, or nothing (absent, deleted or expired). */
public sealed interface KeyRead {

    Key key();

    /** The key's live value at its version. */
    record Found(StateRecord record) implements KeyRead {

        public Found {
            Objects.requireNonNull(record, "record");
        }

        @Override
        public Key key() {
            return record.key();
        }
    }

    /** The key has no live value: it was never written, was deleted, or has expired. */
    record Missing(Key key) implements KeyRead {

        public Missing {
            Objects.requireNonNull(key, "key");
        }
    }
}
