package io.stateapi.local.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Authorizer;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code requestContext.authorizer.jwt} of a payload 2.0 event, from the claims of an
 * accepted token, as API Gateway's JWT authorizer writes it: every claim as a string, a list as
 * {@code [a b]} (its elements space-separated in brackets), and the scopes from {@code scope}
 * (or {@code scp}) split on spaces, {@code null} when the token has neither.
 */
final class JwtAuthorizerContext {

    private JwtAuthorizerContext() {
    }

    /** {@code payload}: the token's claims as JSON parsed them (strings, numbers, booleans, lists, objects). */
    static Authorizer of(Map<String, Object> payload) {
        Map<String, String> claims = new LinkedHashMap<>();
        payload.forEach((name, value) -> claims.put(name, text(value)));
        return Authorizer.builder()
                .withJwt(Authorizer.JWT.builder().withClaims(claims).withScopes(scopes(payload)).build())
                .build();
    }

    static List<String> scopes(Map<String, Object> payload) {
        Object scopes = payload.containsKey(LocalIssuer.SCOPE_CLAIM) ? payload.get(LocalIssuer.SCOPE_CLAIM) : payload.get("scp");
        return switch (scopes) {
            case null -> null;
            case Collection<?> list -> list.stream().map(JwtAuthorizerContext::text).toList();
            default -> TokenGrant.words(text(scopes));
        };
    }

    /**
     * One claim value as the function receives it. Strings, numbers, booleans and lists of them
     * are written as seen on AWS; an object or a null claim is written as JSON, which AWS does
     * not document.
     */
    static String text(Object value) {
        return switch (value) {
            case null -> "null";
            case String string -> string;
            case Double number -> BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
            case Number number -> number.toString();
            case Collection<?> list -> list.stream().map(JwtAuthorizerContext::text).collect(Collectors.joining(" ", "[", "]"));
            case Map<?, ?> object -> JSONObjectUtils.toJSONString(jsonObject(object));
            default -> value.toString();
        };
    }

    private static Map<String, Object> jsonObject(Map<?, ?> object) {
        Map<String, Object> copy = new LinkedHashMap<>();
        object.forEach((name, value) -> copy.put(String.valueOf(name), value));
        return copy;
    }
}
