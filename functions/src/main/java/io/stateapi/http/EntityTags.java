package io.stateapi.http;

import io.stateapi.domain.Precondition;
import io.stateapi.domain.Version;
import io.stateapi.domain.exceptions.InvalidPreconditionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entity tags and the conditional request headers (RFC 9110 section 13). A key's entity
 * tag is its version in quotes: {@code "7"}.
 */
public final class EntityTags {

    private static final Pattern STRONG_TAG = Pattern.compile("\"([1-9][0-9]{0,17})\"");
    private static final Pattern ANY_TAG = Pattern.compile("(W/)?\"([^\"]*)\"");

    private EntityTags() {
    }

    public static String of(Version version) {
        return "\"" + version.value() + "\"";
    }

    /**
     * The precondition of a write from its {@code If-Match} and {@code If-None-Match} headers.
     * Only one entity tag (or {@code *}) is accepted in {@code If-Match}, and only {@code *}
     * in {@code If-None-Match}: anything else would be a condition the caller cannot mean.
     * Both together can never hold at once: {@link Precondition#CONTRADICTORY}.
     */
    public static Precondition precondition(String ifMatch, String ifNoneMatch) {
        if (ifMatch != null && ifNoneMatch != null) {
            precondition(ifMatch, null);
            precondition(null, ifNoneMatch);
            return Precondition.CONTRADICTORY;
        }
        if (ifNoneMatch != null) {
            if (!ifNoneMatch.strip().equals("*")) {
                throw new InvalidPreconditionException(
                        "If-None-Match on a write must be * (create only); got: " + ifNoneMatch);
            }
            return Precondition.IF_ABSENT;
        }
        if (ifMatch == null) {
            return Precondition.NONE;
        }
        String value = ifMatch.strip();
        if (value.equals("*")) {
            return Precondition.IF_PRESENT;
        }
        Matcher m = STRONG_TAG.matcher(value);
        if (!m.matches()) {
            throw new InvalidPreconditionException(
                    "If-Match must be * or one strong entity tag such as \"3\"; got: " + ifMatch);
        }
        return Precondition.ifVersion(Version.of(Long.parseLong(m.group(1))));
    }

    /**
     * Whether a read's {@code If-None-Match} matches the current version (weak comparison,
     * as RFC 9110 prescribes for If-None-Match), in which case the answer is 304.
     */
    public static boolean noneMatchFails(String ifNoneMatch, Version current) {
        if (ifNoneMatch == null) {
            return false;
        }
        String value = ifNoneMatch.strip();
        if (value.equals("*")) {
            return true;
        }
        Matcher m = ANY_TAG.matcher(value);
        int end = 0;
        boolean matched = false;
        while (m.find()) {
            String between = value.substring(end, m.start()).strip();
            if (!between.isEmpty() && !between.equals(",")) {
                throw new InvalidPreconditionException("If-None-Match must be * or a list of entity tags; got: " + ifNoneMatch);
            }
            matched |= m.group(2).equals(Long.toString(current.value()));
            end = m.end();
        }
        if (end == 0 || !value.substring(end).isBlank()) {
            throw new InvalidPreconditionException("If-None-Match must be * or a list of entity tags; got: " + ifNoneMatch);
        }
        return matched;
    }
}
