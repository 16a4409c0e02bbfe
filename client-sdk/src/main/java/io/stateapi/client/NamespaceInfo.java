package io.stateapi.client;

import java.time.Instant;
import java.util.Objects;

/**
 * A namespace as the service describes it.
 *
 * @param name                the namespace's name (unique within your tenant only)
 * @param settings            its settings, every one given
 * @param approximateKeyCount about how many keys it holds (maintained asynchronously: may lag writes)
 * @param createdAt           when it was created (explicitly, or by its first write)
 * @param status              whether it is in use or being purged
 */
public record NamespaceInfo(String name, NamespaceSettings settings, long approximateKeyCount, Instant createdAt,
                            Status status) {

    public NamespaceInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(status, "status");
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
