package fluxor.enterprise.observability;

import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * JVM and process meters with names {@code promtool check metrics} accepts (snake_case, base units, counters
 * ending in {@code _total}). They replace Helidon's "base" scope meters ({@code memory_usedHeap_bytes},
 * {@code thread_count}...), which application.yaml switches off because their names fail that check.
 */
public final class JvmMeters {
    private JvmMeters() {}

    public static void register(MeterRegistry registry) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory(registry, "heap", memory::getHeapMemoryUsage);
        memory(registry, "nonheap", memory::getNonHeapMemoryUsage);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        gauge(registry, "jvm.threads.live", "Live platform threads", List.of(), threads::getThreadCount);
        gauge(registry, "jvm.threads.daemon", "Live daemon threads", List.of(), threads::getDaemonThreadCount);
        gauge(registry, "jvm.threads.peak", "Peak live platform threads", List.of(), threads::getPeakThreadCount);
        gauge(registry, "jvm.threads.deadlocked", "Threads in a deadlock (should always be 0)", List.of(), () -> {
            long[] ids = threads.findDeadlockedThreads();
            return ids == null ? 0 : ids.length;
        });

        var classes = ManagementFactory.getClassLoadingMXBean();
        gauge(registry, "jvm.classes.loaded", "Classes currently loaded", List.of(), classes::getLoadedClassCount);
        counter(
                registry,
                "jvm.classes.unloaded",
                "Classes unloaded since start",
                List.of(),
                classes,
                c -> c.getUnloadedClassCount());

        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            List<Tag> tags = List.of(Tag.create("gc", gc.getName()));
            counter(
                    registry,
                    "jvm.gc.collections",
                    "Garbage collections since start",
                    tags,
                    gc,
                    g -> Math.max(0, g.getCollectionCount()));
            gauge(
                    registry,
                    "jvm.gc.collection.seconds",
                    "Accumulated garbage collection time since start",
                    tags,
                    () -> Math.max(0, gc.getCollectionTime()) / 1000.0);
        }

        var runtime = ManagementFactory.getRuntimeMXBean();
        gauge(
                registry,
                "process.start.time.seconds",
                "Start time of the process since the Unix epoch",
                List.of(),
                () -> runtime.getStartTime() / 1000.0);
        gauge(
                registry,
                "process.uptime.seconds",
                "Time since the process started",
                List.of(),
                () -> runtime.getUptime() / 1000.0);

        var os = ManagementFactory.getOperatingSystemMXBean();
        gauge(
                registry,
                "system.cpus.available",
                "Processors available to the JVM",
                List.of(),
                os::getAvailableProcessors);
        gauge(
                registry,
                "system.load.average.1m",
                "System load average over the last minute",
                List.of(),
                os::getSystemLoadAverage);
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            gauge(
                    registry,
                    "process.cpu.usage",
                    "Recent CPU usage of the process (0 to 1)",
                    List.of(),
                    () -> Math.max(0, sun.getProcessCpuLoad()));
            gauge(
                    registry,
                    "process.cpu.time.seconds",
                    "CPU time used by the process since start",
                    List.of(),
                    () -> sun.getProcessCpuTime() / 1e9);
        }
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            gauge(registry, "process.open.fds", "Open file descriptors", List.of(), unix::getOpenFileDescriptorCount);
            gauge(
                    registry,
                    "process.max.fds",
                    "Maximum open file descriptors",
                    List.of(),
                    unix::getMaxFileDescriptorCount);
        }
        Path status = Path.of("/proc/self/status");
        if (Files.isReadable(status)) {
            gauge(
                    registry,
                    "process.resident.memory.bytes",
                    "Resident set size",
                    List.of(),
                    () -> residentBytes(status));
        }
    }

    private static void memory(MeterRegistry registry, String area, Supplier<MemoryUsage> usage) {
        List<Tag> tags = List.of(Tag.create("area", area));
        gauge(
                registry,
                "jvm.memory.used.bytes",
                "Memory used",
                tags,
                () -> usage.get().getUsed());
        gauge(
                registry,
                "jvm.memory.committed.bytes",
                "Memory committed by the JVM",
                tags,
                () -> usage.get().getCommitted());
        gauge(
                registry,
                "jvm.memory.max.bytes",
                "Maximum memory the JVM may use (-1: undefined)",
                tags,
                () -> usage.get().getMax());
    }

    private static void gauge(
            MeterRegistry registry, String name, String help, List<Tag> tags, Supplier<? extends Number> value) {
        registry.getOrCreate(Gauge.builder(name, () -> value.get().doubleValue())
                .description(help)
                .tags(tags));
    }

    private static <T> void counter(
            MeterRegistry registry, String name, String help, List<Tag> tags, T state, Function<T, Long> value) {
        registry.getOrCreate(
                FunctionalCounter.builder(name, state, value).description(help).tags(tags));
    }

    private static double residentBytes(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, /proc not readable or an unexpected format: report -1 rather than fail the scrape
        }
        return -1;
    }
}
