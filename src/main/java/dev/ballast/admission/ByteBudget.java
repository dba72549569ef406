package dev.ballast.admission;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes that may be held at once across every connection; reserved as they arrive, released with the reply. The last
 * eighth is kept for small bodies (ordinary reviews), so large uploads filling the rest cannot starve them.
 */
final class ByteBudget {
    private final long capacity;
    private final long smallBody;
    private final AtomicLong used = new AtomicLong();

    ByteBudget(long capacity, long smallBody) {
        this.capacity = capacity;
        this.smallBody = smallBody;
    }

    /**
     * Reserves {@code bytes} more for a body that holds {@code held} already, or reserves nothing and says false when
     * that would pass the capacity (for a body growing past {@code smallBody}, seven eighths of it).
     */
    boolean tryReserve(long held, long bytes) {
        long limit = held + bytes <= smallBody ? capacity : capacity - capacity / 8;
        while (true) {
            long current = used.get();
            if (current + bytes > limit) {
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
