package io.aegis.commandside.workorder;

import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.axonframework.common.IdentifierFactory;

/**
 * Message identifiers for tests: the ids queued by {@link #next(String...)} first, random UUIDs afterwards. The
 * aggregate fixture assigns fresh identifiers to given events, so tests of corrections queue the ids they refer to.
 * Registered through {@code META-INF/services} on the test class path only.
 */
public class ScriptedIdentifierFactory extends IdentifierFactory {

    private static final Deque<String> QUEUED = new ConcurrentLinkedDeque<>();

    /** Queues identifiers for the next messages, replacing any still queued. */
    static void next(String... identifiers) {
        QUEUED.clear();
        QUEUED.addAll(java.util.List.of(identifiers));
    }

    @Override
    public String generateIdentifier() {
        String queued = QUEUED.pollFirst();
        return queued != null ? queued : UUID.randomUUID().toString();
    }
}
