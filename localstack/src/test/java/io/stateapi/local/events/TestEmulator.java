package io.stateapi.local.events;

import io.stateapi.local.LocalAws;
import io.stateapi.local.MotoEmulator;

/** One moto per test JVM for the change event tests; each test class uses its own environment's resources on it. */
final class TestEmulator {

    private static MotoEmulator emulator;

    private TestEmulator() {
    }

    static synchronized MotoEmulator get() {
        if (emulator == null) {
            LocalAws.useEmulatorDefaults();
            emulator = MotoEmulator.start(MotoEmulator.venvPython(), 0);
        }
        return emulator;
    }
}
