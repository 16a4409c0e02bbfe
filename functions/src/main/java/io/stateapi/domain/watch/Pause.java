package io.stateapi.domain.watch;

import java.time.Duration;

/** How a long poll waits between reads of the feed; tests give one that moves a fake clock. */
@FunctionalInterface
public interface Pause {

    Pause SLEEP = duration -> {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    };

    void pause(Duration duration);
}
