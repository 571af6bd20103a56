package io.aegis.edge.publish;

import io.nats.client.impl.Headers;

/**
 * One message for the stream, with the JetStream message id that makes its retries safe.
 *
 * @param samples torque samples it carries, for the sample counters; zero for tightening results
 */
public record OutboundMessage(String subject, Headers headers, byte[] body, String messageId, int samples) {}
