package io.stateapi.local;

/** AWS SDK settings for talking to an emulator from this JVM. */
public final class LocalAws {

    private LocalAws() {
    }

    /**
     * Region and credentials for an emulator, unless the environment already has them (as it
     * does when {@code AWS_ENDPOINT_URL} points at a real account). Emulators accept any keys.
     */
    public static void useEmulatorDefaults() {
        setIfAbsent("aws.region", "AWS_REGION", "us-east-1");
        setIfAbsent("aws.accessKeyId", "AWS_ACCESS_KEY_ID", "test");
        setIfAbsent("aws.secretAccessKey", "AWS_SECRET_ACCESS_KEY", "test");
    }

    private static void setIfAbsent(String property, String environmentVariable, String value) {
        if (System.getProperty(property) == null && System.getenv(environmentVariable) == null) {
            System.setProperty(property, value);
        }
    }
}
