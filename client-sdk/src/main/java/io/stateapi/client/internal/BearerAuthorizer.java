package io.stateapi.client.internal;

import java.net.URI;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** {@code Authorization: Bearer <token>}, from a fixed token, a caller's supplier or a {@link RefreshingToken}. */
public final class BearerAuthorizer implements Authorizer {

    private static final String AUTHORIZATION = "Authorization";
    private static final String PREFIX = "Bearer ";

    private final Supplier<String> tokens;
    private final Predicate<String> renewAfterRejection;

    private BearerAuthorizer(Supplier<String> tokens, Predicate<String> renewAfterRejection) {
        this.tokens = tokens;
        this.renewAfterRejection = renewAfterRejection;
    }

    /** A fixed token or a caller's supplier: a 401 ends the call, since nothing says the next token would differ. */
    public static BearerAuthorizer of(Supplier<String> tokens) {
        return new BearerAuthorizer(tokens, rejected -> false);
    }

    public static BearerAuthorizer refreshing(RefreshingToken token) {
        return new BearerAuthorizer(token::current, token::renewAfterRejection);
    }

    @Override
    public Map<String, String> headers(String method, URI uri, Map<String, String> headers, byte[] body) {
        String token = tokens.get();
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("the bearer token supplier returned no token");
        }
        return Map.of(AUTHORIZATION, PREFIX + token);
    }

    @Override
    public boolean renewAfterRejection(Map<String, String> sent) {
        String header = sent.get(AUTHORIZATION);
        return header != null && header.startsWith(PREFIX) && renewAfterRejection.test(header.substring(PREFIX.length()));
    }
}
