package io.stateapi.resources;

/**
 * How a function is told to record spans (ADR 0059); the CDK app sets it on the functions that
 * open spans, and the functions read it.
 */
public final class TracingSettings {

    /**
     * Environment variable: {@link #XRAY} records spans and sends them to Lambda's X-Ray daemon
     * (at {@link #ENV_XRAY_DAEMON_ADDRESS}); anything else, or unset, records nothing.
     */
    public static final String ENV_TRACING = "STATE_TRACING";
    public static final String XRAY = "xray";
    /** Set by Lambda when the function's tracing is active: {@code 169.254.79.129:2000}. */
    public static final String ENV_XRAY_DAEMON_ADDRESS = "AWS_XRAY_DAEMON_ADDRESS";

    private TracingSettings() {
    }
}
