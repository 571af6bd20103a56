package io.aegis.commandside.workorder;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * VINs in table {@code work_order_vin}. A partial unique index on open rows allows one open work order per VIN; a
 * concurrent second registration waits for the first transaction and then finds its row.
 */
@Component
class JdbcVinRegistry implements VinRegistry {

    private final JdbcTemplate jdbc;

    JdbcVinRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> register(String workOrderId, String vin, long createdAt) {
        int inserted = jdbc.update(
                "INSERT INTO work_order_vin (work_order_id, vin, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                workOrderId,
                vin,
                createdAt);
        if (inserted == 1) {
            return Optional.empty();
        }
        Optional<String> open = findOpenWorkOrder(vin);
        // Otherwise the insert conflicted on the work order id: that id is taken, whatever its VIN.
        return open.isPresent() ? open : Optional.of(workOrderId);
    }

    @Override
    public void markClosed(String workOrderId) {
        jdbc.update("UPDATE work_order_vin SET closed = TRUE WHERE work_order_id = ?", workOrderId);
    }

    @Override
    public Optional<String> findOpenWorkOrder(String vin) {
        return jdbc
                .queryForList(
                        "SELECT work_order_id FROM work_order_vin WHERE vin = ? AND NOT closed", String.class, vin)
                .stream()
                .findFirst();
    }

    @Override
    public List<String> findWorkOrders(String vin) {
        return jdbc.queryForList(
                "SELECT work_order_id FROM work_order_vin WHERE vin = ? ORDER BY created_at, work_order_id",
                String.class,
                vin);
    }
}
