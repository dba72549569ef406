package dev.ballast.admission;

import java.util.concurrent.atomic.AtomicLong;

/** Bytes that may be held at once across every connection; reserved as they arrive, released with the reply. */
final class ByteBudget {
    private final long capacity;
    private final AtomicLong used = new AtomicLong();

    ByteBudget(long capacity) {
        this.capacity = capacity;
    }

    /** Reserves {@code bytes}, or reserves nothing and says false when that would pass the capacity. */
    boolean tryReserve(long bytes) {
        while (true) {
            long current = used.get();
            if (current + bytes > capacity) {
                return false;
            }
            if (used.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }
}
