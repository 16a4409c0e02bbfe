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
        return new Emulator() {
            @Override
            public URI endpoint() {
                return endpoint;
            }

            @Override
            public String description() {
                return "external endpoint " + endpoint;
            }

            @Override
            public void close() {
            }
        };
    }
}
