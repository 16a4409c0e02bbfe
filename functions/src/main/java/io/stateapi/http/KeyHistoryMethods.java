package io.stateapi.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Answers 405 for a method a key history path does not take (ADR 0036) before routing binds a
 * body: {@code PUT .../keys/a/versions} would otherwise reach the key routes as a write of the key
 * {@code a/versions}, or fail reading its body first.
 */
@ServerFilter("/v1/namespaces/**")
public class KeyHistoryMethods {

    @RequestFilter
    @Nullable
    public HttpResponse<?> onlyTheHistorysMethods(HttpRequest<?> request) {
        return KeyHistoryController.methodNotAllowed(request).orElse(null);
    }
}
