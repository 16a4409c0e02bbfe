package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.client.internal.UserAgent;
import io.stateapi.client.support.CannedServer;
import io.stateapi.client.support.CannedServer.Answer;
import java.nio.file.Path;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The User-Agent names the SDK's real version, the one the POM builds, and the Java version. */
class UserAgentTest {

    @Test
    void everyRequestCarriesTheSdkVersionOfThePomAndTheJavaVersion() throws Exception {
        try (CannedServer server = CannedServer.start();
             StateClient client = StateClient.builder().endpoint(server.endpoint()).build()) {
            server.answer(Answer.problem(404, "not-found"));

            client.namespace("ns").find("k", String.class);

            assertThat(server.received().getFirst().header("User-Agent"))
                    .isEqualTo("state-api-java-sdk/" + pomVersion() + " java/" + javaVersion());
        }
    }

    @Test
    void theVersionIsNoPlaceholder() throws Exception {
        String version = UserAgent.SDK_VERSION;

        assertThat(version).isEqualTo(pomVersion()).doesNotContain("${").isNotEqualTo("unknown");
    }

    /** {@code 21.0.5}, say. */
    private static String javaVersion() {
        return Runtime.version().version().stream().map(String::valueOf).collect(Collectors.joining("."));
    }

    /** This module's version as its POM says: its own, or its parent's. */
    private static String pomVersion() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        var xpath = XPathFactory.newInstance().newXPath();
        String own = xpath.evaluate("/project/version", pom).strip();
        return own.isEmpty() ? xpath.evaluate("/project/parent/version", pom).strip() : own;
    }
}
