package fluxor.enterprise;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Shared state under contention, standing in for a race detector: every racer gets its own virtual thread and
 * all are released at the same instant. Returns when all have finished, so each future is done.
 */
public final class Races {
    private Races() {}

    public static <T> List<Future<T>> run(int racers, IntFunction<Callable<T>> racer) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < racers; i++) {
                Callable<T> task = racer.apply(i);
                results.add(threads.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
        }
        return results;
    }
}
