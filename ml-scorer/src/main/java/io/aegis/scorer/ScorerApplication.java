package io.aegis.scorer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Foresight: scores every telemetry sample for anomalies and publishes defect alerts and scores to JetStream. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ScorerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ScorerApplication.class, args);
    }
}
