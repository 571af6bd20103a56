package io.aegis.edge;

import io.aegis.edge.publish.JetStreamPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Resends what the previous run spooled because JetStream had not acknowledged it before that run stopped. */
@Component
class SpoolResender implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SpoolResender.class);

    private final JetStreamPublisher publisher;

    SpoolResender(JetStreamPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        int resent = publisher.resendSpooled();
        if (resent > 0) {
            log.info("[spool] {} spooled messages handed to the publisher", resent);
        }
    }
}
