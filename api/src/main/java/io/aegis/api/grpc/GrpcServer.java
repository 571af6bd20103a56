package io.aegis.api.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the gRPC server beside the HTTP server: the Aegis services, the standard health service (grpc.health.v1) and
 * server reflection. Health reports SERVING once the server is started and NOT_SERVING while it stops.
 */
@Component
public class GrpcServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);

    private final GrpcProperties properties;
    private final List<BindableService> services;
    private final List<ServerInterceptor> interceptors;
    private final HealthStatusManager health = new HealthStatusManager();
    private volatile Server server;

    GrpcServer(GrpcProperties properties, List<BindableService> services, List<ServerInterceptor> interceptors) {
        this.properties = properties;
        this.services = services;
        this.interceptors = interceptors;
    }

    @Override
    public void start() {
        NettyServerBuilder builder =
                NettyServerBuilder.forAddress(new InetSocketAddress(properties.address(), properties.port()));
        for (BindableService service : services) {
            ServerServiceDefinition definition = ServerInterceptors.intercept(service, interceptors);
            builder.addService(definition);
        }
        builder.addService(health.getHealthService());
        builder.addService(ProtoReflectionServiceV1.newInstance());
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start gRPC server on " + properties.address() + ":" + properties.port()
                            + " (aegis.grpc.port); is the port in use?",
                    e);
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        for (BindableService service : services) {
            health.setStatus(service.bindService().getServiceDescriptor().getName(), ServingStatus.SERVING);
        }
        log.info("[grpc] listening on {}:{} with {} services", properties.address(), port(), services.size());
    }

    @Override
    public void stop() {
        Server running = server;
        if (running == null) {
            return;
        }
        health.enterTerminalState();
        running.shutdown();
        try {
            if (!running.awaitTermination(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("[grpc] calls still running after {}, cancelling them", properties.shutdownGrace());
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server = null;
        log.info("[grpc] stopped");
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Returns the bound port, which differs from the configured one when that is 0. */
    public int port() {
        Server running = server;
        return running == null ? -1 : running.getPort();
    }
}
