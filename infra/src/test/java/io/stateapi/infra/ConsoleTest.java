package io.stateapi.infra;

import static io.stateapi.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** The console's hosting (ADR 0054), in every JWT deployment: a private bucket behind CloudFront, HTTPS only, security headers. */
class ConsoleTest {

    private static final Synthesized S = Synthesized.of("prod");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> distributionConfig() {
        return map(properties(S.only("AWS::CloudFront::Distribution")).get("DistributionConfig"));
    }

    @Test
    void theBucketIsPrivateEncryptedAndNoWebsite() {
        Map<String, Object> bucket = properties(S.only("AWS::S3::Bucket"));

        assertThat(bucket.get("PublicAccessBlockConfiguration")).asInstanceOf(MAP).containsAllEntriesOf(Map.of(
                "BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
        assertThat(bucket.get("BucketEncryption").toString()).contains("SSEAlgorithm=AES256");
        assertThat(bucket).doesNotContainKey("WebsiteConfiguration");
    }

    @Test
    void theBucketRefusesRequestsWithoutTls() {
        Map<String, Object> policy = map(properties(S.only("AWS::S3::BucketPolicy")).get("PolicyDocument"));

        assertThat(policy.get("Statement").toString())
                .contains("Effect=Deny").contains("aws:SecureTransport=false");
    }

    @Test
    void onlyCloudFrontReadsTheBucketThroughOriginAccessControl() {
        Map<String, Object> oac = map(properties(S.only("AWS::CloudFront::OriginAccessControl")).get("OriginAccessControlConfig"));
        List<Object> origins = (List<Object>) distributionConfig().get("Origins");

        assertThat(oac).containsEntry("OriginAccessControlOriginType", "s3").containsEntry("SigningBehavior", "always");
        assertThat(origins).singleElement().asInstanceOf(MAP).containsKey("OriginAccessControlId");
        assertThat(properties(S.only("AWS::S3::BucketPolicy")).toString())
                .contains("Service=cloudfront.amazonaws.com").contains("AWS:SourceArn");
    }

    @Test
    void theDistributionServesTheIndexOverHttpsOnly() {
        Map<String, Object> config = distributionConfig();

        assertThat(config).containsEntry("DefaultRootObject", "index.html").containsEntry("Enabled", true);
        assertThat(map(config.get("DefaultCacheBehavior"))).containsEntry("ViewerProtocolPolicy", "https-only")
                .containsKey("ResponseHeadersPolicyId");
    }

    @Test
    void everyAnswerCarriesSecurityHeaders() {
        Map<String, Object> headers = map(map(properties(S.only("AWS::CloudFront::ResponseHeadersPolicy"))
                .get("ResponseHeadersPolicyConfig")).get("SecurityHeadersConfig"));

        assertThat(map(headers.get("FrameOptions"))).containsEntry("FrameOption", "DENY");
        assertThat(map(headers.get("ContentTypeOptions"))).containsEntry("Override", true);
        assertThat(map(headers.get("ReferrerPolicy"))).containsEntry("ReferrerPolicy", "no-referrer");
        assertThat(map(headers.get("StrictTransportSecurity"))).containsEntry("AccessControlMaxAgeSec", 31536000);
        assertThat(map(headers.get("ContentSecurityPolicy")).get("ContentSecurityPolicy").toString())
                .contains("default-src 'self'").contains("frame-ancestors 'none'").contains("execute-api");
    }

    @Test
    void theBuiltConsoleIsDeployedAndTheCacheInvalidated() {
        Map<String, Object> deployment = properties(S.only("Custom::CDKBucketDeployment"));

        assertThat(deployment.get("SourceObjectKeys")).asInstanceOf(LIST).hasSize(2);
        assertThat(deployment).containsEntry("DistributionPaths", List.of("/*"));
    }

    @Test
    void configJsonNamesTheEnvironmentsIssuerAndItsApiUrlFilledInAtDeployTime() throws Exception {
        Map<String, Object> deployment = properties(S.only("Custom::CDKBucketDeployment"));
        Path config;
        try (Stream<Path> files = Files.walk(Path.of("target", "cdk-test-out", "prod"))) {
            config = files.filter(f -> f.getFileName().toString().equals("config.json")).findFirst().orElseThrow();
        }
        String json = Files.readString(config);

        assertThat(json).contains("\"issuer\":\"" + Synthesized.ISSUER + "\"").contains("\"apiBaseUrl\":<<marker:");
        // The marker becomes the stage's URL: a reference to the HTTP API in the deployment's markers.
        assertThat(deployment.get("SourceMarkers").toString()).contains("Ref=Http");
    }

    @Test
    void theApiAllowsTheConsolesOriginAndTheWatchsResumeHeader() {
        Map<String, Object> cors = map(properties(S.only("AWS::ApiGatewayV2::Api")).get("CorsConfiguration"));

        assertThat(cors.get("AllowOrigins").toString()).contains("https://").contains("DomainName");
        assertThat(cors.get("AllowHeaders")).asInstanceOf(LIST).contains("authorization", "last-event-id");
        assertThat(cors.get("ExposeHeaders")).asInstanceOf(LIST).contains("etag", "www-authenticate");
    }

    @Test
    void theStackOutputsTheConsolesAddress() {
        assertThat(S.template().findOutputs("ConsoleUrl")).containsOnlyKeys("ConsoleUrl");
    }

    @Test
    void consoleFalseLeavesItOut() {
        Synthesized without = Synthesized.prodWithoutConsole();

        assertThat(without.resources("AWS::CloudFront::Distribution")).isEmpty();
        assertThat(without.resources("AWS::S3::Bucket")).isEmpty();
        assertThat(without.resources("Custom::CDKBucketDeployment")).isEmpty();
    }

    @Test
    void iamDeploymentsHaveNoConsoleByDefault() {
        assertThat(Synthesized.prodWithIam().resources("AWS::CloudFront::Distribution")).isEmpty();
        assertThat(Synthesized.of("dev").resources("AWS::CloudFront::Distribution")).isEmpty();
    }

    @Test
    void theCopyFunctionsLogsAreKeptAsLongAsTheEnvironmentsOthers() {
        assertThat(S.resources("AWS::Logs::LogGroup").values())
                .allSatisfy(g -> assertThat(properties(g)).containsEntry("RetentionInDays", 90));
        assertThat(properties(S.resources("AWS::Lambda::Function").entrySet().stream()
                .filter(e -> Synthesized.consoleCopyFunction(e.getKey())).findFirst().orElseThrow().getValue())
                .get("LoggingConfig").toString()).contains("Ref=ConsoleDeploymentLogs");
    }

    @Test
    void theOptionIsTrueOrFalseNothingElse() {
        App app = new App(AppProps.builder().context(Map.of("console", "ture")).build());

        assertThatThrownBy(() -> DeploymentOptions.fromContext(app.getNode()))
                .hasMessageContaining("console must be true or false");
    }

    @Test
    void anIamDeploymentCannotHaveTheConsole() {
        App app = new App(AppProps.builder().context(Synthesized.cdkJsonContext()).build());

        assertThatThrownBy(() -> StateApiApp.stack(app, EnvironmentConfig.prod(), Synthesized.defaults()
                .withAuthorizer(DeploymentOptions.Authorizer.IAM).withConsole(true)))
                .hasMessageContaining("console=true needs a JWT deployment");
    }
}
