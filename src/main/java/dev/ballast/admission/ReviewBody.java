package dev.ballast.admission;

import io.netty.buffer.ByteBufInputStream;
import io.vertx.core.buffer.Buffer;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One request's body as it arrives, its bytes reserved in the shared {@link ByteBudget} chunk by chunk and given
 * back when the last holder lets go: the connection (at its reply or close) and, while judging, a worker. Kept as
 * the chunks Vert.x delivered, read as one stream: no growing copy. Confined to the connection's event loop, except
 * that a worker reads the stream after the last chunk.
 */
final class ReviewBody {
    private final ByteBudget budget;
    private final List<Buffer> chunks = new ArrayList<>();
    private long length;
    private int holders = 1;

    ReviewBody(ByteBudget budget) {
        this.budget = budget;
    }

    /** Appends a chunk, or says false (keeping nothing) when the shared budget cannot take it. */
    boolean append(Buffer chunk) {
        if (holders == 0 || !budget.tryReserve(length, chunk.length())) {
            return false;
        }
        chunks.add(chunk);
        length += chunk.length();
        return true;
    }

    long length() {
        return length;
    }

    InputStream stream() {
        List<InputStream> streams = new ArrayList<>(chunks.size());
        chunks.forEach(c -> streams.add(new ByteBufInputStream(c.getByteBuf())));
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    /** One more holder (a worker judging it), who must {@link #release} too. */
    void retain() {
        holders++;
    }

    void release() {
        if (holders > 0 && --holders == 0) {
            budget.release(length);
            chunks.clear();
        }
    }
}
