package dev.ballast.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One full collection, once every policy present has settled after start-up, and never again. */
class StartupHeapTest {
    final AtomicInteger collections = new AtomicInteger();
    final StartupHeap heap = new StartupHeap(collections::incrementAndGet);

    @Test
    void collectsOnceWhenEveryPolicySettled() {
        List<String> policies = List.of("a", "b", "c");
        heap.settled("a", policies::stream);
        heap.settled("b", policies::stream);
        heap.settled("b", policies::stream);
        assertThat(collections).as("c is still being evaluated").hasValue(0);
        heap.settled("c", policies::stream);
        assertThat(collections).hasValue(1);
        heap.settled("a", policies::stream);
        heap.settled("c", List.of("a", "c", "d")::stream);
        assertThat(collections).as("only after start-up").hasValue(1);
    }

    @Test
    void aPolicyAddedMeanwhileIsWaitedFor() {
        heap.settled("a", List.of("a", "b")::stream);
        heap.settled("b", List.of("a", "b", "new")::stream);
        assertThat(collections).hasValue(0);
        heap.settled("new", List.of("a", "b", "new")::stream);
        assertThat(collections).hasValue(1);
    }
}
