package io.stateapi.local.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local issuer's key: fresh per in-memory issuer, kept in an owner-only file for {@code make run}. */
class LocalIssuerTest {

    @TempDir
    Path root;

    @Test
    void twoInMemoryIssuersHaveDifferentKeysAndKeyIds() {
        LocalIssuer one = LocalIssuer.inMemory();
        LocalIssuer other = LocalIssuer.inMemory();

        assertThat(one.keyId()).isNotEqualTo(other.keyId());
        assertThat(one.jwks().getKeys()).singleElement().satisfies(key -> assertThat(key.isPrivate()).isFalse());
    }

    @Test
    void theKeptKeyIsWrittenReadableByItsOwnerOnly() throws Exception {
        Path keyFile = IssuerKeyFile.underProjectRoot(root).path();

        LocalIssuer issuer = LocalIssuer.keptIn(keyFile);

        assertThat(keyFile).isEqualTo(root.resolve(".local/issuer-key.json"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent()))).isEqualTo("rwx------");
        RSAKey stored = RSAKey.parse(Files.readString(keyFile));
        assertThat(stored.isPrivate()).isTrue();
        assertThat(stored.getKeyID()).isEqualTo(issuer.keyId());
        try (var entries = Files.list(keyFile.getParent())) {
            assertThat(entries).as("no partial file left behind").containsExactly(keyFile);
        }
    }

    @Test
    void aKeptKeyIsReusedSoEarlierTokensStayValid() {
        Path keyFile = IssuerKeyFile.underProjectRoot(root).path();
        LocalIssuer first = LocalIssuer.keptIn(keyFile);
        String earlierToken = first.token("acme", "state:read");

        LocalIssuer restarted = LocalIssuer.keptIn(keyFile);

        assertThat(restarted.keyId()).isEqualTo(first.keyId());
        assertThat(JwtAuthorizer.trusting(restarted).authorize(bearer(earlierToken)))
                .isInstanceOf(AuthorizerDecision.Allowed.class);
    }

    @Test
    void readingAKeyThatWasNeverCreatedSaysToRunTheStackFirst() {
        Path keyFile = IssuerKeyFile.underProjectRoot(root).path();

        assertThatThrownBy(() -> LocalIssuer.readFrom(keyFile))
                .isInstanceOf(IssuerKeyFile.MissingKeyException.class)
                .hasMessageContaining(keyFile.toString())
                .hasMessageContaining("make run");
    }

    static com.sun.net.httpserver.Headers bearer(String token) {
        com.sun.net.httpserver.Headers headers = new com.sun.net.httpserver.Headers();
        headers.add("Authorization", "Bearer " + token);
        return headers;
    }
}
