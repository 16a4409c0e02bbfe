package io.stateapi.domain.exceptions;

import io.stateapi.domain.Key;
import io.stateapi.domain.Version;

/** A restore of a version that holds no value: the version was a delete (ADR 0036). */
public final class VersionNotRestorableException extends StateApiException {

    public VersionNotRestorableException(Key key, Version version) {
        super("version " + version + " of key '" + key.value() + "' was a delete and holds no value to restore;"
                + " restore a version that was created or updated, or DELETE the key");
    }
}
