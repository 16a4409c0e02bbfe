package io.stateapi.http;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateStore;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Primes the api function before Lambda takes its SnapStart snapshot, so a restored
 * environment starts with the DynamoDB client, its credentials provider, the adapter's
 * marshalling and the JSON mapper already loaded and JIT-warmed instead of paying for them on
 * the first request.
 *
 * <p>Lambda sets {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start} while it initializes a
 * version for its snapshot; only then does this bean exist. Priming never fails the
 * snapshot: a failed priming read only means a colder first request.
 */
@Context
@Requires(property = "aws.lambda.initialization-type", value = "snap-start")
public class SnapStartPriming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);
    /** What priming reads; it only ever reads, so whatever is (or is not) there is left alone. */
    static final TenantNamespace NAMESPACE = TenantNamespace.of("snapstart-priming", "snapstart-priming");
    static final Key KEY = Key.of("priming");

    private static final byte[] SAMPLE = "{\"primed\":[1,2.5,\"x\",true,null,{}]}".getBytes(StandardCharsets.UTF_8);

    private final StateStore store;
    private final Clock clock;

    public SnapStartPriming(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        // CRaC holds resources weakly; the application context holds this singleton strongly.
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to refresh: the SDK re-resolves credentials and reconnects on its own
    }

    void prime() {
        try {
            StateJson.write(StateJson.parse(SAMPLE));
            store.get(NAMESPACE, KEY, ReadConsistency.STRONG, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("SnapStart priming failed ({}); the first request after restore will be slower", e.toString());
        }
    }
}
