package io.stateapi.local.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The benchmarks' HTTP client: sends a request again, as a well-behaved client does, when the
 * service answers 503 (the store did not answer in time; the emulator is busy) or 429, waiting
 * what {@code Retry-After} asks (seconds or an HTTP date), else a jittered exponential backoff;
 * and when the connection is refused (nothing was sent). Every retry is counted in
 * {@link RetryCounts}. After {@link #MAX_ATTEMPTS} attempts the last answer goes to the caller,
 * whose phase then fails and is reported. A write sent again may have been applied already (the
 * 503's own words); the benchmarks' writes are last-write-wins or carry an {@code Idempotency-Key}.
 */
public final class RetryingHttp {

    static final int MAX_ATTEMPTS = Integer.getInteger("bench.maxAttempts", 8);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final long BASE_BACKOFF_MILLIS = 100;

    private final HttpClient http;
    private final RetryCounts counts;

    public RetryingHttp(HttpClient http, RetryCounts counts) {
        this.http = http;
        this.counts = counts;
    }

    /** {@link HttpClient#send}, with 503, 429 and refused connections sent again. */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<T> response;
            try {
                response = http.send(request, handler);
            } catch (ConnectException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    counts.gaveUp();
                    throw e;
                }
                counts.retried("connectionRefused");
                Thread.sleep(backoff(attempt).toMillis());
                continue;
            }
            int status = response.statusCode();
            if (status != 503 && status != 429) {
                return response;
            }
            if (attempt >= MAX_ATTEMPTS) {
                counts.gaveUp();
                return response;
            }
            counts.retried(Integer.toString(status));
            Thread.sleep(wait(response.headers().firstValue("Retry-After").orElse(null), attempt).toMillis());
        }
    }

    /** The wait before attempt {@code attempt + 1}: {@code Retry-After} when given, else a backoff. */
    static Duration wait(String retryAfter, int attempt) {
        if (retryAfter != null) {
            try {
                return min(Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.trim()))));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
                    return min(until.isNegative() ? Duration.ZERO : until);
                } catch (DateTimeParseException notADate) {
                    // an answer we cannot read: back off as if none was given
                }
            }
        }
        return backoff(attempt);
    }

    private static Duration backoff(int attempt) {
        long cap = BASE_BACKOFF_MILLIS << Math.min(attempt - 1, 5);
        return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
    }

    private static Duration min(Duration wait) {
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }
}
