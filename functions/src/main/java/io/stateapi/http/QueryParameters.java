package io.stateapi.http;

import io.micronaut.http.HttpRequest;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.exceptions.InvalidRequestException;
import java.util.Set;

/** The one rule for query parameters: unknown ones are errors, so a misspelt option is never silently ignored. */
final class QueryParameters {

    static final Set<String> NONE = Set.of();

    private QueryParameters() {
    }

    /** @throws InvalidRequestException when a parameter is not in {@code allowed}, or is given twice */
    static void only(HttpRequest<?> request, Set<String> allowed) {
        only(request, allowed, NONE);
    }

    /**
     * As {@link #only(HttpRequest, Set)}, for an operation whose {@code freeText} parameters are
     * read by {@link TextParameters}, which checks their repetition itself (a comma in them is text).
     */
    static void only(HttpRequest<?> request, Set<String> allowed, Set<String> freeText) {
        for (String name : request.getParameters().names()) {
            if (!allowed.contains(name)) {
                throw new InvalidRequestException("unknown query parameter '" + name + "'"
                        + (allowed.isEmpty() ? "; this operation takes none" : "; allowed: " + String.join(", ", allowed)));
            }
            if (!freeText.contains(name) && request.getParameters().getAll(name).size() > 1) {
                throw new InvalidRequestException("query parameter '" + name + "' is given more than once");
            }
        }
    }

    /** {@code ?consistency=strong|eventual}; strong when absent. */
    static ReadConsistency consistency(HttpRequest<?> request) {
        String value = request.getParameters().get("consistency");
        if (value == null || value.equals("strong")) {
            return ReadConsistency.STRONG;
        }
        if (value.equals("eventual")) {
            return ReadConsistency.EVENTUAL;
        }
        throw new InvalidRequestException("consistency must be 'strong' or 'eventual'; got: " + value);
    }
}
