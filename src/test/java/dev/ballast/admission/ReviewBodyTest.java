package dev.ballast.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReviewBodyTest {
    @Test
    void bytesAreReservedAsTheyArriveAndRefusedPastTheSharedBudget() {
        ByteBudget budget = new ByteBudget(10, 10);
        ReviewBody first = new ReviewBody(budget);
        ReviewBody second = new ReviewBody(budget);
        assertThat(first.append(Buffer.buffer("123456"))).isTrue();
        assertThat(second.append(Buffer.buffer("12345"))).as("6 + 5 > 10").isFalse();
        assertThat(second.append(Buffer.buffer("1234"))).isTrue();
        assertThat(budget.used()).isEqualTo(10);
        first.release();
        assertThat(budget.used()).isEqualTo(4);
        assertThat(second.append(Buffer.buffer("12345"))).isTrue();
    }

    @Test
    void theLastEighthIsKeptForSmallBodies() {
        ByteBudget budget = new ByteBudget(80, 4);
        ReviewBody large = new ReviewBody(budget);
        assertThat(large.append(Buffer.buffer("x".repeat(60)))).isTrue();
        assertThat(large.append(Buffer.buffer("x".repeat(11)))).as("71 > 70, seven eighths").isFalse();
        assertThat(large.append(Buffer.buffer("x".repeat(10)))).isTrue();
        ReviewBody small = new ReviewBody(budget);
        assertThat(small.append(Buffer.buffer("1234"))).as("a small body may use the reserve").isTrue();
        assertThat(small.append(Buffer.buffer("5"))).as("... until it grows past small").isFalse();
    }

    @Test
    void theChunksReadAsOneStreamAndTheBytesComeBackWhenTheLastHolderLetsGo() throws Exception {
        ByteBudget budget = new ByteBudget(100, 100);
        ReviewBody body = new ReviewBody(budget);
        body.append(Buffer.buffer("{\"a\":"));
        body.append(Buffer.buffer("1}"));
        assertThat(new String(body.stream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        body.retain(); // a worker judging it
        body.release(); // the connection replied or closed
        assertThat(budget.used()).isEqualTo(7);
        body.release(); // the worker stopped
        assertThat(budget.used()).isZero();
        body.release();
        assertThat(budget.used()).as("released once").isZero();
        assertThat(body.append(Buffer.buffer("x"))).as("nothing is added to a released body").isFalse();
    }
}
