package io.stateapi.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.stateapi.domain.exceptions.StateApiException;
import jakarta.inject.Singleton;

/** Hands domain failures to {@link Problems}. */
@Produces
@Singleton
@Requires(classes = {StateApiException.class, ExceptionHandler.class})
public class StateApiExceptionHandler implements ExceptionHandler<StateApiException, HttpResponse<byte[]>> {

    @Override
    public HttpResponse<byte[]> handle(HttpRequest request, StateApiException exception) {
        return Problems.from(exception, request.getPath());
    }
}
