package io.aegis.commandside.store;

import io.aegis.commandside.StartupCheckException;
import jakarta.annotation.PostConstruct;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Verifies at startup that the global index of the event table comes from its own sequence with increment 1 and
 * cache 1. A larger increment or cache hands out indexes in blocks per session, which produces gaps the tracking
 * token mistakes for transactions still in flight, so a wrong setting stops the service.
 */
@Component
class GlobalIndexSequenceCheck {

    static final String SEQUENCE = "domain_event_entry_global_index_seq";

    private static final Logger log = LoggerFactory.getLogger(GlobalIndexSequenceCheck.class);

    private final JdbcTemplate jdbc;

    GlobalIndexSequenceCheck(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @PostConstruct
    void verify() {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT increment_by, cache_size FROM pg_sequences"
                        + " WHERE schemaname = current_schema() AND sequencename = ?",
                SEQUENCE);
        if (rows.isEmpty()) {
            throw new StartupCheckException(
                    "sequence " + SEQUENCE + " is missing from the current schema",
                    "Let the command side's Flyway migrations run against this database (spring.flyway.enabled).",
                    null);
        }
        long increment = ((Number) rows.get(0).get("increment_by")).longValue();
        long cache = ((Number) rows.get(0).get("cache_size")).longValue();
        if (increment != 1 || cache != 1) {
            throw new StartupCheckException(
                    "sequence " + SEQUENCE + " has increment " + increment + " and cache " + cache
                            + ", expected 1 and 1 so the global index has no gaps besides open or rolled-back"
                            + " transactions",
                    "Run: ALTER SEQUENCE " + SEQUENCE + " INCREMENT BY 1 CACHE 1",
                    null);
        }
        String columnDefault = jdbc.queryForObject(
                "SELECT column_default FROM information_schema.columns WHERE table_schema = current_schema()"
                        + " AND table_name = 'domain_event_entry' AND column_name = 'global_index'",
                String.class);
        if (columnDefault == null || !columnDefault.contains(SEQUENCE)) {
            throw new StartupCheckException(
                    "domain_event_entry.global_index defaults to '" + columnDefault + "', expected nextval('" + SEQUENCE
                            + "')",
                    "Run: ALTER TABLE domain_event_entry ALTER COLUMN global_index SET DEFAULT nextval('" + SEQUENCE
                            + "')",
                    null);
        }
        log.info("[eventstore] global index sequence {} has increment 1 and cache 1", SEQUENCE);
    }
}
