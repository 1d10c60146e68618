package fluxor.enterprise.observability;

import io.helidon.config.Config;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry SDK, built in code because Helidon 4.1.2's OpenTelemetry provider ignores its YAML and wraps
 * whatever {@link GlobalOpenTelemetry} holds. It must be installed before the web server or the DbClient first ask
 * for a tracer (the first {@code GlobalOpenTelemetry.get()} would freeze a no-op one).
 * <p>
 * Keys (each overridable by the standard OpenTelemetry environment variable of the same name):
 * {@code otel.exporter.otlp.endpoint} (OTLP/HTTP base URL, e.g. {@code http://collector:4318}; unset = spans are
 * made for logs and propagation but not exported), {@code otel.service.name} (default {@code fluxor-enterprise}),
 * {@code otel.traces.sampler.arg} (ratio of new traces sampled, default 1.0; a sampled parent is always followed).
 */
public final class Telemetry implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(Telemetry.class.getName());

    private final SdkTracerProvider tracerProvider;

    private Telemetry(SdkTracerProvider tracerProvider) {
        this.tracerProvider = tracerProvider;
    }

    /** Builds the SDK from config and registers it globally; a second call in one JVM keeps the first SDK. */
    public static Telemetry install(Config config) {
        String service = config.get("otel.service.name")
                .asString()
                .filter(s -> !s.isBlank())
                .orElse("fluxor-enterprise");
        String endpoint = config.get("otel.exporter.otlp.endpoint")
                .asString()
                .map(String::trim)
                .orElse("");
        double ratio = config.get("otel.traces.sampler.arg").asDouble().orElse(1.0);
        Resource resource = Resource.getDefault()
                .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)));
        SdkTracerProviderBuilder tracers = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)));
        if (!endpoint.isEmpty()) {
            OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                    .setEndpoint(tracesUrl(endpoint))
                    .setTimeout(Duration.ofSeconds(10))
                    .build();
            tracers.addSpanProcessor(BatchSpanProcessor.builder(exporter)
                    .setScheduleDelay(Duration.ofMillis(
                            config.get("otel.bsp.schedule.delay").asLong().orElse(2000L)))
                    .build());
        }
        SdkTracerProvider provider = tracers.build();
        try {
            OpenTelemetrySdk.builder()
                    .setTracerProvider(provider)
                    .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                    .buildAndRegisterGlobal();
        } catch (IllegalStateException e) {
            // Someone (a test harness, an agent) registered one first: keep theirs rather than fail the start.
            LOGGER.log(Level.WARNING, "OpenTelemetry was already registered; keeping the existing one");
            provider.close();
            return new Telemetry(null);
        }
        LOGGER.log(
                Level.INFO,
                endpoint.isEmpty()
                        ? "tracing on (service " + service + "), export off: otel.exporter.otlp.endpoint is not set"
                        : "tracing on (service " + service + "), exporting OTLP/HTTP to " + tracesUrl(endpoint)
                                + ", sampling ratio " + ratio);
        return new Telemetry(provider);
    }

    /** The OTLP/HTTP base endpoint gets the signal path, as the OpenTelemetry specification says. */
    static String tracesUrl(String endpoint) {
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return base.endsWith("/v1/traces") ? base : base + "/v1/traces";
    }

    /** Exports the spans still buffered (shutdown). */
    public void flush() {
        if (tracerProvider != null) {
            tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        if (tracerProvider != null) {
            tracerProvider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }
}
