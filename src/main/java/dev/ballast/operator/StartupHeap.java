package dev.ballast.operator;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Gives back, once, the heap that start-up grew. Syncing the informers (whole objects, mapped to views and dropped)
 * and the first evaluation of every workload allocate far more than is kept; SerialGC grows the heap to hold that
 * garbage and returns memory only at a full collection, which a settled operator seldom needs, so without one the
 * process would keep its start-up peak for good. When every policy has been evaluated over everything (or found
 * invalid), one full collection is asked for; the shipped flags ({@code -XX:MaxHeapFreeRatio},
 * {@code -XX:-ShrinkHeapInSteps}) let it shrink the heap to what is live.
 */
final class StartupHeap {
    private final Set<String> settled = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean released = new AtomicBoolean();
    private final Runnable collect;

    /** {@code collect}: the full collection ({@code System::gc}). */
    StartupHeap(Runnable collect) {
        this.collect = collect;
    }

    /**
     * The policy was evaluated over everything, or found invalid; {@code policies} are the policies there are now.
     * Collects when each of them has settled, the first time only.
     */
    void settled(String policy, Supplier<Stream<String>> policies) {
        if (released.get()) {
            return;
        }
        settled.add(policy);
        if (policies.get().allMatch(settled::contains) && released.compareAndSet(false, true)) {
            settled.clear();
            collect.run();
        }
    }
}
