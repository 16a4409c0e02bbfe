package io.stateapi.metrics;

import java.time.Duration;

/**
 * What the api function counts of each request it answered. A port of the HTTP layer: the
 * domain never counts anything, and nothing here knows how the counts reach CloudWatch
 * ({@link EmbeddedServiceMetrics} writes them as EMF lines).
 */
public interface RequestMetrics {

    /**
     * @param route    method and route template ({@code PUT /v1/namespaces/{namespace}/keys/{+key}})
     * @param status   the response's status code
     * @param replayed whether the response is the stored outcome of an earlier request with the
     *                 same Idempotency-Key
     * @param duration from routing to the response
     */
    void served(String route, int status, boolean replayed, Duration duration);
}
