package io.stateapi.client.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.client.internal.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SDK reads every example of the event contract ({@code contracts/events/examples/}, on the
 * test classpath from the contracts module) and maps each member to the right accessor.
 */
class ChangeEventContractExamplesTest {

    private static final String EXAMPLES = "contracts/events/examples/";

    record Line(String sku, int qty) {
    }

    record Cart(List<Line> items) {
    }

    record Session(String session) {
    }

    private final ChangeEventParser parser = new ChangeEventParser(new JsonCodec(null));

    private static String example(String name) {
        try (InputStream in = ChangeEventContractExamplesTest.class.getClassLoader().getResourceAsStream(EXAMPLES + name)) {
            assertThat(in).as("example %s on the classpath", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ChangeEvent parse(String name) throws IOException {
        return parser.parse(example(name));
    }

    /** The example files, read from the classpath whether it is a directory or the contracts jar. */
    private static List<String> exampleNames() throws IOException, URISyntaxException {
        URL url = ChangeEventContractExamplesTest.class.getClassLoader().getResource(EXAMPLES);
        assertThat(url).as("%s on the classpath", EXAMPLES).isNotNull();
        URI uri = url.toURI();
        if (uri.getScheme().equals("jar")) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return names(jar.getPath(EXAMPLES));
            }
        }
        return names(Path.of(uri));
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void everyExampleOfTheContractIsReadAsAKnownChangeType() throws Exception {
        List<String> names = exampleNames();

        assertThat(names).contains("created.json", "updated.json", "updated-value-omitted.json", "deleted.json", "expired.json");
        for (String name : names) {
            ChangeEvent event = parse(name);
            assertThat(event.changeType()).as(name).isNotEqualTo(ChangeType.OTHER);
            assertThat(event.id()).as(name).matches("[0-9a-f]{64}");
            assertThat(event.source()).as(name).isEqualTo("/state-api/dev/tenants/acme/namespaces/" + event.namespace());
        }
    }

    @Test
    void createdIsAKeysFirstWriteWithAValueAndNoPreviousOne() throws IOException {
        ChangeEvent event = parse("created.json");

        assertThat(event.id()).isEqualTo("dfccb82e6b3b187cf50da3da77cdf2033451b15487d62c2b5431bc920033ad46");
        assertThat(event.source()).isEqualTo("/state-api/dev/tenants/acme/namespaces/shop");
        assertThat(event.type()).isEqualTo("io.stateapi.key.created");
        assertThat(event.changeType()).isEqualTo(ChangeType.CREATED);
        assertThat(event.time()).isEqualTo(Instant.parse("2025-11-30T08:00:00Z"));
        assertThat(event.namespace()).isEqualTo("shop");
        assertThat(event.key()).isEqualTo("carts/42");
        assertThat(event.version()).isEqualTo(1);
        assertThat(event.previousVersion()).isEmpty();
        assertThat(event.value(Cart.class)).contains(new Cart(List.of(new Line("A-1", 1))));
        assertThat(event.previousValue()).isEmpty();
        assertThat(event.valueOmitted()).isFalse();
    }

    @Test
    void updatedCarriesTheNewAndThePreviousValue() throws IOException {
        ChangeEvent event = parse("updated.json");

        assertThat(event.changeType()).isEqualTo(ChangeType.UPDATED);
        assertThat(event.time()).isEqualTo(Instant.parse("2025-11-30T08:01:00Z"));
        assertThat(event.namespace()).isEqualTo("shop");
        assertThat(event.key()).isEqualTo("carts/42");
        assertThat(event.version()).isEqualTo(2);
        assertThat(event.previousVersion()).hasValue(1);
        assertThat(event.value(Cart.class)).contains(new Cart(List.of(new Line("A-1", 2))));
        assertThat(event.previousValue(Cart.class)).contains(new Cart(List.of(new Line("A-1", 1))));
        assertThat(event.valueOmitted()).isFalse();
    }

    @Test
    void anUpdatedEventTooLargeForSqsHasItsValuesOmitted() throws IOException {
        ChangeEvent event = parse("updated-value-omitted.json");

        assertThat(event.changeType()).isEqualTo(ChangeType.UPDATED);
        assertThat(event.namespace()).isEqualTo("shop");
        assertThat(event.key()).isEqualTo("catalog/full");
        assertThat(event.version()).isEqualTo(12);
        assertThat(event.previousVersion()).hasValue(11);
        assertThat(event.valueOmitted()).isTrue();
        assertThat(event.value()).isEmpty();
        assertThat(event.previousValue()).isEmpty();
    }

    @Test
    void deletedCommitsANewVersionWithoutAValueAndKeepsThePreviousOne() throws IOException {
        ChangeEvent event = parse("deleted.json");

        assertThat(event.changeType()).isEqualTo(ChangeType.DELETED);
        assertThat(event.time()).isEqualTo(Instant.parse("2025-11-30T08:02:00Z"));
        assertThat(event.key()).isEqualTo("carts/42");
        assertThat(event.version()).isEqualTo(3);
        assertThat(event.previousVersion()).hasValue(2);
        assertThat(event.value()).isEmpty();
        assertThat(event.value(Cart.class)).isEmpty();
        assertThat(event.previousValue(Cart.class)).contains(new Cart(List.of(new Line("A-1", 2))));
        assertThat(event.valueOmitted()).isFalse();
    }

    @Test
    void expiredCarriesTheVersionThatExpiredAndItsValueAsPrevious() throws IOException {
        ChangeEvent event = parse("expired.json");

        assertThat(event.type()).isEqualTo("io.stateapi.key.expired");
        assertThat(event.changeType()).isEqualTo(ChangeType.EXPIRED);
        assertThat(event.time()).isEqualTo(Instant.parse("2025-11-30T10:00:00Z"));
        assertThat(event.namespace()).isEqualTo("shop");
        assertThat(event.key()).isEqualTo("sessions/s-1");
        assertThat(event.version()).isEqualTo(2);
        assertThat(event.previousVersion()).hasValue(2);
        assertThat(event.value()).isEmpty();
        assertThat(event.previousValue(Session.class)).contains(new Session("s-1"));
        assertThat(event.valueOmitted()).isFalse();
    }
}
