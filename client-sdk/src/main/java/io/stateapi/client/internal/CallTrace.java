package io.stateapi.client.internal;

import io.stateapi.client.exceptions.StateApiException;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Objects;

/**
 * What a call went through, recorded on the exception that ends it: the request id of its last
 * answer and the number of attempts. Recorded in the two places where calls end, so that every
 * exception, of every operation, present or future, carries them (ADR 0035): the transport, for
 * calls that end without an answer, and {@link ProblemMapper}, for error answers. An exception
 * made from another ({@code WriteOutcomeUnknownException}, {@code UpdateContentionException})
 * takes its cause's.
 *
 * <p>{@link StateApiException} keeps the fields private and registers the one way to set them
 * here, so the exceptions' public surface has no setter (the JDK's "shared secrets" idiom).
 */
public final class CallTrace {

    /**
     * The response headers that carry a request id, in order of preference: API Gateway HTTP APIs
     * send {@code apigw-requestid} on every answer, their own (throttling, authorizers) included,
     * as the local gateway does; REST APIs and Lambda function URLs send {@code x-amzn-RequestId}.
     */
    static final List<String> REQUEST_ID_HEADERS = List.of("apigw-requestid", "x-amzn-RequestId");

    /** Sets a call's trace on an exception; registered once, by {@link StateApiException}. */
    public interface Recorder {
        void record(StateApiException exception, String requestId, int attempts);
    }

    private static volatile Recorder recorder;

    private CallTrace() {
    }

    /** Called by {@link StateApiException}'s static initialiser; a second registration is refused. */
    public static synchronized void register(Recorder exceptionFields) {
        if (recorder != null) {
            throw new IllegalStateException("the call trace recorder is registered already");
        }
        recorder = Objects.requireNonNull(exceptionFields, "exceptionFields");
    }

    /** Records the trace on {@code exception} and returns it. */
    public static <E extends StateApiException> E record(E exception, String requestId, int attempts) {
        // An instance exists, so StateApiException is initialised and has registered.
        recorder.record(exception, requestId, attempts);
        return exception;
    }

    /** Records the trace of the call that got {@code response}. */
    public static <E extends StateApiException> E record(E exception, Transport.Response response) {
        return record(exception, response.requestId(), response.attempts());
    }

    /** The request id an answer carries, or null. */
    public static String requestId(HttpHeaders headers) {
        for (String name : REQUEST_ID_HEADERS) {
            var value = headers.firstValue(name);
            if (value.isPresent() && !value.get().isBlank()) {
                return value.get();
            }
        }
        return null;
    }
}
