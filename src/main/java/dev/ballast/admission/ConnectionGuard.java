package dev.ballast.admission;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Caps open connections and times their reads: headers are due within the header timeout of the connection opening
 * or of the last reply (so an idle keep-alive connection is closed too), a body within the body timeout of its
 * headers. Each connection's {@link Exchange} is used only on that connection's event loop. Shared by the webhook's
 * listener and the cluster report's; each counts what it closed or refused through its own {@code rejected}.
 */
public final class ConnectionGuard {
    private final Vertx vertx;
    private final int maxConnections;
    private final long headerTimeoutMs;
    private final long bodyTimeoutMs;
    private final Consumer<Rejection> rejected;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<HttpConnection, Exchange> exchanges = new ConcurrentHashMap<>();

    public ConnectionGuard(Vertx vertx, int maxConnections, long headerTimeoutMs, long bodyTimeoutMs, Consumer<Rejection> rejected) {
        this.vertx = vertx;
        this.maxConnections = maxConnections;
        this.headerTimeoutMs = headerTimeoutMs;
        this.bodyTimeoutMs = bodyTimeoutMs;
        this.rejected = rejected;
    }

    /** What a connection is doing now: its read timer, the body being read or judged, and how to stop that work. */
    public final class Exchange {
        private final HttpConnection connection;
        private long timer = -1;
        private ReviewBody body;
        private Runnable cancel;

        private Exchange(HttpConnection connection) {
            this.connection = connection;
        }

        /** Headers arrived: the body is due within the body timeout, else {@code onSlowBody} runs. */
        void headersReceived(ReviewBody body, Runnable onSlowBody) {
            this.body = body;
            restart(bodyTimeoutMs, () -> {
                rejected.accept(Rejection.SLOW_CLIENT);
                onSlowBody.run();
            });
        }

        public void bodyReceived() {
            stopTimer();
        }

        /** Work on this exchange's body to stop when the connection closes. */
        void onClose(Runnable cancel) {
            this.cancel = cancel;
        }

        /** The reply is out: the connection lets go of the body and the next request's headers are due. */
        public void replied() {
            if (body != null) {
                body.release();
                body = null;
            }
            cancel = null;
            awaitHeaders();
        }

        private void awaitHeaders() {
            restart(headerTimeoutMs, () -> {
                rejected.accept(Rejection.SLOW_CLIENT);
                connection.close();
            });
        }

        private void closed() {
            stopTimer();
            if (cancel != null) {
                cancel.run();
            }
            if (body != null) {
                body.release();
                body = null;
            }
        }

        private void restart(long delayMs, Runnable onTimeout) {
            stopTimer();
            timer = vertx.setTimer(delayMs, id -> {
                timer = -1;
                onTimeout.run();
            });
        }

        private void stopTimer() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }

    /** A new connection: closed at once when over the cap, else timed from now. */
    public void opened(HttpConnection connection) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            rejected.accept(Rejection.TOO_MANY_CONNECTIONS);
            connection.close();
            return;
        }
        Exchange exchange = new Exchange(connection);
        exchanges.put(connection, exchange);
        connection.closeHandler(v -> {
            exchanges.remove(connection);
            open.decrementAndGet();
            exchange.closed();
        });
        exchange.awaitHeaders();
    }

    /** The connection's exchange; null for one closed at once by the cap. */
    public Exchange exchange(HttpConnection connection) {
        return exchanges.get(connection);
    }

    public int open() {
        return open.get();
    }
}
