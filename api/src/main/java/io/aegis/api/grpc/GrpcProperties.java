package io.aegis.api.grpc;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * gRPC server of the gateway.
 *
 * @param port TCP port; 0 picks a free one (tests)
 * @param address listen address; all interfaces by default, like the HTTP server
 * @param shutdownGrace how long running calls may finish on shutdown
 */
@ConfigurationProperties("aegis.grpc")
public record GrpcProperties(
        @DefaultValue("9090") int port,
        @DefaultValue("0.0.0.0") String address,
        @DefaultValue("10s") Duration shutdownGrace) {}
