package io.stateapi.domain.namespaces;

/** What putting a namespace's settings did: it created the namespace, or changed one that existed. */
public sealed interface SettingsPut {

    /** The namespace as it is now. */
    NamespaceInfo namespace();

    record Created(NamespaceInfo namespace) implements SettingsPut {
    }

    record Changed(NamespaceInfo namespace) implements SettingsPut {
    }
}
