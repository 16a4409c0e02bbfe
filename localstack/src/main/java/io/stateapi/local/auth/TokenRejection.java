package io.stateapi.local.auth;

/**
 * Why the JWT authorizer refused a request. Every reason gets API Gateway's one answer
 * (401 {@code {"message":"Unauthorized"}}); only the {@code www-authenticate} header tells them
 * apart, as API Gateway's does (ADR 0014). AWS documents one description,
 * {@link #WRONG_AUDIENCE}'s; the others are written in the same style.
 */
public enum TokenRejection {

    /** No {@code Authorization} header: RFC 6750 section 3.1 says to name the scheme and no error then. */
    NO_TOKEN(null),
    TOO_LARGE("the token is too large"),
    MALFORMED("the token is not a signed JWT"),
    ALGORITHM_NOT_ALLOWED("the token is not signed with an allowed algorithm"),
    UNKNOWN_KEY("the token's key id does not name a key of the issuer"),
    BAD_SIGNATURE("the token's signature is invalid"),
    WRONG_ISSUER("the token does not have a valid issuer"),
    /** The one description AWS publishes (HTTP API troubleshooting guide, JWT authorizers). */
    WRONG_AUDIENCE("the token does not have a valid audience"),
    NO_EXPIRY("the token has no expiry"),
    EXPIRED("the token has expired"),
    NOT_YET_VALID("the token is not valid yet"),
    ISSUED_IN_THE_FUTURE("the token was issued in the future");

    private final String description;

    TokenRejection(String description) {
        this.description = description;
    }

    /** The {@code www-authenticate} value, laid out as API Gateway lays it out. */
    public String challenge() {
        return description == null ? "Bearer"
                : "Bearer scope=\"\" error=\"invalid_token\" error_description=\"" + description + "\"";
    }

    public AuthorizerDecision.Refused refusal() {
        return new AuthorizerDecision.Refused(this, challenge());
    }
}
