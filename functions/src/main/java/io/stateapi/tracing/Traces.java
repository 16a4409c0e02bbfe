package io.stateapi.tracing;

import io.stateapi.resources.TracingSettings;
import java.util.Map;
import java.util.Objects;

/**
 * The process's {@link Tracing}: from the environment on first use ({@code STATE_TRACING=xray} with
 * Lambda's X-Ray daemon address, which active tracing sets), {@link Tracing#OFF} otherwise. The
 * local stack and tests may put another in place before they build clients and handlers.
 */
public final class Traces {

    private static volatile Tracing current;

    private Traces() {
    }

    public static Tracing current() {
        Tracing tracing = current;
        if (tracing == null) {
            synchronized (Traces.class) {
                if (current == null) {
                    current = fromEnvironment(System.getenv());
                }
                tracing = current;
            }
        }
        return tracing;
    }

    /**
     * Puts {@code tracing} in place for what is built from now on (AWS SDK clients take their
     * interceptors when they are built).
     */
    public static void use(Tracing tracing) {
        current = Objects.requireNonNull(tracing, "tracing");
    }

    static Tracing fromEnvironment(Map<String, String> environment) {
        String daemon = environment.get(TracingSettings.ENV_XRAY_DAEMON_ADDRESS);
        if (!TracingSettings.XRAY.equals(environment.get(TracingSettings.ENV_TRACING)) || daemon == null
                || daemon.isBlank()) {
            return Tracing.OFF;
        }
        // Only here are the tracing library's classes loaded: a function without tracing never pays for them.
        return OpenTelemetryTracing.exportingTo(XrayDaemonExporter.to(daemon,
                new XraySegments(environment.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "state-api"),
                        environment.get("AWS_REGION"))));
    }
}
