package io.stateapi.domain;

import io.stateapi.domain.patch.Patch;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * What makes two requests "the same request" for an {@link IdempotencyKey}: the operation, the
 * key, the precondition and the content, hashed. Formatting does not count (the value is the
 * stored compact JSON), so a client that re-serialises its body on retry still gets a replay.
 */
public record RequestFingerprint(String value) {

    public static RequestFingerprint ofPut(Key key, JsonDocument value, TimeToLive ttl, Precondition precondition) {
        return of("PUT", key, precondition, (ttl == null ? "-" : Long.toString(ttl.seconds())) + "\n" + value.json());
    }

    /** A patch: its format and its compact document (ADR 0029). */
    public static RequestFingerprint ofPatch(Key key, Patch patch, Precondition precondition) {
        return of("PATCH", key, precondition, patch.format() + "\n" + patch.document().json());
    }

    public static RequestFingerprint ofDelete(Key key, Precondition precondition) {
        return of("DELETE", key, precondition, "");
    }

    public static RequestFingerprint ofIncrement(Key key, long delta, Precondition precondition) {
        return of("INCREMENT", key, precondition, Long.toString(delta));
    }

    /** @param ttl the new time to live, or {@code null} to clear */
    public static RequestFingerprint ofExpiry(Key key, TimeToLive ttl, Precondition precondition) {
        return of("EXPIRE", key, precondition, ttl == null ? "-" : Long.toString(ttl.seconds()));
    }

    /**
     * A restore of a past version (ADR 0036): the version and the client's own precondition, not
     * the one the service derives from the current version, which a repeat finds moved on.
     */
    public static RequestFingerprint ofRestore(Key key, Version version, Precondition precondition) {
        return of("RESTORE", key, precondition, Long.toString(version.value()));
    }

    /** A multi-key transaction, from its canonical text ({@code Transaction#fingerprint}). */
    public static RequestFingerprint ofTransaction(String canonicalOperations) {
        return digest("TRANSACTION\n" + canonicalOperations);
    }

    private static RequestFingerprint of(String operation, Key key, Precondition precondition, String content) {
        return digest(operation + "\n" + key.value() + "\n" + canonical(precondition) + "\n" + content);
    }

    private static RequestFingerprint digest(String canonical) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return new RequestFingerprint(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String canonical(Precondition precondition) {
        return switch (precondition) {
            case Precondition.None ignored -> "none";
            case Precondition.IfAbsent ignored -> "if-absent";
            case Precondition.IfPresent ignored -> "if-present";
            case Precondition.IfVersion v -> "if-version:" + v.version().value();
            case Precondition.Contradictory ignored -> "contradictory";
        };
    }
}
