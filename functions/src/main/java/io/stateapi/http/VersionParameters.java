package io.stateapi.http;

import io.stateapi.domain.Version;
import io.stateapi.domain.exceptions.InvalidRequestException;
import java.util.regex.Pattern;

/** A version named in a request (a path segment or {@code ?version=}): a positive integer, plainly written. */
final class VersionParameters {

    private static final Pattern VERSION = Pattern.compile("^[1-9][0-9]{0,17}$");

    private VersionParameters() {
    }

    /** @throws InvalidRequestException when {@code text} is not a positive integer */
    static Version version(String text, String what) {
        if (text == null || !VERSION.matcher(text).matches()) {
            throw new InvalidRequestException(what + " must be a positive integer (a version, as in the ETag); got: "
                    + text);
        }
        return Version.of(Long.parseLong(text));
    }
}
