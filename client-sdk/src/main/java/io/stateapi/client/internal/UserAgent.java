package io.stateapi.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The {@code User-Agent} of every request: {@code state-api-java-sdk/<version> java/<version>},
 * the SDK's version from the artifact (Maven writes it into {@code version.properties} at build
 * time), so the service's access logs tell which SDK releases are still calling.
 */
public final class UserAgent {

    static final String UNKNOWN = "unknown";
    static final String RESOURCE = "/io/stateapi/client/version.properties";

    /** The SDK's version, such as {@code 0.1.0}. */
    public static final String SDK_VERSION = sdkVersion();

    public static final String VALUE = "state-api-java-sdk/" + SDK_VERSION + " java/"
            + Runtime.version().version().stream().map(String::valueOf).collect(Collectors.joining("."));

    private UserAgent() {
    }

    /** "unknown" when run from classes Maven did not build (an IDE's): a User-Agent is no reason to fail. */
    private static String sdkVersion() {
        try (InputStream in = UserAgent.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").strip();
            return version.isEmpty() || version.contains("${") ? UNKNOWN : version;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
