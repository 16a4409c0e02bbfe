package io.stateapi.local;

import java.net.URI;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Chooses the emulator the integration tests run against.
 *
 * <ul>
 *   <li>default: moto from the project virtualenv ({@code make venv});</li>
 *   <li>{@code AWS_ENDPOINT_URL}: any running emulator or AWS endpoint;</li>
 *   <li>{@code -Dstateapi.emulator=localstack}: LocalStack via Testcontainers (Docker, and
 *       {@code LOCALSTACK_AUTH_TOKEN} since its community image stopped being free);</li>
 *   <li>{@code -Dstateapi.emulator=floci}: Floci via Testcontainers (Docker).</li>
 * </ul>
 * The Docker-based choices are opt-in; without a Docker engine the tests that need the
 * emulator are skipped with the reason, rather than failing on a missing engine.
 */
final class TestEmulators {

    static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4";
    static final String FLOCI_IMAGE = "floci/floci:1.5.11";

    private TestEmulators() {
    }

    static Emulator start() {
        String choice = System.getProperty("stateapi.emulator", "moto");
        String external = System.getenv("AWS_ENDPOINT_URL");
        if (external != null && !external.isBlank() && choice.equals("moto")) {
            return Emulator.external(URI.create(external));
        }
        return switch (choice) {
            case "moto" -> MotoEmulator.start(MotoEmulator.venvPython(), 0);
            case "localstack" -> localStack();
            case "floci" -> floci();
            default -> throw new IllegalArgumentException(
                    "stateapi.emulator must be moto, localstack or floci; got: " + choice);
        };
    }

    private static Emulator localStack() {
        requireDocker("localstack");
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        Assumptions.assumeTrue(token != null && !token.isBlank(),
                "stateapi.emulator=localstack needs LOCALSTACK_AUTH_TOKEN; skipping the emulator tests");
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE))
                .withEnv("LOCALSTACK_AUTH_TOKEN", token)
                .withServices("dynamodb", "dynamodbstreams", "sqs");
        container.start();
        return container(container, container.getEndpoint(), "LocalStack " + LOCALSTACK_IMAGE);
    }

    private static Emulator floci() {
        requireDocker("floci");
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(FLOCI_IMAGE))
                .withExposedPorts(4566);
        container.start();
        URI endpoint = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(4566));
        return container(container, endpoint, "Floci " + FLOCI_IMAGE);
    }

    private static void requireDocker(String choice) {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        Assumptions.assumeTrue(docker, "stateapi.emulator=" + choice
                + " needs a Docker engine and none is reachable; skipping the emulator tests"
                + " (run without -Dstateapi.emulator to use moto)");
    }

    private static Emulator container(GenericContainer<?> container, URI endpoint, String description) {
        return Emulator.of(endpoint, description, container::stop);
    }
}
