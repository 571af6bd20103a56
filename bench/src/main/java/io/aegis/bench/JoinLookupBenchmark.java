package io.aegis.bench;

import io.aegis.proto.v1.FirmwareFlashed;
import io.aegis.proto.v1.MesEvent;
import io.aegis.proto.v1.VehicleArrived;
import io.aegis.proto.v1.VehicleLeft;
import io.aegis.proto.v1.WorkOrderCreated;
import io.aegis.queryside.context.Enrichment;
import io.aegis.queryside.context.MesContext;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The stream-table join of the query side: {@link MesContext#enrich} for a sample at a random instant of a line
 * with 6 stations whose history holds {@code vehicles} vehicles, each visiting every station for one takt of 20 s and
 * flashed at station 2.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JoinLookupBenchmark {

    static final int STATIONS = 6;
    static final long TAKT_MS = 20_000;
    static final long START = 1_714_234_560_000L;

    @Param({"100", "4000"})
    public int vehicles;

    private MesContext context;
    private SplittableRandom random;
    private long end;

    @Setup
    public void setUp() {
        context = populated(vehicles);
        random = new SplittableRandom(7);
        end = START + (vehicles + STATIONS) * TAKT_MS;
    }

    /** Returns a context with the history of {@code vehicles} vehicles moving down the line one takt apart. */
    public static MesContext populated(int vehicles) {
        return populated(vehicles, START);
    }

    /** Returns the same history with the first vehicle created at {@code start} (UTC epoch ms). */
    public static MesContext populated(int vehicles, long start) {
        MesContext context = new MesContext(Duration.ofDays(3650));
        for (int v = 0; v < vehicles; v++) {
            String workOrder = "wo" + v;
            String vin = String.format("1HGBH41JXMN%06d", v);
            long created = start + v * TAKT_MS;
            context.apply(event(workOrder, vin, "c", created)
                    .setCreated(WorkOrderCreated.newBuilder().setVin(vin).setModel("AEGIS-SEDAN"))
                    .build());
            for (int s = 1; s <= STATIONS; s++) {
                String station = Integer.toString(s);
                long arrived = created + (s - 1) * TAKT_MS;
                context.apply(event(workOrder, vin, "a" + s, arrived)
                        .setArrived(VehicleArrived.newBuilder().setStationId(station))
                        .build());
                if (s == 2) {
                    context.apply(event(workOrder, vin, "f", arrived + 5_000)
                            .setFirmwareFlashed(FirmwareFlashed.newBuilder()
                                    .setStationId(station)
                                    .setEcu("EPS")
                                    .setVersion(v % 2 == 0 ? "v2.1.3" : "v2.1.4")
                                    .setResult("OK"))
                            .build());
                }
                context.apply(event(workOrder, vin, "l" + s, arrived + TAKT_MS - 1)
                        .setLeft(VehicleLeft.newBuilder().setStationId(station))
                        .build());
            }
        }
        return context;
    }

    private static MesEvent.Builder event(String workOrder, String vin, String suffix, long occurredAt) {
        return MesEvent.newBuilder()
                .setEventId(workOrder + "-" + suffix)
                .setWorkOrderId(workOrder)
                .setVin(vin)
                .setOccurredAt(occurredAt)
                .setRecordedAt(occurredAt);
    }

    @Benchmark
    public Enrichment enrich() {
        String station = Integer.toString(1 + random.nextInt(STATIONS));
        return context.enrich(station, START + random.nextLong(end - START));
    }
}
