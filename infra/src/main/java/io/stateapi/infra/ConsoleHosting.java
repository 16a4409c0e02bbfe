package io.stateapi.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.CacheControl;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * The console (console/dist, ADR 0054) for one environment: a private, encrypted bucket that
 * only CloudFront reads (origin access control), HTTPS only, security headers on every answer.
 * Built in two steps around the HTTP API: the distribution first (the API's CORS needs its
 * origin), the files and their {@code config.json} once the API's URL exists.
 */
final class ConsoleHosting extends Construct {

    private final EnvironmentConfig config;
    private final Bucket bucket;
    private final Distribution distribution;

    ConsoleHosting(Construct scope, String id, EnvironmentConfig config) {
        super(scope, id);
        this.config = config;
        this.bucket = Bucket.Builder.create(this, "Files")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .removalPolicy(config.removalPolicy())
                .build();
        this.distribution = Distribution.Builder.create(this, "Distribution")
                .comment("State API console (" + config.name() + ")")
                .defaultRootObject("index.html")
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021)
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(bucket))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(securityHeaders())
                        .build())
                .build();
    }

    /** https://<the distribution's domain>: the origin the API's CORS allows. */
    String origin() {
        return "https://" + distribution.getDistributionDomainName();
    }

    /** Puts the built console and a config.json naming this environment's API and issuer in the bucket. */
    void deploy(String apiUrl, String issuer) {
        Path dist = distPath();
        if (!Files.isRegularFile(dist.resolve("index.html"))) {
            throw new IllegalStateException("The console is not built at " + dist.toAbsolutePath().normalize()
                    + ": run make console (npm ci and the esbuild bundle) before synthesizing (or leave it out: -c console=false)");
        }
        BucketDeployment.Builder.create(this, "Deployment")
                .destinationBucket(bucket)
                .sources(List.of(Source.asset(dist.toString()),
                        Source.jsonData("config.json", Map.of("apiBaseUrl", apiUrl, "issuer", issuer))))
                // Unhashed names: browsers revalidate each load (ADR 0054).
                .cacheControl(List.of(CacheControl.noCache()))
                .distribution(distribution)
                .distributionPaths(List.of("/*"))
                .memoryLimit(256)
                // The copy function's log group, kept as long as the environment's other logs.
                .logGroup(LogGroup.Builder.create(this, "DeploymentLogs")
                        .retention(config.logRetention())
                        .removalPolicy(config.removalPolicy())
                        .build())
                .build();
    }

    private ResponseHeadersPolicy securityHeaders() {
        // connect-src: the API is on another origin (execute-api); the page talks to nothing else.
        String csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' https://*.execute-api." + Stack.of(this).getRegion() + ".amazonaws.com; "
                + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        return ResponseHeadersPolicy.Builder.create(this, "SecurityHeaders")
                .comment("State API console: security headers")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy(csp).override(true).build())
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(Duration.days(365)).includeSubdomains(true).override(true).build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
                        .frameOptions(ResponseHeadersFrameOptions.builder()
                                .frameOption(HeadersFrameOption.DENY).override(true).build())
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                                .referrerPolicy(HeadersReferrerPolicy.NO_REFERRER).override(true).build())
                        .build())
                .build();
    }

    /** console/dist of the project: the CDK app and its tests run in infra/. */
    static Path distPath() {
        return Path.of(System.getProperty("stateapi.root", ".."), "console", "dist");
    }

    Bucket bucket() {
        return bucket;
    }

    Distribution distribution() {
        return distribution;
    }
}
