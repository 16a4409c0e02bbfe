package io.stateapi.domain.namespaces;

import java.util.Arrays;
import java.util.Optional;

/** Where a namespace is in its life. */
public enum NamespaceStatus {
    /** In use: keys can be read and written. */
    ACTIVE("active"),
    /** Its keys are being deleted in the background before the namespace itself goes. */
    PURGING("purging");

    private final String label;

    NamespaceStatus(String label) {
        this.label = label;
    }

    /** The status as the API shows it and the catalog stores it. */
    public String label() {
        return label;
    }

    public static Optional<NamespaceStatus> fromLabel(String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst();
    }
}
