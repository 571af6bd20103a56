package io.aegis.commandside.workorder;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Station occupancy in table {@code station_occupancy}. The primary key on the station makes a second concurrent
 * insert wait for the first transaction: if that commits, the insert does nothing and the occupant is returned.
 */
@Component
class JdbcStationRegistry implements StationRegistry {

    private final JdbcTemplate jdbc;

    JdbcStationRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<StationOccupant> claim(String stationId, String workOrderId, String vin, long arrivedAt) {
        int inserted = jdbc.update(
                "INSERT INTO station_occupancy (station_id, work_order_id, vin, arrived_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING",
                stationId,
                workOrderId,
                vin,
                arrivedAt);
        if (inserted == 1) {
            return Optional.empty();
        }
        List<StationOccupant> occupants = jdbc.query(
                "SELECT station_id, work_order_id, vin FROM station_occupancy WHERE station_id = ? OR work_order_id = ?",
                (row, index) -> new StationOccupant(row.getString(1), row.getString(2), row.getString(3)),
                stationId,
                workOrderId);
        return occupants.stream()
                .filter(occupant -> occupant.stationId().equals(stationId))
                .findFirst()
                .or(() -> occupants.stream().findFirst());
    }

    @Override
    public void release(String stationId, String workOrderId) {
        jdbc.update("DELETE FROM station_occupancy WHERE station_id = ? AND work_order_id = ?", stationId, workOrderId);
    }
}
