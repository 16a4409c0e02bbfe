package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static io.stateapi.http.Http.keyPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.local.TestStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Serializable transactions over HTTP: 8 clients make 1,000 transfers in total between 20
 * accounts, each reading two balances and committing both new balances with {@code ifVersion}
 * on each (a conflict is read again and retried). Money is neither made nor lost.
 *
 * <p>1,000 is issue 11's figure, and stays whatever the suite's time: a smaller run (150 were
 * tried for issue 14) also catches a missing {@code ifVersion} (705 off in 150), but the issue
 * names the check it must pass, not a sample of it. About two conflicts are retried for every
 * three transfers (665 in a run of 1,000).
 */
class TransfersKeepTheTotalTest {

    private static final int ACCOUNTS = 20;
    private static final int CLIENTS = 8;
    private static final int TRANSFERS = 1_000;
    private static final int OPENING_BALANCE = 1_000;

    private final Http http = new Http(TestStack.shared().api());
    private final String ns = TestStack.uniqueNamespace("bank");

    @Test
    void concurrentTransfersKeepTheTotalConstant() throws Exception {
        for (int i = 0; i < ACCOUNTS; i++) {
            assertThat(http.put(keyPath(ns, account(i)), "{\"value\":" + OPENING_BALANCE + "}").statusCode()).isEqualTo(201);
        }
        AtomicInteger remaining = new AtomicInteger(TRANSFERS);
        AtomicInteger conflicts = new AtomicInteger();
        List<Future<?>> clients = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            for (int c = 0; c < CLIENTS; c++) {
                Random random = new Random(c);
                clients.add(pool.submit(() -> {
                    while (remaining.getAndDecrement() > 0) {
                        int from = random.nextInt(ACCOUNTS);
                        int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                        int amount = 1 + random.nextInt(50);
                        while (!transfer(account(from), account(to), amount)) {
                            conflicts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
        }

        long total = 0;
        long versions = 0;
        for (int i = 0; i < ACCOUNTS; i++) {
            JsonNode account = json(http.get(keyPath(ns, account(i))));
            total += account.get("value").asLong();
            versions += account.get("version").asLong() - 1;
        }
        assertThat(total).isEqualTo((long) ACCOUNTS * OPENING_BALANCE);
        assertThat(versions).as("two new versions per committed transfer").isEqualTo(2L * TRANSFERS);
        System.out.printf("%d transfers by %d clients, %d conflicts retried%n", TRANSFERS, CLIENTS, conflicts.get());
    }

    /** One attempt: true when committed, false on a conflict (to be read again and retried). */
    private boolean transfer(String from, String to, int amount) {
        JsonNode source = json(read(from));
        JsonNode target = json(read(to));
        String body = """
                {"operations": [
                  {"type": "put", "namespace": "%s", "key": "%s", "value": %d, "ifVersion": %d},
                  {"type": "put", "namespace": "%s", "key": "%s", "value": %d, "ifVersion": %d}
                ]}""".formatted(ns, from, source.get("value").asLong() - amount, source.get("version").asLong(),
                ns, to, target.get("value").asLong() + amount, target.get("version").asLong());
        // A 503 (the store did not answer in time on a loaded machine) leaves the outcome unknown:
        // sent again under the same Idempotency-Key, a committed transfer is replayed, never repeated.
        String idempotencyKey = "\"" + java.util.UUID.randomUUID() + "\"";
        HttpResponse<String> response;
        do {
            response = http.send("POST", TransactionsApiEndToEndTest.PATH, body.getBytes(StandardCharsets.UTF_8),
                    "Content-Type", "application/json", "Idempotency-Key", idempotencyKey);
        } while (response.statusCode() == 503);
        assertThat(response.statusCode()).as(response.body()).isIn(200, 409);
        return response.statusCode() == 200;
    }

    /** A balance read; a 503 is read again, as any client would. */
    private HttpResponse<String> read(String account) {
        HttpResponse<String> response;
        do {
            response = http.get(keyPath(ns, account));
        } while (response.statusCode() == 503);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static String account(int i) {
        return "account-" + i;
    }
}
