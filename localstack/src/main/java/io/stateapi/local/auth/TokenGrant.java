package io.stateapi.local.auth;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a token of the {@link LocalIssuer} grants: a tenant, scopes, optionally the namespaces
 * (names, or prefixes ending in {@code *}) it is narrowed to, and how long it lasts.
 *
 * @param namespaces {@code null} when the token carries no namespaces claim: every namespace of the tenant
 */
public record TokenGrant(String tenant, List<String> scopes, List<String> namespaces, Duration lifetime) {

    /** Long enough for a session at the keyboard, short enough that a leaked one soon stops working. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    public TokenGrant {
        Objects.requireNonNull(tenant, "tenant");
        scopes = List.copyOf(scopes);
        namespaces = namespaces == null ? null : List.copyOf(namespaces);
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a token must last some time: " + lifetime);
        }
    }

    /** A grant of {@code scopes} (space-separated, as the {@code scope} claim writes them) on every namespace. */
    public static TokenGrant of(String tenant, String scopes) {
        return new TokenGrant(tenant, words(scopes), null, DEFAULT_LIFETIME);
    }

    /** The same grant narrowed to {@code namespaces} (space-separated names and prefixes ending in {@code *}). */
    public TokenGrant withNamespaces(String namespaces) {
        return new TokenGrant(tenant, scopes, words(namespaces), lifetime);
    }

    /** The same grant in a token that lasts {@code lifetime}. */
    public TokenGrant lasting(Duration lifetime) {
        return new TokenGrant(tenant, scopes, namespaces, lifetime);
    }

    static List<String> words(String spaceSeparated) {
        return spaceSeparated == null ? List.of()
                : Arrays.stream(spaceSeparated.strip().split("\\s+")).filter(word -> !word.isEmpty()).toList();
    }
}
