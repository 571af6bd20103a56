package io.aegis.edge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class EdgeBridgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(EdgeBridgeApplication.class, args);
    }
}
