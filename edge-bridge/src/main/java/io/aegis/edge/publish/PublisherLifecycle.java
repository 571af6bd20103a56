package io.aegis.edge.publish;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Drains and closes the publisher at shutdown, after every source (simulator, controllers, file import, HTTP routes)
 * has stopped, and logs the final counts.
 */
@Component
class PublisherLifecycle implements SmartLifecycle {

    /** Below the web server's phases, so the HTTP routes stop accepting uploads before the final drain. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(PublisherLifecycle.class);

    private final JetStreamPublisher publisher;
    private volatile boolean running;

    PublisherLifecycle(JetStreamPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        try {
            publisher.drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
        PublishStatistics stats = publisher.statistics();
        log.info(
                "[publish] stopped: samples sent {}, acknowledged {}, failed {}; messages sent {}, acknowledged {},"
                        + " failed {}, retried {}",
                stats.sentSamples(),
                stats.acknowledgedSamples(),
                stats.failedSamples(),
                stats.sentMessages(),
                stats.acknowledgedMessages(),
                stats.failedMessages(),
                stats.retriedMessages());
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
