package io.stateapi.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stateapi.client.internal.JsonCodec;
import io.stateapi.client.internal.KeyOperations;
import io.stateapi.client.internal.KeyPaths;
import io.stateapi.client.internal.NamespaceOperations;
import io.stateapi.client.internal.RequestListeners;
import io.stateapi.client.internal.RetryBudget;
import io.stateapi.client.internal.Transport;
import io.stateapi.client.internal.VersionCache;
import io.stateapi.client.internal.Writes;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The entry point of the State API client. Build one per service endpoint and share it: it is
 * immutable and thread-safe, holds the connection pool, and its namespaces are cheap views.
 *
 * <pre>{@code
 * StateClient client = StateClient.builder()
 *     .endpoint(URI.create("http://localhost:8080"))
 *     .auth(Auth.refreshingBearer(TokenSource.jwt(identityProvider::accessToken)))
 *     .build();
 * StateNamespace carts = client.namespace("carts");
 * client.namespaces().create("orders", NamespaceSettings.builder().defaultTtl(Duration.ofDays(30)).build());
 * }</pre>
 *
 * <p>Every option that takes a built value also takes a {@code Consumer} of its builder, as the
 * AWS SDK for Java v2 does: {@code .retryPolicy(r -> r.maxAttempts(6))} is
 * {@code .retryPolicy(RetryPolicy.builder().maxAttempts(6).build())}, starting from the defaults.
 */
public final class StateClient implements AutoCloseable {

    private final URI endpoint;
    private final Auth auth;
    private final Timeouts timeouts;
    private final RetryPolicy retryPolicy;
    private final JsonCodec codec;
    private final VersionCache cache;
    private final Transport transport;
    private final boolean idempotencyKeys;

    private StateClient(Builder builder) {
        this.idempotencyKeys = builder.idempotencyKeys;
        this.endpoint = builder.endpoint;
        this.auth = builder.auth;
        this.timeouts = builder.timeouts;
        this.retryPolicy = builder.retryPolicy;
        this.codec = new JsonCodec(builder.objectMapper);
        this.cache = builder.cacheEntries > 0 ? new VersionCache(builder.cacheEntries) : null;
        boolean ownsHttp = builder.httpClient == null;
        HttpClient http = ownsHttp ? Transport.newHttpClient(timeouts, builder.httpClientCustomiser) : builder.httpClient;
        this.transport = new Transport(endpoint, auth.authorizer(), timeouts,
                new RetryBudget(retryPolicy.clientRetryBudget()), http, ownsHttp, new RequestListeners(builder.listeners));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The keys of one namespace. Checks the name locally ({@code ^[a-z0-9][a-z0-9._-]{0,62}$})
     * and throws {@code InvalidNamespaceException} without a request if it cannot be valid.
     */
    public StateNamespace namespace(String name) {
        KeyPaths.checkNamespace(name);
        return new StateNamespace(new KeyOperations(transport, new Writes(transport, idempotencyKeys), codec, cache, name,
                retryPolicy));
    }

    /**
     * Your tenant's namespaces: create one with settings, describe, list, delete and purge
     * (a cheap view, like {@link #namespace(String)}).
     */
    public Namespaces namespaces() {
        return new Namespaces(new NamespaceOperations(transport, retryPolicy));
    }

    /** The keys of one namespace, with operations returning {@code CompletableFuture}. */
    public AsyncStateNamespace asyncNamespace(String name) {
        return namespace(name).async();
    }

    public URI endpoint() {
        return endpoint;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public Timeouts timeouts() {
        return timeouts;
    }

    /** Whether writes carry an {@code Idempotency-Key} unless a call says otherwise (default true). */
    public boolean sendsIdempotencyKeys() {
        return idempotencyKeys;
    }

    /** Retries the client-wide budget still allows (see {@link RetryPolicy#clientRetryBudget()}). */
    public int remainingRetryBudget() {
        return transport.budget().available();
    }

    /**
     * Stops the client's connections, after in-flight requests finish. The client is unusable
     * afterwards. An {@code HttpClient} given to {@link Builder#httpClient(HttpClient)} is not
     * closed: it is the caller's.
     */
    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "StateClient[" + endpoint + ", " + auth + ", " + retryPolicy + ", cache=" + (cache != null)
                + ", idempotencyKeys=" + idempotencyKeys + "]";
    }

    public static final class Builder {
        private URI endpoint;
        private Auth auth = Auth.none();
        private Timeouts timeouts = Timeouts.defaults();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private ObjectMapper objectMapper;
        private int cacheEntries;
        private boolean idempotencyKeys = true;
        private HttpClient httpClient;
        private Consumer<HttpClient.Builder> httpClientCustomiser = builder -> { };
        private final List<RequestListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** The API's base URI, such as {@code https://abc123.execute-api.eu-west-1.amazonaws.com} (a stage path may follow). */
        public Builder endpoint(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            if (!"http".equalsIgnoreCase(endpoint.getScheme()) && !"https".equalsIgnoreCase(endpoint.getScheme())) {
                throw new IllegalArgumentException("endpoint must be an http or https URI; got " + endpoint);
            }
            if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
                throw new IllegalArgumentException("endpoint must not have a query or fragment; got " + endpoint);
            }
            this.endpoint = endpoint;
            return this;
        }

        public Builder auth(Auth auth) {
            this.auth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        /** As {@link #timeouts(Timeouts)}, the builder starting from {@link Timeouts#defaults()}. */
        public Builder timeouts(Consumer<Timeouts.Builder> timeouts) {
            return timeouts(Timeouts.from(timeouts));
        }

        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /** As {@link #retryPolicy(RetryPolicy)}, the builder starting from {@link RetryPolicy#defaults()}. */
        public Builder retryPolicy(Consumer<RetryPolicy.Builder> retryPolicy) {
            return retryPolicy(RetryPolicy.from(retryPolicy));
        }

        /**
         * Send requests with this HTTP client of yours: its proxy, TLS context ({@code SSLContext},
         * {@code SSLParameters}), executor, HTTP version preference, authenticator and cookie
         * handler apply. Its connect timeout and redirect policy apply too, so give it a connect
         * timeout and {@code Redirect.NEVER} (the client's own uses {@link Timeouts#connect()}
         * and never follows redirects). The client still sets, per request, the attempt timeout
         * ({@link Timeouts#attempt()}, within {@link Timeouts#call()}), HTTP/1.1 on {@code http://}
         * endpoints, and every header it sends; it does not close this client
         * ({@link StateClient#close()} leaves it open). Replaces {@link #httpClient(Consumer)}.
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /**
         * Customise the client's own HTTP client: {@code customiser} gets a builder already set
         * with the connect timeout ({@link Timeouts#connect()}) and {@code Redirect.NEVER}, and may
         * add a proxy, an {@code SSLContext}, an executor, a version, or change those two. The
         * client owns the result and closes it with itself. Replaces {@link #httpClient(HttpClient)}.
         *
         * <pre>{@code
         * .httpClient(http -> http.proxy(ProxySelector.of(new InetSocketAddress("proxy.internal", 3128)))
         *                        .sslContext(corporateTrust))
         * }</pre>
         */
        public Builder httpClient(Consumer<HttpClient.Builder> customiser) {
            this.httpClientCustomiser = Objects.requireNonNull(customiser, "customiser");
            this.httpClient = null;
            return this;
        }

        /**
         * Add a listener told of every attempt and every call (metrics, tracing); listeners are
         * called in the order added. See {@link RequestListener}.
         */
        public Builder listener(RequestListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The mapper that converts values to and from JSON. The default is exact for numbers
         * and knows {@code java.time}; a mapper of yours should enable
         * {@code USE_BIG_DECIMAL_FOR_FLOATS} if values must round-trip exactly.
         */
        public Builder objectMapper(ObjectMapper objectMapper) {
            this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
            return this;
        }

        /**
         * Opt into the version-validated cache, keeping up to {@code maxEntries} keys. Reads
         * still go to the service, with {@code If-None-Match}; a 304 answer reuses the cached
         * value instead of transferring and parsing it again. Reads are never staler for it.
         */
        public Builder versionCache(int maxEntries) {
            if (maxEntries < 0) {
                throw new IllegalArgumentException("maxEntries must not be negative");
            }
            this.cacheEntries = maxEntries;
            return this;
        }

        /**
         * Whether every write carries an {@code Idempotency-Key} (default true): a fresh random
         * key per logical write, the same on each of its retries, so the service applies it at
         * most once and every write is safe to retry. Turn it off only for a service without
         * idempotency support; writes are then retried only where a repeat cannot apply them
         * twice (README, "Retries"). A call can still choose with {@link WriteOptions}.
         */
        public Builder idempotencyKeys(boolean enabled) {
            this.idempotencyKeys = enabled;
            return this;
        }

        public StateClient build() {
            if (endpoint == null) {
                throw new IllegalStateException("endpoint is required");
            }
            return new StateClient(this);
        }
    }
}
