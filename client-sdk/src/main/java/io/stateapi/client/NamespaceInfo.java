package io.stateapi.client;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A namespace as the service describes it.
 *
 * @param name                the namespace's name (unique within your tenant only)
 * @param settings            its settings, every one given
 * @param approximateKeyCount about how many keys it holds (maintained asynchronously: may lag writes)
 * @param createdAt           when it was created (explicitly, or by its first write)
 * @param status              whether it is in use or being purged
 * @param schemaVersion       the active schema version written values must match; empty: none
 *                            (changed by {@link Namespaces#createSchema}, never by settings)
 */
public record NamespaceInfo(String name, NamespaceSettings settings, long approximateKeyCount, Instant createdAt,
                            Status status, OptionalLong schemaVersion) {

    public NamespaceInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(schemaVersion, "schemaVersion");
    }

    /** A namespace without a schema. */
    public NamespaceInfo(String name, NamespaceSettings settings, long approximateKeyCount, Instant createdAt,
                         Status status) {
        this(name, settings, approximateKeyCount, createdAt, status, OptionalLong.empty());
    }

    /** A namespace's state. */
    public enum Status {
        /** In use. */
        ACTIVE("active"),
        /** Its keys are being deleted ({@link Namespaces#purge}); it disappears when that is done. */
        PURGING("purging"),
        /** A status this client does not know yet (a newer service). */
        OTHER(null);

        private final String text;

        Status(String text) {
            this.text = text;
        }

        /** The status as the service names it ({@code active}, {@code purging}); null for {@link #OTHER}. */
        public String text() {
            return text;
        }

        public static Status of(String text) {
            for (Status status : values()) {
                if (status.text != null && status.text.equals(text)) {
                    return status;
                }
            }
            return OTHER;
        }
    }
}
