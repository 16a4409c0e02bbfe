package io.stateapi.infra;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IHttpRouteAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegrationProps;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The HTTP API (API Gateway v2) in front of the api function: one route per endpoint, each
 * behind the deployment's authorizer (JWT or IAM, ADR 0015), a Lambda proxy integration
 * with payload format 2.0, stage-wide throttling and JSON access logs. CORS is off unless
 * origins are configured: the API is for services and the Java SDK, not for browsers.
 */
final class StateHttpApi extends Construct {

    /** The fields of each access log line, as API Gateway v2 context variables. */
    static final Map<String, String> ACCESS_LOG_FIELDS = accessLogFields();

    private final HttpApi api;
    private final HttpStage stage;
    private final LogGroup accessLogs;

    StateHttpApi(Construct scope, String id, EnvironmentConfig config, Authentication authentication,
                 DeploymentOptions options, IFunction handler) {
        super(scope, id);
        this.api = HttpApi.Builder.create(this, "HttpApi")
                .apiName(config.resources().httpApiName())
                .description("State API (" + config.name() + ")")
                .createDefaultStage(false)
                .defaultAuthorizer(authorizer(authentication))
                .corsPreflight(options.corsAllowedOrigins().isEmpty() ? null : cors(options.corsAllowedOrigins()))
                .build();

        HttpLambdaIntegration integration = new HttpLambdaIntegration("ApiFunction", handler,
                HttpLambdaIntegrationProps.builder().payloadFormatVersion(PayloadFormatVersion.VERSION_2_0).build());
        for (ApiRoutes.Route route : ApiRoutes.ALL) {
            api.addRoutes(AddRoutesOptions.builder()
                    .path(route.path())
                    .methods(List.of(HttpMethod.valueOf(route.method())))
                    .integration(integration)
                    .build());
        }

        this.accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .logGroupName("/aws/apigateway/" + config.resources().httpApiName() + "/access")
                .retention(config.logRetention())
                .removalPolicy(config.removalPolicy())
                .build();
        LogGroupLogDestination destination = new LogGroupLogDestination(accessLogs);
        String format = ACCESS_LOG_FIELDS.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
        this.stage = HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(config.throttle().rateLimit())
                        .burstLimit(config.throttle().burstLimit())
                        .build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return destination;
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom(format);
                    }
                })
                .build();
    }

    HttpApi api() {
        return api;
    }

    HttpStage stage() {
        return stage;
    }

    LogGroup accessLogs() {
        return accessLogs;
    }

    private static IHttpRouteAuthorizer authorizer(Authentication authentication) {
        return switch (authentication) {
            case Authentication.Jwt jwt -> HttpJwtAuthorizer.Builder.create("JwtAuthorizer", jwt.issuer().orElseThrow())
                    .jwtAudience(jwt.audience())
                    .identitySource(List.of("$request.header.Authorization"))
                    .build();
            case Authentication.Iam iam -> new HttpIamAuthorizer();
        };
    }

    private static CorsPreflightOptions cors(List<String> origins) {
        return CorsPreflightOptions.builder()
                .allowOrigins(origins)
                // POST: restores, subscriptions; last-event-id: the console's watch resumes with it (ADR 0054).
                .allowMethods(List.of(CorsHttpMethod.GET, CorsHttpMethod.PUT, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE,
                        CorsHttpMethod.POST))
                .allowHeaders(List.of("authorization", "content-type", "if-match", "if-none-match", "idempotency-key",
                        "last-event-id", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"))
                // www-authenticate says why a token was refused; apigw-requestid names the request.
                .exposeHeaders(List.of("etag", "location", "www-authenticate", "apigw-requestid"))
                .maxAge(Duration.hours(1))
                .build();
    }

    private static Map<String, String> accessLogFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("requestId", "$context.requestId");
        fields.put("requestTime", "$context.requestTime");
        fields.put("ip", "$context.identity.sourceIp");
        fields.put("userAgent", "$context.identity.userAgent");
        fields.put("caller", "$context.identity.caller");
        fields.put("userArn", "$context.identity.userArn");
        fields.put("jwtSubject", "$context.authorizer.claims.sub");
        fields.put("httpMethod", "$context.httpMethod");
        fields.put("path", "$context.path");
        fields.put("routeKey", "$context.routeKey");
        fields.put("protocol", "$context.protocol");
        fields.put("status", "$context.status");
        fields.put("responseLength", "$context.responseLength");
        fields.put("responseLatency", "$context.responseLatency");
        fields.put("integrationLatency", "$context.integrationLatency");
        fields.put("integrationStatus", "$context.integrationStatus");
        fields.put("integrationError", "$context.integrationErrorMessage");
        fields.put("authorizerError", "$context.authorizer.error");
        fields.put("errorMessage", "$context.error.message");
        return Collections.unmodifiableMap(fields);
    }
}
