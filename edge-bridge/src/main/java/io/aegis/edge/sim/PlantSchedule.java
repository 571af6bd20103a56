package io.aegis.edge.sim;

/**
 * When each vehicle is where. Vehicle {@code k} (0, 1, 2, ...) is created {@code k} takts after the start, enters
 * station 1 a lead time later and moves one station per takt. Each station visit ends with a transfer gap before the
 * next vehicle arrives. Inside a visit the ECU is flashed (at the flashing station) after {@link #flashDelay}, and
 * the tightening cycles run after {@link #settle}, one per slot.
 *
 * <p>Every duration scales with the takt, capped, so short test takts still fit every step.
 */
final class PlantSchedule {

    private final long start;
    private final long takt;
    private final int stations;
    private final int bolts;
    private final long lead;
    private final long transfer;
    private final long flashDelay;
    private final long settle;
    private final long slot;
    private final long cycleDuration;

    PlantSchedule(long startMillis, long taktMillis, int stations, int bolts) {
        this.start = startMillis;
        this.takt = taktMillis;
        this.stations = stations;
        this.bolts = bolts;
        this.lead = Math.min(2000, taktMillis / 4);
        this.transfer = Math.min(2000, taktMillis / 10);
        this.flashDelay = Math.min(4000, taktMillis / 5);
        this.settle = flashDelay + Math.min(500, taktMillis / 20);
        long tail = Math.min(1000, taktMillis / 20);
        long usable = taktMillis - transfer - settle - tail;
        this.slot = usable / bolts;
        this.cycleDuration = Math.min(1250, slot * 4 / 5);
    }

    long start() {
        return start;
    }

    long takt() {
        return takt;
    }

    int stations() {
        return stations;
    }

    int bolts() {
        return bolts;
    }

    long created(long vehicle) {
        return start + vehicle * takt;
    }

    long released(long vehicle) {
        return created(vehicle) + lead / 2;
    }

    /** Arrival of vehicle {@code vehicle} at the station at 1-based line {@code position}. */
    long arrival(long vehicle, int position) {
        return start + lead + (vehicle + position - 1) * takt;
    }

    long departure(long vehicle, int position) {
        return arrival(vehicle, position) + takt - transfer;
    }

    long flash(long vehicle, int position) {
        return arrival(vehicle, position) + flashDelay;
    }

    long cycleStart(long vehicle, int position, int bolt) {
        return arrival(vehicle, position) + settle + bolt * slot;
    }

    long cycleDuration() {
        return cycleDuration;
    }

    /** Returns the vehicle at the station at time {@code t}, or -1 when the station is empty. */
    long occupant(int position, long t) {
        long sinceFirstArrival = t - start - lead - (long) (position - 1) * takt;
        if (sinceFirstArrival < 0) {
            return -1;
        }
        long vehicle = sinceFirstArrival / takt;
        return t < departure(vehicle, position) ? vehicle : -1;
    }

    /** Returns the bolt whose cycle is running at time {@code t} for this visit, or -1 between cycles. */
    int boltAt(long vehicle, int position, long t) {
        long sinceSettle = t - arrival(vehicle, position) - settle;
        if (sinceSettle < 0) {
            return -1;
        }
        long bolt = sinceSettle / slot;
        if (bolt >= bolts) {
            return -1;
        }
        return sinceSettle - bolt * slot < cycleDuration ? (int) bolt : -1;
    }

    /** Returns the first vehicle whose events (creation to last departure plus {@code after}) reach time t. */
    long firstVehicleActiveAt(long t, long after) {
        long lastDepartureOffset = lead + (long) stations * takt - transfer + after;
        long vehicle = Math.floorDiv(t - start - lastDepartureOffset, takt);
        return Math.max(0, vehicle);
    }

    /** Returns the last vehicle created before time {@code t}, or -1. */
    long lastVehicleCreatedBefore(long t) {
        if (t <= start) {
            return -1;
        }
        return (t - 1 - start) / takt;
    }
}
