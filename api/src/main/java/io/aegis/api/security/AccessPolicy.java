package io.aegis.api.security;

import static io.aegis.api.security.Role.ADMIN;
import static io.aegis.api.security.Role.AUDITOR;
import static io.aegis.api.security.Role.EDGE;
import static io.aegis.api.security.Role.MES;
import static io.aegis.api.security.Role.QUALITY;
import static io.aegis.api.security.Role.SUPERVISOR;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;

/**
 * Role table of every operation: HTTP routes, GraphQL root fields and gRPC services. An operation
 * missing from these tables is allowed to {@link Role#ADMIN} only, so a new operation is closed until listed.
 */
public final class AccessPolicy {

    /** Live plant state: stations, alerts, the alert stream. */
    public static final Set<Role> LIVE = EnumSet.of(SUPERVISOR, QUALITY, AUDITOR, ADMIN);

    /** Telemetry of one VIN. */
    public static final Set<Role> TELEMETRY = EnumSet.of(SUPERVISOR, QUALITY, AUDITOR, ADMIN);

    /** Root-cause search across VINs. */
    public static final Set<Role> SEARCH = EnumSet.of(QUALITY, AUDITOR, ADMIN);

    /** Reading work orders. */
    public static final Set<Role> WORK_ORDERS = EnumSet.of(SUPERVISOR, QUALITY, AUDITOR, MES, ADMIN);

    /** Time travel and event history. */
    public static final Set<Role> AUDIT = EnumSet.of(AUDITOR, QUALITY, ADMIN);

    /** Work-order commands. */
    public static final Set<Role> MES_WRITE = EnumSet.of(MES, ADMIN);

    /** Telemetry ingest. */
    public static final Set<Role> INGEST = EnumSet.of(EDGE, ADMIN);

    public static final Set<Role> ADMIN_ONLY = EnumSet.of(ADMIN);

    /** An HTTP route with the roles that may call it. */
    public record Route(HttpMethod method, String pattern, Set<Role> roles) {}

    public static final List<Route> ROUTES = List.of(
            new Route(HttpMethod.GET, "/api/alerts/stream", LIVE),
            new Route(HttpMethod.POST, "/api/workorders", MES_WRITE),
            new Route(HttpMethod.POST, "/api/workorders/**", MES_WRITE),
            new Route(HttpMethod.POST, "/api/level4/state", MES_WRITE));

    private static final Map<String, Set<Role>> GRAPHQL_QUERIES = Map.ofEntries(
            Map.entry("stations", LIVE),
            Map.entry("station", LIVE),
            Map.entry("recentAlerts", LIVE),
            Map.entry("telemetry", TELEMETRY),
            Map.entry("telemetrySearch", SEARCH),
            Map.entry("workOrders", WORK_ORDERS),
            Map.entry("workOrder", WORK_ORDERS),
            Map.entry("vinAt", AUDIT),
            Map.entry("workOrderEvents", AUDIT),
            Map.entry("__schema", Role.ALL),
            Map.entry("__type", Role.ALL),
            Map.entry("__typename", Role.ALL));

    private static final Map<String, Set<Role>> GRPC_SERVICES = Map.of(
            "aegis.v1.TelemetryIngest", INGEST,
            "aegis.v1.WorkOrderService", MES_WRITE,
            "aegis.v1.TimeTravel", AUDIT);

    /** gRPC services every caller may use without credentials. */
    public static final Set<String> OPEN_GRPC_SERVICES = Set.of(
            "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");

    private AccessPolicy() {}

    /** Returns the roles allowed to resolve root field {@code field} of {@code Query} or {@code Mutation}. */
    public static Set<Role> graphQlField(String parentType, String field) {
        if ("Mutation".equals(parentType)) {
            return MES_WRITE;
        }
        return GRAPHQL_QUERIES.getOrDefault(field, ADMIN_ONLY);
    }

    /** Returns the roles allowed to call {@code service} (its full name, for example aegis.v1.TelemetryIngest). */
    public static Set<Role> grpcService(String service) {
        return GRPC_SERVICES.getOrDefault(service, ADMIN_ONLY);
    }

    public static String describe(Set<Role> roles) {
        return roles.stream().map(Role::label).collect(Collectors.joining(", ", "[", "]"));
    }
}
