package io.stateapi.local.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code make token}: prints one token of the local issuer on stdout and nothing else, signed
 * with the key {@code make run} keeps ({@link IssuerKeyFile}), so the running stack accepts it.
 *
 * <pre>
 * TokenCommand --tenant acme [--scopes "state:read state:write"] [--namespaces "orders cart-*"]
 *              [--lifetime 1h] [--key-file PATH]
 * </pre>
 * Without {@code --key-file}, the key is {@code <stateapi.root>/.local/issuer-key.json}.
 */
public final class TokenCommand {

    static final String DEFAULT_SCOPES = "state:read state:write";

    private TokenCommand() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(token(List.of(args), Path.of(System.getProperty("stateapi.root", "."))));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("make token: " + e.getMessage());
            System.exit(2);
        }
    }

    /** The token {@code args} ask for; {@code projectRoot} locates the default key file. */
    static String token(List<String> args, Path projectRoot) {
        String tenant = null;
        String scopes = DEFAULT_SCOPES;
        String namespaces = null;
        Duration lifetime = TokenGrant.DEFAULT_LIFETIME;
        Path keyFile = IssuerKeyFile.underProjectRoot(projectRoot).path();
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String option = rest.removeFirst();
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(option + " needs a value; " + usage());
            }
            String value = rest.removeFirst();
            switch (option) {
                case "--tenant" -> tenant = value.strip();
                case "--scopes" -> scopes = value;
                case "--namespaces" -> namespaces = value.isBlank() ? null : value;
                case "--lifetime" -> lifetime = duration(value);
                case "--key-file" -> keyFile = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option + "; " + usage());
            }
        }
        if (tenant == null || tenant.isEmpty()) {
            throw new IllegalArgumentException("a tenant is needed; " + usage());
        }
        TokenGrant grant = TokenGrant.of(tenant, scopes).lasting(lifetime);
        return LocalIssuer.readFrom(keyFile).token(namespaces == null ? grant : grant.withNamespaces(namespaces));
    }

    /** {@code 90s}, {@code 30m}, {@code 12h}, or an ISO-8601 duration ({@code PT12H}). */
    private static Duration duration(String text) {
        String iso = text.strip().toUpperCase(Locale.ROOT);
        try {
            return Duration.parse(iso.startsWith("P") ? iso : "PT" + iso);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a lifetime: " + text + " (try 30m, 12h or PT12H)", e);
        }
    }

    private static String usage() {
        return "usage: make token TENANT=acme [SCOPES=\"" + DEFAULT_SCOPES + "\"] [NAMESPACES=\"orders cart-*\"] [LIFETIME=1h]";
    }
}
