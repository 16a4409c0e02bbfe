package io.stateapi.local;

import java.net.URI;

/** An AWS API emulator (or a real AWS endpoint) the local stack talks to. */
public interface Emulator extends AutoCloseable {

    URI endpoint();

    /** What it is, for messages: "moto 5.2.5 on 127.0.0.1:4566". */
    String description();

    @Override
    void close();

    /** An endpoint someone else runs, named by {@code AWS_ENDPOINT_URL}; closing it does nothing. */
    static Emulator external(URI endpoint) {
        return of(endpoint, "external endpoint " + endpoint, () -> { });
    }

    /** An emulator at {@code endpoint} that {@code stop} shuts down. */
    static Emulator of(URI endpoint, String description, Runnable stop) {
        return new Emulator() {
            @Override
            public URI endpoint() {
                return endpoint;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public void close() {
                stop.run();
            }
        };
    }
}
