package io.aegis.queryside.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.queryside.context.StaleRange;
import org.junit.jupiter.api.Test;

class StaleRangeQueueTest {

    private final StaleRangeQueue queue = new StaleRangeQueue();

    @Test
    void overlappingRangesMerge() {
        queue.add(new StaleRange("5", 100, 200));
        queue.add(new StaleRange("5", 150, 300));
        queue.add(new StaleRange("5", 301, 400));

        assertThat(queue.takeAll()).containsExactly(new StaleRange("5", 100, 400));
    }

    @Test
    void distantRangesStayApart() {
        queue.add(new StaleRange("5", 100, 200));
        queue.add(new StaleRange("5", 10_000, 20_000));
        queue.add(new StaleRange("6", 100, 200));

        assertThat(queue.takeAll())
                .containsExactlyInAnyOrder(
                        new StaleRange("5", 100, 200),
                        new StaleRange("5", 10_000, 20_000),
                        new StaleRange("6", 100, 200));
        assertThat(queue.size()).isZero();
    }

    @Test
    void openRangeSwallowsLaterOnes() {
        queue.add(new StaleRange("5", 100, Long.MAX_VALUE));
        queue.add(new StaleRange("5", 500, 600));
        queue.add(new StaleRange("5", 50, 60));

        assertThat(queue.takeAll())
                .containsExactlyInAnyOrder(new StaleRange("5", 50, 60), new StaleRange("5", 100, Long.MAX_VALUE));
    }
}
