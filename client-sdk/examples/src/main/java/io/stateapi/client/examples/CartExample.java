package io.stateapi.client.examples;

import io.stateapi.client.Auth;
import io.stateapi.client.IfVersion;
import io.stateapi.client.StateClient;
import io.stateapi.client.StateNamespace;
import io.stateapi.client.Versioned;
import io.stateapi.client.WriteOptions;
import io.stateapi.client.exceptions.KeyNotFoundException;
import io.stateapi.client.exceptions.VersionConflictException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A shopping cart kept in the State API: every operation of the client once.
 *
 * <p>Run it against {@code make run} (see client-sdk/README.md):
 * <pre>
 *   client-sdk/examples/run.sh                           # http://localhost:8080, a token from make token
 *   STATE_API_TOKEN=... client-sdk/examples/run.sh https://api.example.com   # any other endpoint
 * </pre>
 * The bearer token comes from {@code STATE_API_TOKEN}.
 */
public final class CartExample {

    /** The value type: any class Jackson maps will do; records work as they are. */
    public record Cart(List<String> items) {
        Cart add(String item) {
            List<String> more = new ArrayList<>(items);
            more.add(item);
            return new Cart(more);
        }
    }

    public static void main(String[] args) {
        URI endpoint = URI.create(args.length > 0 ? args[0]
                : System.getenv().getOrDefault("STATE_API_ENDPOINT", "http://localhost:8080"));
        String token = System.getenv("STATE_API_TOKEN");
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("STATE_API_TOKEN must hold a bearer token (make token TENANT=demo prints one)");
        }
        run(endpoint, Auth.bearer(() -> token), System.out);
    }

    public static void run(URI endpoint, Auth auth, PrintStream out) {
        // One client per endpoint, shared by the whole application: immutable and thread-safe.
        try (StateClient client = StateClient.builder()
                .endpoint(endpoint)
                .auth(auth)
                .versionCache(1_000)
                .build()) {
            StateNamespace carts = client.namespace("examples");
            String key = "users/" + ProcessHandle.current().pid() + "-" + System.nanoTime() + "/cart";
            out.println("State API at " + endpoint + ", key examples/" + key);

            // create: only if the key does not exist yet (If-None-Match: *)
            Versioned<Cart> created = carts.create(key, new Cart(List.of("apple")));
            out.println("created  v" + created.version() + " " + created.value());

            // get: strongly consistent read, typed
            Versioned<Cart> read = carts.get(key, Cart.class);
            out.println("get      v" + read.version() + " " + read.value());

            // put with IfVersion: compare-and-set against the version we read
            Versioned<Cart> replaced = carts.put(key, read.value().add("pear"), IfVersion.of(read.version()));
            out.println("cas put  v" + replaced.version() + " " + replaced.value());

            // the same compare-and-set again is now stale: a conflict, carrying the current version
            try {
                carts.put(key, read.value().add("plum"), read.ifUnchanged());
            } catch (VersionConflictException conflict) {
                out.println("conflict current version " + conflict.currentVersion().orElseThrow());
            }

            // update: the compare-and-set loop; safe under any number of concurrent writers
            Versioned<Cart> updated = carts.update(key, Cart.class, cart -> cart.add("fig"));
            out.println("update   v" + updated.version() + " " + updated.value());

            // put, last write wins, with a time to live
            Versioned<Cart> withTtl = carts.put(key, updated.value(), WriteOptions.builder().ttl(Duration.ofHours(1)).build());
            out.println("put ttl  v" + withTtl.version() + " expires " + withTtl.expiresAt());

            // async: the same operations as CompletableFuture
            Versioned<Cart> async = carts.async().get(key, Cart.class).join();
            out.println("async    v" + async.version() + " " + async.value());

            // delete, only if nobody changed the key since we wrote it
            carts.delete(key, withTtl.ifUnchanged());
            Optional<Versioned<Cart>> gone = carts.find(key, Cart.class);
            out.println("deleted  present=" + gone.isPresent());

            try {
                carts.get(key, Cart.class);
            } catch (KeyNotFoundException notFound) {
                out.println("get      404 " + notFound.problemType().orElseThrow());
            }
        }
    }
}
