package io.aegis.scorer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ScorerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ScorerApplication.class, args);
    }
}
