package io.stateapi.linearizability.keys;

import io.stateapi.linearizability.HistoryRecorder;
import io.stateapi.linearizability.Operation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Concurrent clients doing reads, writes, compare-and-set, create-only and deletes on a few
 * keys, each with its own seeded choice of operations, and the history they record. Every
 * written value is unique ({@code c<client>-<n>}), so a read tells which write it saw.
 *
 * @param clients      concurrent clients (threads)
 * @param keys         the keys they share
 * @param opsPerClient operations each client carries out
 * @param seed         seeds every client's choices (client {@code c} uses {@code seed + c})
 */
public record KeyWorkload(int clients, List<String> keys, int opsPerClient, long seed) {

    public KeyWorkload {
        keys = List.copyOf(keys);
        if (clients < 1 || keys.isEmpty() || opsPerClient < 1) {
            throw new IllegalArgumentException("a workload needs clients, keys and operations");
        }
    }

    /** Runs the clients ({@code clientFor.apply(c)} for c = 0..clients-1) to the end and returns the history. */
    public List<Operation<KeyInput, KeyOutput>> run(IntFunction<KeyClient> clientFor) throws Exception {
        HistoryRecorder<KeyInput, KeyOutput> recorder = new HistoryRecorder<>();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> running = new java.util.ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                KeyClient api = clientFor.apply(c);
                running.add(pool.submit(() -> {
                    start.await();
                    drive(client, api, recorder);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : running) {
                future.get();
            }
        }
        return recorder.history();
    }

    private void drive(int client, KeyClient api, HistoryRecorder<KeyInput, KeyOutput> recorder) {
        Random random = new Random(seed + client);
        // The last version this client saw of each key: compare-and-set and conditional deletes
        // use it, so they succeed when nobody got in between and conflict when somebody did.
        Map<String, Long> seen = new HashMap<>();
        for (int n = 0; n < opsPerClient; n++) {
            String key = keys.get(random.nextInt(keys.size()));
            long version = seen.getOrDefault(key, 1L);
            String value = "c" + client + "-" + n;
            int dice = random.nextInt(100);
            KeyInput input;
            if (dice < 30) {
                input = KeyInput.get();
            } else if (dice < 45) {
                input = KeyInput.put(value);
            } else if (dice < 70) {
                input = KeyInput.compareAndSet(version, value);
            } else if (dice < 82) {
                input = KeyInput.create(value);
            } else if (dice < 92) {
                input = KeyInput.delete();
            } else {
                input = KeyInput.deleteIfVersion(version);
            }
            HistoryRecorder<KeyInput, KeyOutput>.Call call = recorder.invoke(client, key, input);
            KeyOutput output;
            try {
                output = api.execute(key, input);
            } catch (KeyClient.OutcomeUnknownException e) {
                call.indeterminate();
                continue;
            }
            call.answered(output);
            switch (output) {
                case KeyOutput.Found found -> seen.put(key, found.version());
                case KeyOutput.Written written -> seen.put(key, written.version());
                case KeyOutput.Conflict conflict when conflict.currentVersion() != null -> seen.put(key, conflict.currentVersion());
                default -> {
                }
            }
        }
    }
}
