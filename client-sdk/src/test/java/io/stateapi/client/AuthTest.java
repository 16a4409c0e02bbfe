package io.stateapi.client;

import static io.stateapi.client.support.FaultProxy.Fault.UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import io.stateapi.client.support.FaultProxy;
import io.stateapi.client.support.TestStack;
import io.stateapi.http.ApiFunction;
import io.stateapi.local.LocalGateway;
import io.stateapi.local.LocalStack;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.stateapi.local.auth.AuthorizerDecision;
import io.stateapi.local.auth.GatewayAuthorizer;
import io.stateapi.local.auth.LocalIssuer;
import io.stateapi.local.auth.TokenGrant;
import io.stateapi.resources.FunctionProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Credentials on the wire: bearer tokens and SigV4 signatures, checked on what the proxy received. */
class AuthTest {

    private static final String ACCESS_KEY = "AKIDEXAMPLE";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private FaultProxy proxy;

    @BeforeEach
    void start() {
        proxy = FaultProxy.start(TestStack.get().apiEndpoint());
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void aBearerTokenIsAskedForOnEveryAttempt() {
        AtomicInteger issued = new AtomicInteger();
        List<String> tokens = new CopyOnWriteArrayList<>();
        try (StateClient client = StateClient.builder().endpoint(proxy.endpoint())
                .auth(Auth.bearer(() -> {
                    String token = tokenNumbered(issued.incrementAndGet());
                    tokens.add(token);
                    return token;
                }))
                .retryPolicy(RetryPolicy.builder().baseDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5)).build())
                .build()) {
            proxy.inject(UNAVAILABLE);

            client.namespace(TestStack.uniqueNamespace("bearer")).find("k", String.class);

            assertThat(proxy.exchanges()).extracting(e -> e.header("Authorization"))
                    .containsExactly("Bearer " + tokens.get(0), "Bearer " + tokens.get(1));
        }
    }

    /** A token the stack accepts, told apart from the others by a claim of its own. */
    private static String tokenNumbered(int n) {
        LocalIssuer issuer = TestStack.get().issuer();
        return issuer.sign(new JWTClaimsSet.Builder(issuer.claims(TokenGrant.of(TestStack.TEST_TENANT, "state:read")))
                .claim("n", n).build());
    }

    @Test
    void sigV4SignsEveryRequestSoThatAnIndependentVerifierAcceptsIt() throws Exception {
        AwsSessionCredentials credentials = AwsSessionCredentials.create(ACCESS_KEY, SECRET_KEY, "session-token");
        // The local stack's gateway verifies JWTs only; these requests go to a gateway whose
        // authorizer vouches for one IAM principal, as API Gateway's IAM authorizer would after
        // checking the signature, in front of the same function configured as a single-tenant
        // deployment. The signatures themselves are checked below, on what the proxy saw.
        TestStack stack = TestStack.get();
        Map<String, Object> singleTenant = new HashMap<>(
                LocalStack.functionProperties(stack.emulatorEndpoint(), LocalStack.RESOURCES));
        singleTenant.put(FunctionProperties.AUTH_DEFAULT_TENANT, TestStack.TEST_TENANT);
        GatewayAuthorizer iam = headers -> new AuthorizerDecision.Allowed(
                APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                        .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder()
                                .withUserArn("arn:aws:sts::000000000000:assumed-role/sdk-test/session")
                                .withAccountId("000000000000").withAccessKey(ACCESS_KEY).build())
                        .build());
        FaultProxy signed;
        try (ApiFunction function = ApiFunction.withProperties(singleTenant);
             LocalGateway open = LocalGateway.start(function, 0, iam);
             FaultProxy toOpen = FaultProxy.start(open.endpoint());
             StateClient client = StateClient.builder().endpoint(toOpen.endpoint())
                     .auth(Auth.sigV4(StaticCredentialsProvider.create(credentials), Region.EU_WEST_1))
                     .build()) {
            signed = toOpen;
            StateNamespace ns = client.namespace(TestStack.uniqueNamespace("sigv4"));
            ns.put("users/a b/ü", "value");
            ns.get("users/a b/ü", String.class, ReadOptions.eventual());
            ns.delete("users/a b/ü");
        }

        assertThat(signed.exchanges()).hasSize(3).allSatisfy(exchange -> {
            assertThat(exchange.header("X-Amz-Security-Token")).isEqualTo("session-token");
            assertThat(exchange.header("Authorization"))
                    .startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/")
                    .contains("/eu-west-1/execute-api/aws4_request");
            assertThat(signatureIsValid(exchange)).as("signature of %s %s", exchange.method(), exchange.target()).isTrue();
        });
    }

    /**
     * SigV4 verification written from the specification, independent of the AWS SDK: canonical
     * request (double-encoded path, as for every service but S3), string to sign, derived key.
     */
    private static boolean signatureIsValid(FaultProxy.Exchange exchange) throws Exception {
        Matcher auth = Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, "
                + "SignedHeaders=([^,]+), Signature=([0-9a-f]{64})").matcher(exchange.header("Authorization"));
        if (!auth.matches()) {
            return false;
        }
        String date = auth.group(2);
        String region = auth.group(3);
        String service = auth.group(4);
        String[] signedHeaders = auth.group(5).split(";");
        String target = exchange.target();
        String rawPath = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        String query = target.contains("?") ? target.substring(target.indexOf('?') + 1) : "";
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            segments.add(segment.replace("%", "%25"));
        }
        StringBuilder canonical = new StringBuilder()
                .append(exchange.method()).append('\n')
                .append(String.join("/", segments)).append('\n')
                .append(query).append('\n');
        for (String name : signedHeaders) {
            canonical.append(name).append(':').append(exchange.header(name).strip()).append('\n');
        }
        canonical.append('\n').append(String.join(";", signedHeaders)).append('\n').append(hex(sha256(exchange.body())));
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + exchange.header("X-Amz-Date") + "\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + SECRET_KEY).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return hex(hmac(key, stringToSign)).equals(auth.group(6));
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
