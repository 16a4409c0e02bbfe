package io.stateapi.domain.patch;

import io.stateapi.domain.JsonDocument;
import java.util.Objects;

/**
 * A partial update of a key's value (ADR 0029): a JSON Merge Patch (RFC 7396) or a JSON Patch
 * (RFC 6902). The patch document is kept as the compact JSON the one JSON configuration wrote,
 * already checked for size, nesting, duplicate members and lone surrogates; a JSON Patch is
 * also checked for shape ({@link PatchApplier#check}) before anything is read.
 */
public sealed interface Patch {

    /** The patch document itself, as compact JSON. */
    JsonDocument document();

    /** The format's name, as it appears in the fingerprint of an idempotent request. */
    String format();

    /** RFC 7396: members set, {@code null} removes, anything but an object replaces the whole value. */
    record MergePatch(JsonDocument document) implements Patch {

        public MergePatch {
            Objects.requireNonNull(document, "document");
        }

        @Override
        public String format() {
            return "merge-patch";
        }
    }

    /** RFC 6902: an array of operations applied in order, all or none. */
    record JsonPatch(JsonDocument document) implements Patch {

        public JsonPatch {
            Objects.requireNonNull(document, "document");
        }

        @Override
        public String format() {
            return "json-patch";
        }
    }
}
