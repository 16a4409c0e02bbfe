package io.stateapi.domain;

import io.stateapi.domain.exceptions.InvalidNamespaceException;
import java.util.regex.Pattern;

/** A tenant-chosen grouping of keys. Lower-case so that names cannot collide by case. */
public record Namespace(String value) {

    public static final Pattern PATTERN = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}$");

    public Namespace {
        if (value == null || !PATTERN.matcher(value).matches()) {
            throw new InvalidNamespaceException(
                    "namespace must match " + PATTERN.pattern() + " (1 to 63 characters)");
        }
    }

    public static Namespace of(String value) {
        return new Namespace(value);
    }
}
