/** Fluxor Enterprise: user and account service. Exports nothing: it is an application, not a library. */
module fluxor.enterprise {
    requires io.helidon;
    requires io.helidon.logging.common;
    requires io.helidon.logging.jul;
    requires io.helidon.config;
    requires io.helidon.config.yaml;
    requires io.helidon.webserver;
    requires io.helidon.webserver.observe;
    requires io.helidon.webserver.observe.health;
    requires io.helidon.webserver.observe.metrics;
    requires io.helidon.webserver.observe.tracing;
    requires io.helidon.webserver.cors;
    requires io.helidon.cors;
    requires io.helidon.common.tls;
    requires com.zaxxer.hikari;
    requires io.helidon.webserver.accesslog;
    requires io.helidon.health;
    requires io.helidon.health.checks;
    requires io.helidon.metrics.api;
    requires io.helidon.tracing;
    requires io.helidon.tracing.providers.opentelemetry;
    requires io.helidon.dbclient;
    requires io.helidon.dbclient.health;
    requires io.helidon.dbclient.hikari; // HikariMetricsProvider: Hikari's pool meters into the metrics registry
    requires micrometer.core; // automatic module: the registry Hikari's meters go to
    requires io.helidon.security;
    requires io.helidon.security.jwt;
    requires io.helidon.security.providers.jwt;
    requires io.helidon.security.providers.common;
    requires io.helidon.common.configurable;
    requires io.helidon.http.media.jsonp;
    requires io.helidon.faulttolerance;
    requires io.opentelemetry.api;
    requires io.opentelemetry.context;
    requires io.opentelemetry.sdk;
    requires io.opentelemetry.sdk.trace;
    requires io.opentelemetry.sdk.common;
    requires io.opentelemetry.exporter.otlp;
    // The OTLP exporter's span sender (opentelemetry-exporter-sender-jdk, an automatic module) posts with the JDK's
    // HttpClient (also webhooks.WebhookSender); automatic modules require nothing, so this puts java.net.http in the
    // graph.
    requires java.net.http;
    requires flyway.core;
    requires password4j;
    requires io.github.bucket4j.core;
    requires io.github.bucket4j.postgresql;
    requires io.github.bucket4j.lettuce; // RATE_LIMIT_BACKEND=redis
    requires lettuce.core;
    // Netty's jars are named modules: an automatic module (Lettuce) does not pull them into the module graph
    requires io.netty.transport;
    requires io.netty.handler;
    requires io.netty.resolver.dns;
    requires jakarta.mail; // events.SmtpMailSender; Angus Mail (org.eclipse.angus.mail) provides it
    requires java.sql;
    requires java.logging;
    requires java.management; // JVM, process and Hikari pool meters (MBeans)
    requires jdk.management; // com.sun.management: process CPU, open file descriptors
    requires jdk.unsupported;

    provides io.helidon.dbclient.hikari.spi.HikariMetricsProvider with
            fluxor.enterprise.observability.HikariPoolMetrics;

    // Flyway reads the SQL migrations from this resource package.
    opens db.migration;
}
