# syntax=docker/dockerfile:1
# Fluxor Enterprise container: stage 1 builds the jar and the jlink image (JDK 25 runtime + app jars + AOT cache,
# jlink/build.sh); stage 2 is that image on a slim glibc base, run as a non-root user. No JDK in the result.
#   docker build -t fluxor-enterprise .        docker compose up   (docker-compose.yml: the whole stack)

FROM maven:3.9-eclipse-temurin-25 AS build
# curl drives the AOT training run; binutils' strip trims the JDK's native libraries (both usually present)
RUN command -v curl >/dev/null && command -v strip >/dev/null \
    || (apt-get update && apt-get install -y --no-install-recommends curl binutils && rm -rf /var/lib/apt/lists/*)
WORKDIR /src
# dependencies first: this layer is reused until pom.xml changes
COPY pom.xml ./
COPY .mvn .mvn
RUN mvn -B -q dependency:go-offline -Derrorprone.skip || true
COPY src src
COPY etc etc
COPY jlink jlink
COPY scripts/jdk.sh scripts/jdk.sh
RUN mvn -B -q -Dmaven.test.skip=true package && jlink/build.sh

FROM debian:bookworm-slim
# The image needs glibc and zlib only (ldd of its libraries); bash serves the health check without curl.
RUN groupadd --system --gid 10001 fluxor \
    && useradd --system --uid 10001 --gid fluxor --home-dir /var/lib/fluxor-enterprise --no-create-home \
       --shell /usr/sbin/nologin fluxor \
    && install -d -o fluxor -g fluxor -m 0750 /var/lib/fluxor-enterprise \
    && install -d -o fluxor -g fluxor -m 0700 /var/lib/fluxor-enterprise/keys
COPY --from=build /src/target/image /opt/fluxor-enterprise
USER 10001:10001
WORKDIR /var/lib/fluxor-enterprise
ENV DATA_DIR=/var/lib/fluxor-enterprise/data \
    SERVER_PORT=8080 \
    LOG_FORMAT=json
EXPOSE 8080
# Liveness only (a database outage must not make the orchestrator restart healthy instances); plain HTTP on
# SERVER_PORT: with TLS_KEYSTORE set, terminate TLS in front instead or replace this check.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8080} && printf 'GET /health/live HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
STOPSIGNAL SIGTERM
# Exec form, and the launcher execs java: SIGTERM reaches the JVM, which drains and exits 0.
ENTRYPOINT ["/opt/fluxor-enterprise/bin/fluxor-enterprise"]
CMD ["serve"]
