package io.stateapi.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.micronaut.servlet.http.ServletHttpRequest;
import io.stateapi.auth.Callers;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.RequestQuota;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Gives controllers the {@link Caller} of a request, from the authorizer's verdict in the API
 * Gateway event; a request without one fails as unauthenticated before any controller code runs.
 *
 * <p>It is also the one place that charges the tenant's request quota (ADR 0017): every route that
 * touches a tenant's data takes a {@code Caller}, and the quota is charged as soon as the tenant is
 * known, before the controller runs. Requests refused before that (no credential, a credential
 * naming no tenant) are not charged, nor are routes without a caller ({@code /health}) or
 * callers without a tenant (operators).
 */
@Singleton
public class CallerBinder implements TypedRequestArgumentBinder<Caller> {

    private final Callers callers;
    private final RequestQuota quota;

    public CallerBinder(Callers callers, RequestQuota quota) {
        this.callers = callers;
        this.quota = quota;
    }

    @Override
    public Argument<Caller> argumentType() {
        return Argument.of(Caller.class);
    }

    @Override
    public BindingResult<Caller> bind(ArgumentConversionContext<Caller> context, HttpRequest<?> request) {
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = null;
        if (request instanceof ServletHttpRequest<?, ?> servlet
                && servlet.getNativeRequest() instanceof APIGatewayV2HTTPEvent event
                && event.getRequestContext() != null) {
            authorizer = event.getRequestContext().getAuthorizer();
        }
        Caller caller = callers.of(authorizer);
        caller.tenant().ifPresent(quota::admit);
        return () -> Optional.of(caller);
    }
}
