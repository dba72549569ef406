package dev.ballast.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Applies a function to a list of items on background threads (the caller helps while it waits) and hands back the
 * outcomes in item order, so the result is the same as a loop's. Once an item fails, items after it are skipped: a
 * loop would have stopped there too, and every item before it still runs, so the first failure in order is always
 * known.
 */
final class OrderedWork<T, R> {
    /** The result of one item, or what it threw; {@code skipped} after an earlier item failed or on cancel. */
    record Outcome<R>(R value, Throwable failure, boolean skipped) {
        R get() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null || skipped) {
                throw new IllegalStateException("no outcome", failure);
            }
            return value;
        }
    }

    private final List<T> items;
    private final Function<T, R> function;
    private final AtomicReferenceArray<Outcome<R>> outcomes;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger firstFailure = new AtomicInteger(Integer.MAX_VALUE);
    private final List<Thread> workers = new ArrayList<>();

    private OrderedWork(List<T> items, Function<T, R> function) {
        this.items = List.copyOf(items);
        this.function = function;
        this.outcomes = new AtomicReferenceArray<>(this.items.size());
    }

    /** Starts up to {@code threads} daemon workers (none for fewer than two items: the caller does the work). */
    static <T, R> OrderedWork<T, R> start(List<T> items, Function<T, R> function, int threads, String name) {
        OrderedWork<T, R> work = new OrderedWork<>(items, function);
        int count = items.size() < 2 ? 0 : Math.min(threads, items.size());
        for (int i = 0; i < count; i++) {
            Thread worker = new Thread(work::drain, name + "-" + i);
            worker.setDaemon(true); // a cancelled run must not keep the JVM alive
            work.workers.add(worker);
            worker.start();
        }
        return work;
    }

    /** Waits for every item (helping with those not yet taken); the outcomes, in item order. */
    List<Outcome<R>> outcomes() {
        drain();
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the inputs", e);
            }
        }
        List<Outcome<R>> inOrder = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Outcome<R> outcome = outcomes.get(i);
            inOrder.add(outcome == null ? new Outcome<>(null, null, true) : outcome);
        }
        return inOrder;
    }

    /** Items not started yet are skipped; those running finish in the background. */
    void cancel() {
        next.set(items.size());
    }

    private void drain() {
        int i;
        while ((i = next.getAndIncrement()) < items.size()) {
            if (i > firstFailure.get()) {
                outcomes.set(i, new Outcome<>(null, null, true));
                continue;
            }
            try {
                outcomes.set(i, new Outcome<>(function.apply(items.get(i)), null, false));
            } catch (Throwable t) {
                outcomes.set(i, new Outcome<>(null, t, false));
                firstFailure.accumulateAndGet(i, Math::min);
            }
        }
    }
}
