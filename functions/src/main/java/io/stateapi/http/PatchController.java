package io.stateapi.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import io.stateapi.domain.patch.PatchService;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.json.StateJson;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code PATCH /v1/namespaces/{ns}/keys/{key}}: a partial update of one key (ADR 0029), with a
 * JSON Merge Patch (RFC 7396) or a JSON Patch (RFC 6902) as the whole body, told apart by the
 * {@code Content-Type}. Translates HTTP to {@link PatchService} calls and nothing more.
 */
@Controller("/v1/namespaces/{namespace}/keys")
public class PatchController {

    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final String JSON_PATCH = "application/json-patch+json";
    static final String ACCEPT_PATCH = "Accept-Patch";

    private final PatchService service;

    public PatchController(PatchService service) {
        this.service = service;
    }

    // Every media type reaches the method, so a wrong one is answered with Accept-Patch (RFC 5789).
    @Patch(uri = "/{+key}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> patch(Caller caller, HttpRequest<?> request,
                                      @PathVariable String namespace,
                                      @PathVariable String key,
                                      @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch,
                                      @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                      @Nullable @Body byte[] body) {
        QueryParameters.only(request, QueryParameters.NONE);
        String mediaType = request.getContentType().map(MediaType::getName).map(n -> n.toLowerCase(Locale.ROOT))
                .orElse("");
        if (!mediaType.equals(MERGE_PATCH) && !mediaType.equals(JSON_PATCH)) {
            // RFC 5789: a 415 names the patch formats the resource takes.
            return Problems.render(ProblemType.UNSUPPORTED_MEDIA_TYPE, "a PATCH body is a JSON Merge Patch ("
                            + MERGE_PATCH + ") or a JSON Patch (" + JSON_PATCH + "); got "
                            + (mediaType.isEmpty() ? "no Content-Type" : mediaType), request.getPath())
                    .header(ACCEPT_PATCH, MERGE_PATCH + ", " + JSON_PATCH);
        }
        io.stateapi.domain.patch.Patch patch = patch(mediaType, body);
        WriteResult result = service.patch(caller, Namespace.of(namespace), KeyPaths.of(request, "keys", key), patch,
                EntityTags.precondition(ifMatch, ifNoneMatch), IdempotencyKeyHeader.of(request));
        return KeyResponses.replayed(KeyResponses.representation(HttpResponse.ok(), result.record()), result.replayed());
    }

    /** The body as the patch its media type says; parsed as every untrusted JSON is. */
    private static io.stateapi.domain.patch.Patch patch(String mediaType, byte[] body) {
        if (body != null && body.length > WriteRequest.MAX_BODY_BYTES) {
            throw new PayloadTooLargeException("request body of " + body.length + " bytes", WriteRequest.MAX_BODY_BYTES);
        }
        return switch (mediaType) {
            case MERGE_PATCH -> new io.stateapi.domain.patch.Patch.MergePatch(document(body));
            default -> new io.stateapi.domain.patch.Patch.JsonPatch(document(body));
        };
    }

    private static JsonDocument document(byte[] body) {
        return StateJson.document(StateJson.parse(body));
    }
}
