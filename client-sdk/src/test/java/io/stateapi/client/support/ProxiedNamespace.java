package io.stateapi.client.support;

import io.stateapi.client.RetryPolicy;
import io.stateapi.client.StateClient;
import io.stateapi.client.StateNamespace;
import java.util.function.UnaryOperator;

/**
 * One fresh namespace seen two ways: through a {@link FaultProxy} that injects faults and
 * records every exchange, and directly, to arrange and check state without faults.
 *
 * @param proxied the client under test, configured by the caller, talking through the proxy
 * @param direct  a plain client on the same namespace, straight to the local stack
 */
public record ProxiedNamespace(FaultProxy proxy, StateClient client, StateNamespace proxied,
                               StateClient directClient, StateNamespace direct) implements AutoCloseable {

    /**
     * @param prefix    the namespace's prefix ({@link TestStack#uniqueNamespace})
     * @param configure what the test changes on the proxied client's builder (retries, keys, ...)
     */
    public static ProxiedNamespace start(String prefix, RetryPolicy retries, UnaryOperator<StateClient.Builder> configure) {
        FaultProxy proxy = FaultProxy.start(TestStack.get().apiEndpoint());
        StateClient client = configure.apply(TestStack.get().client(proxy.endpoint()).retryPolicy(retries)).build();
        StateClient directClient = TestStack.get().client().build();
        String name = TestStack.uniqueNamespace(prefix);
        return new ProxiedNamespace(proxy, client, client.namespace(name), directClient, directClient.namespace(name));
    }

    @Override
    public void close() {
        client.close();
        directClient.close();
        proxy.close();
    }
}
