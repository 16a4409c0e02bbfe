package io.stateapi.infra;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import software.constructs.Node;

/**
 * Choices a deployer makes on the command line ({@code cdk deploy -c key=value}) rather than
 * per environment: overrides of how callers authenticate, CORS, the table's encryption key,
 * where alarms go.
 *
 * <p>Context keys: {@code jwtIssuer} and {@code jwtAudience} (comma-separated) give the JWT
 * authorizer's issuer and audience, over the environment's (and switch an IAM environment to
 * JWT); {@code authorizer=iam} chooses IAM where the environment says JWT; {@code defaultTenant}
 * makes an IAM deployment single-tenant (ADR 0015); {@code corsAllowedOrigins} (comma-separated) turns CORS on;
 * {@code tableEncryption} is {@code aws-owned} (default) or {@code customer-managed};
 * {@code alarmEmail} subscribes an address to the alarm topic; {@code functionsJar} overrides
 * the path of the functions' deployment artifact; {@code console} is {@code true} or {@code false}:
 * the console (console/dist, ADR 0054) behind CloudFront, by default in every JWT deployment,
 * never in an IAM one ({@code console=false} leaves it out).
 */
public record DeploymentOptions(
        Optional<JwtAuthorization> jwt,
        Optional<Authorizer> authorizer,
        Optional<String> defaultTenant,
        List<String> corsAllowedOrigins,
        TableKey tableKey,
        Optional<String> alarmEmail,
        Path functionsJar,
        Optional<Boolean> console) {

    public DeploymentOptions {
        Objects.requireNonNull(jwt, "jwt");
        Objects.requireNonNull(authorizer, "authorizer");
        Objects.requireNonNull(defaultTenant, "defaultTenant");
        defaultTenant.ifPresent(tenant -> new Authentication.Iam(Optional.of(tenant))); // validates it
        corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
        Objects.requireNonNull(tableKey, "tableKey");
        Objects.requireNonNull(alarmEmail, "alarmEmail");
        Objects.requireNonNull(functionsJar, "functionsJar");
        Objects.requireNonNull(console, "console");
    }

    /** The environment's authentication, no CORS, AWS-owned table key, no alarm subscription. */
    public static DeploymentOptions defaults(Path functionsJar) {
        return new DeploymentOptions(Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                TableKey.AWS_OWNED, Optional.empty(), functionsJar, Optional.empty());
    }

    public static DeploymentOptions fromContext(Node context) {
        Optional<String> issuer = text(context, "jwtIssuer");
        List<String> audience = list(context, "jwtAudience");
        if (issuer.isEmpty() && !audience.isEmpty()) {
            throw new IllegalArgumentException("jwtAudience needs jwtIssuer");
        }
        Optional<JwtAuthorization> jwt = issuer.map(i -> new JwtAuthorization(i, audience));
        TableKey tableKey = text(context, "tableEncryption").map(TableKey::parse).orElse(TableKey.AWS_OWNED);
        Path jar = text(context, "functionsJar").map(Path::of).orElseGet(FunctionArtifact::defaultPath);
        return new DeploymentOptions(jwt, text(context, "authorizer").map(Authorizer::parse),
                text(context, "defaultTenant"), list(context, "corsAllowedOrigins"), tableKey,
                text(context, "alarmEmail"), jar, text(context, "console").map(DeploymentOptions::parseSwitch));
    }

    public DeploymentOptions withJwt(String issuer, List<String> audience) {
        return new DeploymentOptions(Optional.of(new JwtAuthorization(issuer, audience)), authorizer, defaultTenant,
                corsAllowedOrigins, tableKey, alarmEmail, functionsJar, console);
    }

    public DeploymentOptions withAuthorizer(Authorizer choice) {
        return new DeploymentOptions(jwt, Optional.of(choice), defaultTenant, corsAllowedOrigins, tableKey,
                alarmEmail, functionsJar, console);
    }

    public DeploymentOptions withDefaultTenant(String tenant) {
        return new DeploymentOptions(jwt, authorizer, Optional.of(tenant), corsAllowedOrigins, tableKey,
                alarmEmail, functionsJar, console);
    }

    public DeploymentOptions withCorsAllowedOrigins(List<String> origins) {
        return new DeploymentOptions(jwt, authorizer, defaultTenant, origins, tableKey, alarmEmail, functionsJar,
                console);
    }

    public DeploymentOptions withTableKey(TableKey key) {
        return new DeploymentOptions(jwt, authorizer, defaultTenant, corsAllowedOrigins, key, alarmEmail,
                functionsJar, console);
    }

    public DeploymentOptions withAlarmEmail(String email) {
        return new DeploymentOptions(jwt, authorizer, defaultTenant, corsAllowedOrigins, tableKey,
                Optional.of(email), functionsJar, console);
    }

    /** With the console (ADR 0054) deployed beside the API, or not, whatever the default. */
    public DeploymentOptions withConsole(boolean on) {
        return new DeploymentOptions(jwt, authorizer, defaultTenant, corsAllowedOrigins, tableKey, alarmEmail,
                functionsJar, Optional.of(on));
    }

    /** {@code true} or {@code false} only: a typo must not turn the console off (or on) silently. */
    private static boolean parseSwitch(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("console must be true or false: " + value);
        };
    }

    private static Optional<String> text(Node context, String key) {
        Object value = context.tryGetContext(key);
        if (value == null || value.toString().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.toString().trim());
    }

    private static List<String> list(Node context, String key) {
        return text(context, key)
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    /** A JWT authorizer on every route: tokens from {@code issuer}, for one of {@code audience}. */
    public record JwtAuthorization(String issuer, List<String> audience) {
        public JwtAuthorization {
            requireHttps(issuer);
            audience = List.copyOf(audience);
            if (audience.isEmpty()) {
                throw new IllegalArgumentException("a JWT authorizer needs at least one jwtAudience");
            }
        }

        /** API Gateway fetches the issuer's discovery document and keys over HTTPS only. */
        static void requireHttps(String issuer) {
            if (!issuer.startsWith("https://")) {
                throw new IllegalArgumentException("jwtIssuer must be an https URL: " + issuer);
            }
        }
    }

    /** Which authorizer the deployer chooses over the environment's ({@code -c authorizer=iam|jwt}). */
    public enum Authorizer {
        /** SigV4: principals allowed {@code execute-api:Invoke}, mapped to tenants by the registry. */
        IAM,
        /** The JWT authorizer; needs an issuer, from the environment's configuration or the context. */
        JWT;

        static Authorizer parse(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "iam" -> IAM;
                case "jwt" -> JWT;
                default -> throw new IllegalArgumentException("authorizer must be iam or jwt: " + value);
            };
        }
    }

    /** Who holds the table's encryption key. */
    public enum TableKey {
        /** DynamoDB's default: no cost, no key to manage, no key usage in CloudTrail. */
        AWS_OWNED,
        /** A KMS key the stack creates, with rotation: auditable use, revocable access. */
        CUSTOMER_MANAGED;

        static TableKey parse(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "aws-owned" -> AWS_OWNED;
                case "customer-managed" -> CUSTOMER_MANAGED;
                default -> throw new IllegalArgumentException(
                        "tableEncryption must be aws-owned or customer-managed: " + value);
            };
        }
    }
}
