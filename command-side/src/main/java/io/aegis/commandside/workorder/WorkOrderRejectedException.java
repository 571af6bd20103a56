package io.aegis.commandside.workorder;

/**
 * A command that was rejected, with what the caller needs to fix it. Maps one-to-one onto {@code aegis.v1.Problem}.
 */
public class WorkOrderRejectedException extends RuntimeException {

    /** 400 malformed input, 404 unknown work order, 409 conflict with current state, 422 business rule. */
    public enum Status {
        MALFORMED(400),
        NOT_FOUND(404),
        CONFLICT(409),
        RULE_VIOLATION(422);

        private final int httpStatus;

        Status(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Status status;
    private final String code;
    private final String field;
    private final String value;
    private final String rule;
    private final String occupantWorkOrderId;
    private final String occupantVin;
    private final int position;
    private final String expected;

    private WorkOrderRejectedException(
            Status status,
            String code,
            String field,
            String value,
            String rule,
            String occupantWorkOrderId,
            String occupantVin,
            int position,
            String expected) {
        super(code + ": " + field + " '" + value + "' " + rule);
        this.status = status;
        this.code = code;
        this.field = field;
        this.value = value == null ? "" : value;
        this.rule = rule;
        this.occupantWorkOrderId = occupantWorkOrderId;
        this.occupantVin = occupantVin;
        this.position = position;
        this.expected = expected;
    }

    public static WorkOrderRejectedException malformed(String code, String field, String value, String rule) {
        return new WorkOrderRejectedException(Status.MALFORMED, code, field, value, rule, "", "", 0, "");
    }

    public static WorkOrderRejectedException notFound(String field, String value) {
        return new WorkOrderRejectedException(
                Status.NOT_FOUND,
                "WORK_ORDER_NOT_FOUND",
                field,
                value,
                "must name an existing work order",
                "",
                "",
                0,
                "");
    }

    public static WorkOrderRejectedException conflict(String code, String field, String value, String rule) {
        return new WorkOrderRejectedException(Status.CONFLICT, code, field, value, rule, "", "", 0, "");
    }

    public static WorkOrderRejectedException ruleViolation(String code, String field, String value, String rule) {
        return new WorkOrderRejectedException(Status.RULE_VIOLATION, code, field, value, rule, "", "", 0, "");
    }

    /** A VIN rule violation at a 1-based position, with the character expected there when one is known. */
    public static WorkOrderRejectedException vin(
            String code, String value, String rule, int position, String expected) {
        return new WorkOrderRejectedException(
                Status.RULE_VIOLATION, code, "vin", value, rule, "", "", position, expected);
    }

    public static WorkOrderRejectedException stationOccupied(String stationId, StationOccupant occupant) {
        return new WorkOrderRejectedException(
                Status.CONFLICT,
                "STATION_OCCUPIED",
                "station_id",
                stationId,
                "is occupied by work order " + occupant.workOrderId() + " (VIN " + occupant.vin()
                        + "); one vehicle per station at a time",
                occupant.workOrderId(),
                occupant.vin(),
                0,
                "");
    }

    public Status status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public String value() {
        return value;
    }

    public String rule() {
        return rule;
    }

    public String occupantWorkOrderId() {
        return occupantWorkOrderId;
    }

    public String occupantVin() {
        return occupantVin;
    }

    public int position() {
        return position;
    }

    public String expected() {
        return expected;
    }
}
