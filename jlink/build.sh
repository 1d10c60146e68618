#!/usr/bin/env bash
# Builds target/image: a minimal JDK runtime (jlink) + the app and library jars on its module path + an AOT
# cache (JDK 25, JEP 483/514) from a short training run + the launcher bin/fluxor-enterprise.
# The whole app cannot be linked into the runtime: Flyway, the PostgreSQL driver, Micrometer and OpenTelemetry
# are automatic modules, which jlink refuses. Run after `mvn package` (it runs it when the jar is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
image=target/image
jar=target/fluxor-enterprise.jar
if [ ! -f "$jar" ] || [ ! -d target/libs ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
    mvn -B -q -Dmaven.test.skip=true package
fi

# JDK modules: what jdeps finds, plus what it cannot see:
#  java.desktop  SnakeYAML's java.beans use (`requires static`), else NoClassDefFoundError at start
#  java.xml      Flyway and Helidon config parsers
#  jdk.crypto.ec / jdk.crypto.cryptoki  not needed: EC lives in java.base on JDK 22+
#  jdk.management  process CPU / open-file metrics (com.sun.management)
#  jdk.jfr       flight recordings in production (`JAVA_OPTS=-XX:StartFlightRecording`)
#  jdk.localedata, jdk.charsets  not needed (UTF-8 only)
#  jdk.zipfs     Flyway reads migrations from the app jar
found=$(jdeps --ignore-missing-deps -q --multi-release 25 --print-module-deps \
        --module-path target/libs --add-modules ALL-MODULE-PATH "$jar")
modules="$found,java.desktop,java.xml,java.logging,jdk.management,jdk.jfr,jdk.zipfs,jdk.unsupported"
echo "JDK modules: $modules"

rm -rf "$image"
# java.desktop is here only for java.beans (SnakeYAML; Angus Mail requires the module): its AWT/font/image native
# libraries are never loaded, so leave them out, and of its classes keep java.beans, com.sun.beans and the one Swing
# annotation the Introspector reads; every other package keeps one file, because jlink insists that exported
# packages exist (-8.5 MB). java.xml is here only because java.desktop requires it: nothing loads an XML class
# (none in the AOT training run's class list; the service, Flyway, H2, pgjdbc's unused SQLXML and JFR's own .jfc
# parser do not), so it is trimmed the same way (-3.8 MB). A class left out would fail with NoClassDefFoundError,
# so scripts/image-smoke checks the image.
desktop_excludes="$(mktemp)"
trap 'rm -f "$desktop_excludes"' EXIT
jimage list "$JAVA_HOME/lib/modules" | awk '
    /^Module: / { module = $2; next }
    (module == "java.desktop" || module == "java.xml") && NF == 1 {
        file = $1; pkg = file; sub(/\/[^\/]*$/, "", pkg)
        if (module == "java.desktop" && (file ~ /^(java\/beans|com\/sun\/beans)\// || file == "javax/swing/SwingContainer.class")) next
        if (file == "module-info.class" || file ~ /^META-INF\//) next
        if (!(pkg in kept)) { kept[pkg] = 1; next }
        list = list (n++ ? "," : "") "/" module "/" file
    }
    END { print "--exclude-resources=" list }' > "$desktop_excludes"
jlink @"$desktop_excludes" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
      --exclude-files='**/libawt*.so,**/libjawt.so,**/libfontmanager.so,**/libfreetype.so,**/liblcms.so,**/libmlib_image.so,**/libjavajpeg.so,**/libjsound.so,**/libsplashscreen.so' \
      --output "$image"
# The JDK's native libraries keep their symbol tables; the runtime never needs them (-5 MB for libjvm alone).
if command -v strip >/dev/null; then
    find "$image" -name '*.so' -exec chmod u+w {} + -exec strip --strip-unneeded {} +
fi
mkdir -p "$image/app/libs"
cp "$jar" "$image/app/"
cp target/libs/*.jar "$image/app/libs/"
cp -r etc "$image/etc"
# JVM defaults (heap, GC, stack size): the launcher and the AOT training run both read this @argfile.
[ -f jlink/jvm.options ] && cp jlink/jvm.options "$image/lib/jvm.options"

cat > "$image/bin/fluxor-enterprise" <<'LAUNCHER'
#!/bin/sh
# Fluxor Enterprise launcher. JAVA_OPTS adds JVM options (after lib/jvm.options, so they override it); `exec`
# hands the process (and SIGTERM) to the JVM, which drains in-flight requests before exiting 0.
home=$(cd "$(dirname "$0")/.." && pwd)
opts=""
[ -f "$home/lib/jvm.options" ] && opts="@$home/lib/jvm.options"
aot=""
if [ -f "$home/lib/fluxor.aot" ] && [ "${FLUXOR_AOT:-on}" != "off" ]; then
    aot="-XX:AOTCache=$home/lib/fluxor.aot"
fi
# The AOT cache records the module path as a string and is rejected when it differs (the JDK relocates only the
# class path), so the jars are named through descriptor 9, opened on this image: the same path wherever the image
# was built (target/image) or installed (/opt/fluxor-enterprise/<version>, a container's /opt/fluxor-enterprise).
exec 9<"$home"
exec "$home/bin/java" ${opts:+"$opts"} ${aot:+"$aot"} ${JAVA_OPTS:-} \
    -p /proc/self/fd/9/app/fluxor-enterprise.jar:/proc/self/fd/9/app/libs \
    -m fluxor.enterprise/fluxor.enterprise.Main "$@"
LAUNCHER
chmod +x "$image/bin/fluxor-enterprise"

# The AOT cache needs JDK 24+ (JEP 483/514; the image's runtime is JDK 25). An older JDK builds the image without it.
if ! "$JAVA_HOME/bin/java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q AOTCacheOutput; then
    echo "warning: $JAVA_HOME has no AOT cache support (JDK 24+ needed): image built without one" >&2
    echo "image: $image ($(du -sh "$image" | cut -f1))"
    exit 0
fi

# Training run: start on a throwaway H2 database, exercise the main paths, stop with SIGTERM; the JVM writes the
# AOT configuration on exit, then a second JVM assembles the cache from it. Two steps rather than AOTCacheOutput:
# its one-step mode forks a child JVM that does not inherit descriptor 9 (the module path, see the launcher).
train=$(mktemp -d)
trap 'rm -f "$desktop_excludes"; rm -rf "$train"' EXIT
train_opts=""
[ -f "$image/lib/jvm.options" ] && train_opts="@$image/lib/jvm.options"  # the cache is trained under the production flags
# No method profiles in the cache (JEP 515): a handful of training requests gave the JIT little, and they cost 4 MB
# (image 114 -> 110 MB) with no measurable change in the time to ready (2.3-3.3 s both ways, 4 starts each).
# Class linking stays on: without it the cache is 9 MB smaller but ready took ~1 s longer (3.3-4.1 s).
aot_opts="-XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining -XX:-AOTReplayTraining"
log="$train/train.log"
modpath=/proc/self/fd/9/app/fluxor-enterprise.jar:/proc/self/fd/9/app/libs
exec 9<"$image"
DATA_DIR="$train/data" SERVER_PORT=0 SEED_DATA=false \
    "$image/bin/java" ${train_opts:+"$train_opts"} -XX:AOTMode=record -XX:AOTConfiguration="$train/fluxor.aotconf" \
    $aot_opts ${AOT_TRAINING_OPTS:-} -Xlog:aot=error,cds=error \
    -p "$modpath" -m fluxor.enterprise/fluxor.enterprise.Main > "$log" 2>&1 &
pid=$!
port=""
for _ in $(seq 1 100); do
    port=$(grep -o 'listening on port [0-9]*' "$log" | awk '{print $4}' || true)
    [ -n "$port" ] && break
    sleep 0.2
done
[ -n "$port" ] || { cat "$log"; echo "training run did not start" >&2; kill $pid; exit 1; }
for path in / /health /health/ready /health/live /metrics /openapi /.well-known/jwks.json /nope; do
    curl -s -o /dev/null "http://127.0.0.1:$port$path" || true
done
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d '{"email":"train@example.com","password":"training password 1","name":"Train"}' \
    "http://127.0.0.1:$port/api/v1/auth/register" || true
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d '{"email":"train@example.com","password":"training password 1"}' \
    "http://127.0.0.1:$port/api/v1/auth/login" || true
kill -TERM $pid
wait $pid || true
"$image/bin/java" ${train_opts:+"$train_opts"} -XX:AOTMode=create -XX:AOTConfiguration="$train/fluxor.aotconf" \
    -XX:AOTCache="$image/lib/fluxor.aot" $aot_opts ${AOT_TRAINING_OPTS:-} -Xlog:aot=error,cds=error \
    -p "$modpath" -m fluxor.enterprise/fluxor.enterprise.Main > "$train/create.log" 2>&1 \
    || { cat "$train/create.log"; echo "AOT cache creation failed" >&2; exit 1; }
exec 9<&-
[ -f "$image/lib/fluxor.aot" ] || echo "warning: no AOT cache was written" >&2
echo "image: $image ($(du -sh "$image" | cut -f1))"
