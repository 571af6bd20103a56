package io.aegis.edge.mes;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the work-order command client.
 *
 * @param requestTimeout how long one request waits for the command side's reply
 * @param maxAttempts attempts per command (same idempotency key each time) before it counts as failed
 * @param retryBackoff delay between attempts
 * @param queueCapacity commands waiting to be sent; the simulator blocks when the queue is full
 * @param drainTimeout how long shutdown waits for queued commands to be sent
 */
@ConfigurationProperties("aegis.edge.mes")
public record MesProperties(
        @DefaultValue("2s") Duration requestTimeout,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("250ms") Duration retryBackoff,
        @DefaultValue("10000") int queueCapacity,
        @DefaultValue("10s") Duration drainTimeout) {}
