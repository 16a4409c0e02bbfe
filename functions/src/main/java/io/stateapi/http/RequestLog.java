package io.stateapi.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteMatch;
import io.stateapi.logging.LogFields;
import io.stateapi.metrics.RequestMetrics;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Each request's outcome, once: one log line (route, namespace, status, duration; the request
 * and trace ids come from {@link ApiFunction}'s {@link LogFields}) and its metrics.
 *
 * <p>The route and namespace are put in the log fields as soon as the route is matched, so a
 * line written while the request runs (a 5xx's cause, by {@link StateApiExceptionHandler})
 * carries them too. Nothing of the request's body, query or headers is read: a value or a
 * credential cannot end up here.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
    /** The route of a request no route matched (an unknown path, a wrong method). */
    static final String UNMATCHED = "unmatched";
    /** Namespace names are short; anything longer is a caller's mistake, cut to keep lines small. */
    private static final int NAMESPACE_LOGGED_LENGTH = 64;
    private static final String STARTED = RequestLog.class.getName() + ".started";

    private final RequestMetrics metrics;

    public RequestLog(RequestMetrics metrics) {
        this.metrics = metrics;
    }

    @RequestFilter
    public void routed(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
        LogFields.put(LogFields.METHOD, request.getMethodName());
        LogFields.put(LogFields.ROUTE, template(request));
        if (RouteAttributes.getRouteMatch(request).orElse(null) instanceof UriRouteMatch<?, ?> match
                && match.getVariableValues().get("namespace") instanceof CharSequence namespace) {
            String name = namespace.toString();
            LogFields.put(LogFields.NAMESPACE, name.length() <= NAMESPACE_LOGGED_LENGTH ? name
                    : name.substring(0, NAMESPACE_LOGGED_LENGTH));
        }
    }

    @ResponseFilter
    public void answered(HttpRequest<?> request, MutableHttpResponse<?> response) {
        int status = response.code();
        long started = request.getAttribute(STARTED, Long.class).orElseGet(System::nanoTime);
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        String route = request.getMethodName() + " " + template(request);
        boolean replayed = "true".equals(response.getHeaders().get(IdempotencyKeyHeader.REPLAYED));
        // 5xx lines are warnings: the cause was logged where it was known, this line says which request it was.
        LOG.atLevel(status >= 500 ? Level.WARN : Level.INFO)
                .addKeyValue("status", status)
                .addKeyValue("durationMs", duration.toMillis())
                .addKeyValue("idempotentReplay", replayed)
                .log("{} {}", route, status);
        metrics.served(route, status, replayed, duration);
    }

    /** The matched route's template, never the path: a path holds keys. */
    private static String template(HttpRequest<?> request) {
        return RouteAttributes.getRouteMatch(request).orElse(null) instanceof UriRouteMatch<?, ?> match
                ? match.getRouteInfo().getUriMatchTemplate().toString() : UNMATCHED;
    }
}
