package io.stateapi.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator;
import io.opentelemetry.instrumentation.awssdk.v2_2.AwsSdkTelemetry;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * {@link Tracing} with OpenTelemetry's trace SDK, its AWS SDK instrumentation and the AWS X-Ray
 * propagator (ADR 0059). Spans continue the X-Ray trace they are started from and are sampled as it
 * is: Lambda decides, and a span with no trace header to continue is not recorded. Each span is
 * handed to the exporter as it ends ({@link SimpleSpanProcessor}): Lambda freezes the environment
 * between invocations, so nothing may wait in a buffer for a background thread.
 */
public final class OpenTelemetryTracing implements Tracing {

    /** The header the propagator reads and writes. */
    private static final String HEADER = "X-Amzn-Trace-Id";
    private static final AwsXrayPropagator PROPAGATOR = AwsXrayPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> FROM_MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final ExecutionInterceptor awsSdkCalls;

    private OpenTelemetryTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.stateapi");
        this.awsSdkCalls = AwsSdkTelemetry.builder(openTelemetry)
                // the table, queue URL and topic ARN on each call's span
                .setCaptureExperimentalSpanAttributes(true)
                .build()
                .newExecutionInterceptor();
    }

    /** Spans sent to {@code exporter} as each ends. */
    public static OpenTelemetryTracing exportingTo(SpanExporter exporter) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setSampler(Sampler.parentBased(Sampler.alwaysOff()))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
        ContextPropagators propagators = ContextPropagators.create(PROPAGATOR);
        // The trace SDK alone: no metrics or logs SDK is loaded for an OpenTelemetry of its own.
        return new OpenTelemetryTracing(new OpenTelemetry() {
            @Override
            public TracerProvider getTracerProvider() {
                return provider;
            }

            @Override
            public ContextPropagators getPropagators() {
                return propagators;
            }
        });
    }

    @Override
    public List<ExecutionInterceptor> awsSdkInterceptors() {
        return List.of(awsSdkCalls);
    }

    @Override
    public TraceSpan start(String name, SpanRole role, Optional<String> traceHeader) {
        Context parent = traceHeader.map(header -> PROPAGATOR.extract(Context.root(), Map.of(HEADER, header), FROM_MAP))
                .orElse(Context.root());
        Span span = tracer.spanBuilder(name).setParent(parent)
                .setSpanKind(role == SpanRole.INVOCATION ? SpanKind.SERVER : SpanKind.CONSUMER)
                .startSpan();
        return new Started(span, parent.with(span).makeCurrent(), traceHeader);
    }

    @Override
    public ExecutorService propagating(ExecutorService executor) {
        return Context.taskWrapping(executor);
    }

    private record Started(Span span, Scope scope, Optional<String> startedFrom) implements TraceSpan {

        @Override
        public Optional<String> traceHeader() {
            // No header, no trace to hand on: a span with no parent is never recorded, and its
            // made-up trace id must not reach an item (a write without a trace removes the old one).
            if (startedFrom.isEmpty() || !span.getSpanContext().isValid()) {
                return startedFrom;
            }
            Map<String, String> carrier = new HashMap<>();
            PROPAGATOR.inject(Context.root().with(span), carrier, Map::put);
            return Optional.ofNullable(carrier.get(HEADER)).or(() -> startedFrom);
        }

        @Override
        public void rename(String name) {
            span.updateName(name);
        }

        @Override
        public void attribute(String key, String value) {
            if (value != null) {
                span.setAttribute(AttributeKey.stringKey(key), value);
            }
        }

        @Override
        public void attribute(String key, long value) {
            span.setAttribute(AttributeKey.longKey(key), value);
        }

        @Override
        public void failed(String description) {
            span.setStatus(StatusCode.ERROR, description);
        }

        @Override
        public void close() {
            scope.close();
            span.end();
        }
    }
}
