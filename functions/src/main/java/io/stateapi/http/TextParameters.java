package io.stateapi.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.http.HttpRequest;
import io.micronaut.servlet.http.ServletHttpRequest;
import io.stateapi.domain.exceptions.InvalidKeyException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.InvalidTextException;
import java.util.Optional;

/**
 * Query parameters that carry free text (a key prefix), read from the query string as the client
 * sent it. The parameters Micronaut binds from the API Gateway event are split at commas (API
 * Gateway joins repeated parameters with them) and decoded leniently (invalid UTF-8 becomes
 * U+FFFD), so a prefix {@code a,b} would read as two values and one with a lone surrogate as some
 * other text. Here a value is percent-decoded once, {@code +} as a space, and must be UTF-8.
 */
final class TextParameters {

    private TextParameters() {
    }

    /**
     * The parameter's text, or empty when it is absent.
     *
     * @throws InvalidRequestException when it is given more than once
     * @throws InvalidTextException    when it is not percent-encoded UTF-8
     */
    static Optional<String> of(HttpRequest<?> request, String name) {
        Optional<String> raw = rawQuery(request);
        if (raw.isEmpty()) {
            return Optional.ofNullable(request.getParameters().get(name));
        }
        String found = null;
        for (String pair : raw.get().split("&")) {
            int eq = pair.indexOf('=');
            String pairName = eq < 0 ? pair : pair.substring(0, eq);
            if (!pairName.equals(name)) {
                continue;
            }
            if (found != null) {
                throw new InvalidRequestException("query parameter '" + name + "' is given more than once");
            }
            found = eq < 0 ? "" : decode(name, pair.substring(eq + 1));
        }
        return Optional.ofNullable(found);
    }

    private static String decode(String name, String raw) {
        try {
            return RawPaths.decodeSegment(raw.replace('+', ' '));
        } catch (InvalidKeyException e) {
            throw new InvalidTextException("query parameter '" + name + "' is not percent-encoded UTF-8");
        }
    }

    private static Optional<String> rawQuery(HttpRequest<?> request) {
        if (request instanceof ServletHttpRequest<?, ?> servlet
                && servlet.getNativeRequest() instanceof APIGatewayV2HTTPEvent event) {
            return Optional.of(event.getRawQueryString() == null ? "" : event.getRawQueryString());
        }
        return Optional.empty();
    }
}
