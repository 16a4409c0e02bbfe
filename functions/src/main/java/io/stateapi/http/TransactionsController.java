package io.stateapi.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.transactions.Transaction;
import io.stateapi.domain.transactions.TransactionResult;
import io.stateapi.domain.transactions.TransactionService;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /v1/transactions}: puts, deletes and condition checks over keys of the caller's
 * namespaces, all or nothing (ADR 0028). 200 lists every operation's key and the version it is
 * at after the commit; a failed condition is 409 {@code transaction-conflict}
 * ({@link Problems}).
 */
@Controller("/v1/transactions")
public class TransactionsController {

    private final TransactionService service;

    public TransactionsController(TransactionService service) {
        this.service = service;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> commit(Caller caller, HttpRequest<?> request, @Nullable @Body byte[] body) {
        QueryParameters.only(request, QueryParameters.NONE);
        Transaction transaction = TransactionRequest.parse(body);
        TransactionResult result = service.commit(caller, transaction, IdempotencyKeyHeader.of(request));
        return KeyResponses.replayed(HttpResponse.<byte[]>ok()
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(representation(result)), result.replayed());
    }

    /** {@code {"operations": [{"namespace", "key", "version"}, ...]}}, in request order. */
    private static byte[] representation(TransactionResult result) {
        ObjectNode body = StateJson.mapper().createObjectNode();
        ArrayNode operations = body.putArray("operations");
        for (TransactionResult.OperationResult operation : result.operations()) {
            ObjectNode entry = operations.addObject();
            entry.put("namespace", operation.namespace().value());
            entry.put("key", operation.key().value());
            if (operation.currentVersion().isPresent()) {
                entry.put("version", operation.currentVersion().get().value());
            } else {
                entry.putNull("version");
            }
        }
        return StateJson.write(body).getBytes(StandardCharsets.UTF_8);
    }
}
