package io.stateapi.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryingHttpTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void sendsA503AndA429AgainUntilTheServiceAnswersAndCountsBoth() throws Exception {
        URI uri = serve(503, 429, 200);
        RetryCounts counts = new RetryCounts();

        HttpResponse<String> response = new RetryingHttp(HttpClient.newHttpClient(), counts)
                .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(counts.total()).isEqualTo(2);
        assertThat(counts.toJson().path("503").asLong()).isEqualTo(1);
        assertThat(counts.toJson().path("429").asLong()).isEqualTo(1);
    }

    @Test
    void givesTheLastAnswerBackAfterItsAttemptsAndCountsThatItGaveUp() throws Exception {
        Integer[] always503 = new Integer[RetryingHttp.MAX_ATTEMPTS + 1];
        java.util.Arrays.fill(always503, 503);
        URI uri = serve(always503);
        RetryCounts counts = new RetryCounts();

        HttpResponse<String> response = new RetryingHttp(HttpClient.newHttpClient(), counts)
                .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(counts.total()).isEqualTo(RetryingHttp.MAX_ATTEMPTS - 1);
        assertThat(counts.gaveUpCount()).isEqualTo(1);
    }

    @Test
    void waitsWhatRetryAfterAsksInSecondsOrAsADate() {
        assertThat(RetryingHttp.wait("1", 1)).isEqualTo(Duration.ofSeconds(1));
        String inThreeSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3));
        assertThat(RetryingHttp.wait(inThreeSeconds, 1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
        assertThat(RetryingHttp.wait("3600", 1)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void backsOffWithoutRetryAfterOrWithOneItCannotRead() {
        assertThat(RetryingHttp.wait(null, 1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(RetryingHttp.wait("soon", 3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    /** A server that answers with {@code statuses} in turn, each 503 and 429 with {@code Retry-After: 0}. */
    private URI serve(Integer... statuses) throws Exception {
        Queue<Integer> answers = new ArrayDeque<>(List.of(statuses));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int status = answers.isEmpty() ? 500 : answers.remove();
            if (status != 200) {
                exchange.getResponseHeaders().add("Retry-After", "0");
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }
}
