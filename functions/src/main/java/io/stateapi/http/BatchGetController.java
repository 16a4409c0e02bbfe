package io.stateapi.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.batch.BatchGetResult;
import io.stateapi.domain.batch.BatchGetService;
import io.stateapi.domain.tenancy.Caller;

/** {@code POST /v1/namespaces/{namespace}/batch-get}: up to 100 keys in one request (ADR 0027). */
@Controller("/v1/namespaces/{namespace}/batch-get")
public class BatchGetController {

    private final BatchGetService service;

    public BatchGetController(BatchGetService service) {
        this.service = service;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> batchGet(Caller caller, HttpRequest<?> request, @PathVariable String namespace,
                                         @Nullable @Body byte[] body) {
        QueryParameters.only(request, QueryParameters.NONE);
        Namespace ns = Namespace.of(namespace);
        BatchGetRequest batch = BatchGetRequest.parse(body);
        BatchGetResult result = service.getAll(caller, ns, batch.batch(), batch.consistency());
        return HttpResponse.ok(BatchGetRepresentation.of(result)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
