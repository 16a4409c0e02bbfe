package io.stateapi.domain.tenancy;

import io.stateapi.domain.exceptions.InvalidPrincipalException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IAM principal as the registry names it (ADR 0018): an IAM user's ARN (with its path), or an
 * IAM role's ARN without a path. API Gateway names a caller that assumed a role by its session
 * ({@code arn:aws:sts::123456789012:assumed-role/Role/session}), which carries the role's name
 * but not its path; role names are unique within an account whatever their path, so the role
 * without its path is what one registration covering every session must be filed under.
 */
public record PrincipalArn(String value) {

    /** {@code aws}, {@code aws-cn}, {@code aws-us-gov}, {@code aws-iso-b}, ... */
    private static final String PARTITION = "(aws(?:-[a-z]+)*)";
    private static final String ACCOUNT = "(\\d{12})";
    /** What IAM allows in user and role names (and so in path segments here): 1 to 64 of these. */
    private static final String NAME = "[\\w+=,.@-]{1,64}";
    private static final String PATH = "((?:[\\w+=,.@-]+/)*)";
    /**
     * Longest ARN taken, as the OpenAPI document states it. IAM's own limits (a path of 512, a
     * name of 64) make a real one far shorter; one that only passes this grants nothing either.
     */
    public static final int MAX_LENGTH = 2048;

    private static final Pattern USER = Pattern.compile("^arn:" + PARTITION + ":iam::" + ACCOUNT + ":user/" + PATH + NAME + "$");
    private static final Pattern ROLE = Pattern.compile("^arn:" + PARTITION + ":iam::" + ACCOUNT + ":role/" + PATH + "(" + NAME + ")$");
    private static final Pattern SESSION = Pattern.compile(
            "^arn:" + PARTITION + ":sts::" + ACCOUNT + ":assumed-role/(" + NAME + ")/[\\w+=,.@-]{2,64}$");
    /** The same shapes, leniently: what a verified caller's ARN is rewritten by on the request path. */
    private static final Pattern ANY_SESSION = Pattern.compile("^arn:(aws[a-z-]*):sts::(\\d{12}):assumed-role/([^/]+)/[^/]+$");
    private static final Pattern ANY_ROLE = Pattern.compile("^arn:(aws[a-z-]*):iam::(\\d{12}):role/(?:[^:]*/)?([^/]+)$");

    private static final String ACCEPTED = "expected an IAM user (arn:aws:iam::123456789012:user/[path/]name), "
            + "an IAM role (arn:aws:iam::123456789012:role/[path/]name) or an STS assumed-role session "
            + "(arn:aws:sts::123456789012:assumed-role/role/session) ARN, in any partition";

    /**
     * @throws InvalidPrincipalException when {@code arn} is none of an IAM user, an IAM role or an
     *         STS assumed-role session ARN (the root user, groups, federated users and anything else
     *         never arrive as a caller this registry could map)
     */
    public static PrincipalArn parse(String arn) {
        if (arn == null) {
            throw new InvalidPrincipalException("the principal's ARN is missing; " + ACCEPTED);
        }
        boolean valid = arn.length() <= MAX_LENGTH
                && (USER.matcher(arn).matches() || ROLE.matcher(arn).matches() || SESSION.matcher(arn).matches());
        if (!valid) {
            throw new InvalidPrincipalException("not a principal the registry can map: '" + shown(arn) + "'; " + ACCEPTED);
        }
        return new PrincipalArn(normalise(arn));
    }

    /**
     * The registry's name for a caller API Gateway verified: a role's session, and a role with a
     * path, become the role's ARN without a path; anything else is returned as it is.
     */
    public static String normalise(String arn) {
        Matcher session = ANY_SESSION.matcher(arn);
        if (session.matches()) {
            return roleArn(session.group(1), session.group(2), session.group(3));
        }
        Matcher role = ANY_ROLE.matcher(arn);
        return role.matches() ? roleArn(role.group(1), role.group(2), role.group(3)) : arn;
    }

    private static String roleArn(String partition, String account, String name) {
        return "arn:" + partition + ":iam::" + account + ":role/" + name;
    }

    /** Enough of a refused value to recognise it, never a whole megabyte of it. */
    private static String shown(String arn) {
        return arn.length() <= 120 ? arn : arn.substring(0, 120) + "...";
    }

    @Override
    public String toString() {
        return value;
    }
}
