package io.stateapi.client.internal;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Signs attempts with the AWS SDK's SigV4 signer, as API Gateway's IAM authorization expects.
 * Only loaded when {@code Auth.sigV4} is used, so the AWS SDK stays an optional dependency.
 */
public final class SigV4Authorizer implements Authorizer {

    /** The signing name of API Gateway's execute-api endpoints. */
    public static final String SERVICE = "execute-api";

    private final AwsCredentialsProvider credentials;
    private final String region;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final Clock clock;

    public SigV4Authorizer(AwsCredentialsProvider credentials, String region) {
        this(credentials, region, Clock.systemUTC());
    }

    SigV4Authorizer(AwsCredentialsProvider credentials, String region, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.clock = clock;
    }

    @Override
    public Map<String, String> headers(String method, URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .uri(uri);
        headers.forEach(request::putHeader);
        SignedRequest signed = signer.sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request.build())
                .payload(body.length == 0 ? null : ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        Map<String, String> added = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            String name = header.getKey();
            // The JDK HttpClient sets Host and Content-Length itself, to the same values the signer saw.
            if (name.equalsIgnoreCase("Host") || name.equalsIgnoreCase("Content-Length")
                    || headers.containsKey(name)) {
                continue;
            }
            added.put(name, String.join(",", header.getValue()));
        }
        return added;
    }
}
