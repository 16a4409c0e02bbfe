package io.stateapi.domain.exceptions;

import io.stateapi.domain.Key;
import io.stateapi.domain.Version;

/**
 * A key's past version that cannot be read (ADR 0036): it never existed, is past its namespace's
 * retention, is not recorded yet (history is eventually consistent), or was a delete and holds no
 * value. The detail says which.
 */
public final class VersionNotFoundException extends StateApiException {

    public VersionNotFoundException(Key key, Version version, String reason) {
        super("version " + version + " of key '" + key.value() + "' " + reason);
    }
}
