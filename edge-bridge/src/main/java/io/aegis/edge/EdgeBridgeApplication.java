package io.aegis.edge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;
import sun.misc.Signal;

/**
 * Edge bridge: runs the plant simulator and the controller adapters, and publishes what they produce to JetStream.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class EdgeBridgeApplication {

    public static void main(String[] args) {
        exitCleanlyOnSignal("TERM");
        exitCleanlyOnSignal("INT");
        SpringApplication.run(EdgeBridgeApplication.class, args);
    }

    /**
     * Replaces the JVM's default handler, which exits with 128 + signal number, by {@code System.exit(0)}. The exit
     * still runs the shutdown hooks, so the Spring context stops the simulator and drains the publish window first.
     */
    private static void exitCleanlyOnSignal(String name) {
        try {
            Signal.handle(new Signal(name), signal -> new Thread(() -> System.exit(0), "exit-on-sig" + name).start());
        } catch (IllegalArgumentException e) {
            // The signal does not exist on this platform (or is reserved by the JVM); keep the default handling.
        }
    }
}
