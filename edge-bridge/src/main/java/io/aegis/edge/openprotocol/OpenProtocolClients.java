package io.aegis.edge.openprotocol;

import io.aegis.contract.Subjects;
import io.aegis.edge.publish.JetStreamPublisher;
import io.aegis.edge.publish.SequenceGapMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Starts one {@link ControllerClient} per configured controller, each on its own thread. */
@Component
class OpenProtocolClients implements SmartLifecycle {

    private final OpenProtocolProperties properties;
    private final Subjects subjects;
    private final JetStreamPublisher publisher;
    private final MeterRegistry registry;
    private final SequenceGapMonitor gaps;
    private final List<ControllerClient> clients = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    OpenProtocolClients(
            OpenProtocolProperties properties,
            Subjects subjects,
            JetStreamPublisher publisher,
            MeterRegistry registry,
            SequenceGapMonitor gaps) {
        this.properties = properties;
        this.subjects = subjects;
        this.publisher = publisher;
        this.registry = registry;
        this.gaps = gaps;
    }

    @Override
    public synchronized void start() {
        for (OpenProtocolProperties.Controller controller : properties.controllers()) {
            ControllerClient client = new ControllerClient(controller, subjects, publisher, registry, gaps);
            Thread thread = new Thread(client, "open-protocol-" + controller.address());
            thread.setDaemon(true);
            clients.add(client);
            threads.add(thread);
            thread.start();
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        clients.forEach(ControllerClient::stop);
        for (Thread thread : threads) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        clients.clear();
        threads.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
