package io.aegis.api.grpc;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * gRPC server of the gateway.
 *
 * @param port TCP port; 0 picks a free one (tests)
 * @param shutdownGrace how long running calls may finish on shutdown
 */
@ConfigurationProperties("aegis.grpc")
public record GrpcProperties(
        @DefaultValue("9090") int port,
        @DefaultValue("127.0.0.1") String address,
        @DefaultValue("10s") Duration shutdownGrace) {}
