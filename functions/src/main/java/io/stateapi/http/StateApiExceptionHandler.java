package io.stateapi.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.stateapi.domain.exceptions.StateApiException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Hands domain failures to {@link Problems}, and logs those that are not the caller's doing (a
 * 5xx: the store unavailable, an unreadable item) with their cause, so that no 5xx goes
 * unexplained in the logs (ADR 0048). The line carries the request's {@link io.stateapi.logging.LogFields}.
 */
@Produces
@Singleton
@Requires(classes = {StateApiException.class, ExceptionHandler.class})
public class StateApiExceptionHandler implements ExceptionHandler<StateApiException, HttpResponse<byte[]>> {

    private static final Logger LOG = LoggerFactory.getLogger(StateApiExceptionHandler.class);

    @Override
    public HttpResponse<byte[]> handle(HttpRequest request, StateApiException exception) {
        MutableHttpResponse<byte[]> response = Problems.from(exception, request.getPath());
        int status = response.code();
        if (status >= 500) {
            // A 503 passes (the caller retries after Retry-After); a 500 needs an operator, who has
            // to find and repair the item. The message names the problem, never the path: it holds keys.
            LOG.atLevel(status == 503 ? Level.WARN : Level.ERROR)
                    .setCause(exception)
                    .log("{} answered {}: {}", request.getMethodName(), status, exception.getMessage());
        }
        return response;
    }
}
