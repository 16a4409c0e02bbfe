package io.stateapi.domain.tenancy;

import io.stateapi.domain.Namespace;
import java.util.List;
import java.util.Objects;

/**
 * Which of its tenant's namespaces a credential may reach: every one, or those named, where a
 * name ending in {@code *} is a prefix ({@code cart-*}).
 */
public record NamespaceGrants(List<String> patterns) {

    private static final NamespaceGrants ALL = new NamespaceGrants(null);

    public NamespaceGrants {
        patterns = patterns == null ? null : List.copyOf(patterns);
    }

    public static NamespaceGrants all() {
        return ALL;
    }

    public static NamespaceGrants only(List<String> patterns) {
        return new NamespaceGrants(Objects.requireNonNull(patterns, "patterns"));
    }

    /**
     * Grants as a claim carries them: names and prefixes separated by spaces or commas,
     * optionally in brackets (API Gateway hands a list-valued claim to the function as
     * {@code [a b]}). A missing claim grants every namespace; an empty one grants none.
     */
    public static NamespaceGrants parse(String claim) {
        if (claim == null) {
            return ALL;
        }
        String list = claim.strip();
        if (list.startsWith("[") && list.endsWith("]")) {
            list = list.substring(1, list.length() - 1);
        }
        return only(java.util.Arrays.stream(list.split("[\\s,]+"))
                .map(p -> p.replace("\"", ""))
                .filter(p -> !p.isEmpty())
                .toList());
    }

    public boolean coversAll() {
        return patterns == null;
    }

    public boolean covers(Namespace namespace) {
        if (patterns == null) {
            return true;
        }
        for (String pattern : patterns) {
            boolean matches = pattern.endsWith("*")
                    ? namespace.value().startsWith(pattern.substring(0, pattern.length() - 1))
                    : namespace.value().equals(pattern);
            if (matches) {
                return true;
            }
        }
        return false;
    }
}
