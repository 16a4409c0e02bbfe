package io.stateapi.http;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.listing.KeyPrefix;
import io.stateapi.domain.listing.ListRequest;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.watch.WatchBatch;
import io.stateapi.domain.watch.WatchService;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/namespaces/{ns}/changes}: the resumable watch (ADR 0037), a long poll answered
 * as JSON, or as Server-Sent Events when the client accepts {@code text/event-stream} (one batch
 * per response: API Gateway and Lambda buffer a response, so a client reconnects with
 * {@code Last-Event-ID} after each). {@code GET .../changes/snapshot}: a prefix's live keys and the
 * cursor to watch from. {@code pending=true} adds the changes that have not settled yet (ADR 0060).
 * Translates HTTP to {@link WatchService} calls and nothing more.
 */
@Controller("/v1/namespaces/{namespace}/changes")
public class WatchController {

    private static final String PREFIX = "prefix";
    private static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final Set<String> WATCH_PARAMETERS = Set.of(PREFIX, "after", "limit", "waitSeconds", "pending");
    private static final Set<String> SNAPSHOT_PARAMETERS = Set.of(PREFIX, "limit", "page");
    private static final Pattern NUMBER = Pattern.compile("^[0-9]{1,4}$");
    /** A long poll's wait when the client names none. */
    static final int DEFAULT_WAIT_SECONDS = 5;

    private final WatchService watch;

    public WatchController(WatchService watch) {
        this.watch = watch;
    }

    @Get(produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM})
    public HttpResponse<byte[]> changes(Caller caller, HttpRequest<?> request, @PathVariable String namespace) {
        QueryParameters.only(request, WATCH_PARAMETERS, Set.of(PREFIX));
        Optional<String> cursor = Optional.ofNullable(request.getParameters().get("after"))
                .or(() -> Optional.ofNullable(request.getHeaders().get(LAST_EVENT_ID)));
        boolean withPending = pending(request);
        WatchBatch batch = watch.changes(caller, Namespace.of(namespace),
                KeyPrefix.of(TextParameters.of(request, PREFIX).orElse("")), cursor,
                number(request, "limit", WatchService.DEFAULT_LIMIT, 1, WatchService.MAX_LIMIT),
                Duration.ofSeconds(number(request, "waitSeconds", DEFAULT_WAIT_SECONDS, 0,
                        (int) WatchService.MAX_WAIT.toSeconds())),
                withPending);
        if (eventStream(request)) {
            return HttpResponse.ok(WatchRepresentations.eventStream(batch))
                    .contentType(MediaType.TEXT_EVENT_STREAM_TYPE)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        return HttpResponse.ok(WatchRepresentations.json(batch, withPending))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    @Get(uri = "/snapshot", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> snapshot(Caller caller, HttpRequest<?> request, @PathVariable String namespace) {
        QueryParameters.only(request, SNAPSHOT_PARAMETERS, Set.of(PREFIX));
        return HttpResponse.ok(WatchRepresentations.snapshot(watch.snapshot(caller, Namespace.of(namespace),
                        KeyPrefix.of(TextParameters.of(request, PREFIX).orElse("")),
                        number(request, "limit", ListRequest.DEFAULT_LIMIT, 1, ListRequest.MAX_LIMIT),
                        Optional.ofNullable(request.getParameters().get("page")))))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /**
     * Whether the client asked for Server-Sent Events: it names {@code text/event-stream} itself
     * (a wildcard such as curl's {@code *}{@code /*} is JSON) and does not name JSON.
     */
    private static boolean eventStream(HttpRequest<?> request) {
        return request.accept().stream().anyMatch(type -> type.getName().equals(MediaType.TEXT_EVENT_STREAM))
                && request.accept().stream().noneMatch(type -> type.getName().equals(MediaType.APPLICATION_JSON));
    }

    private static boolean pending(HttpRequest<?> request) {
        String value = request.getParameters().get("pending");
        if (value == null || value.equals("false")) {
            return false;
        }
        if (!value.equals("true")) {
            throw new InvalidRequestException("pending must be true or false");
        }
        return true;
    }

    private static int number(HttpRequest<?> request, String name, int absent, int min, int max) {
        String value = request.getParameters().get(name);
        if (value == null) {
            return absent;
        }
        if (!NUMBER.matcher(value).matches() || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
            throw new InvalidRequestException(name + " must be an integer from " + min + " to " + max);
        }
        return Integer.parseInt(value);
    }
}
