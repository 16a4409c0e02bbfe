package io.stateapi.http;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;

/**
 * Renders the framework's own errors (no route, method not allowed, unsupported media type,
 * unbindable input, unexpected exceptions) through {@link Problems}, so that every error
 * response is problem+json.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {

    @Override
    public MutableHttpResponse<byte[]> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        String detail;
        if (response.getStatus().getCode() >= 500) {
            // Never echo internals to callers; Micronaut's RouteExecutor has logged the cause.
            detail = "the request could not be completed and a write may have been applied; repeat a write only with the same Idempotency-Key";
        } else {
            detail = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        }
        MutableHttpResponse<byte[]> problem = Problems.forStatus(response.getStatus(), detail, context.getRequest().getPath());
        response.getHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Allow")) {
                values.forEach(value -> problem.header(name, value));
            }
        });
        return problem;
    }
}
