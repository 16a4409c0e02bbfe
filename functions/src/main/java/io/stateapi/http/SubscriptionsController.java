package io.stateapi.http;

import static io.stateapi.http.RawBodies.body;
import static io.stateapi.http.RawBodies.json;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.subscriptions.Subscription;
import io.stateapi.domain.subscriptions.SubscriptionService;
import io.stateapi.domain.tenancy.Caller;

/**
 * {@code /v1/namespaces/{namespace}/subscriptions}: a namespace's subscriptions as a resource
 * (ADR 0038). Translates HTTP to {@link SubscriptionService} calls and nothing more.
 */
@Controller("/v1/namespaces/{namespace}/subscriptions")
public class SubscriptionsController {

    private final SubscriptionService service;

    public SubscriptionsController(SubscriptionService service) {
        this.service = service;
    }

    /** 201 with the subscription (also when a create that stopped halfway is finished by this request). */
    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> create(Caller caller, HttpRequest<?> request, @PathVariable String namespace) {
        QueryParameters.only(request, QueryParameters.NONE);
        Namespace name = Namespace.of(namespace);
        Subscription created = service.create(caller, name, SubscriptionRequestBody.parse(body(request)));
        return json(HttpResponse.status(HttpStatus.CREATED), SubscriptionRepresentations.of(created))
                .header(HttpHeaders.LOCATION, "/v1/namespaces/" + name.value() + "/subscriptions/" + created.name());
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> list(Caller caller, HttpRequest<?> request, @PathVariable String namespace) {
        QueryParameters.only(request, QueryParameters.NONE);
        return json(HttpResponse.ok(), SubscriptionRepresentations.of(service.list(caller, Namespace.of(namespace))));
    }

    @Get(uri = "/{subscription}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> describe(Caller caller, HttpRequest<?> request, @PathVariable String namespace,
                                         @PathVariable String subscription) {
        QueryParameters.only(request, QueryParameters.NONE);
        return json(HttpResponse.ok(), SubscriptionRepresentations.of(
                service.describe(caller, Namespace.of(namespace), subscription)));
    }

    /** 204, also when there is no such subscription (a repeated delete). */
    @Delete(uri = "/{subscription}")
    public HttpResponse<byte[]> delete(Caller caller, HttpRequest<?> request, @PathVariable String namespace,
                                       @PathVariable String subscription) {
        QueryParameters.only(request, QueryParameters.NONE);
        service.delete(caller, Namespace.of(namespace), subscription);
        return HttpResponse.noContent();
    }
}
