package io.stateapi.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.stateapi.domain.exceptions.StateApiException;
import io.stateapi.domain.exceptions.UnreadableStateException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands domain failures to {@link Problems}. */
@Produces
@Singleton
@Requires(classes = {StateApiException.class, ExceptionHandler.class})
public class StateApiExceptionHandler implements ExceptionHandler<StateApiException, HttpResponse<byte[]>> {

    private static final Logger LOG = LoggerFactory.getLogger(StateApiExceptionHandler.class);

    @Override
    public HttpResponse<byte[]> handle(HttpRequest request, StateApiException exception) {
        if (exception instanceof UnreadableStateException) {
            // Not the caller's doing: an operator has to find and repair the item.
            LOG.error("{} {}: {}", request.getMethodName(), request.getPath(), exception.getMessage());
        }
        return Problems.from(exception, request.getPath());
    }
}
