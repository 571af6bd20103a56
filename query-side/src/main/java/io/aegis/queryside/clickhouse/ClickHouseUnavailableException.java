package io.aegis.queryside.clickhouse;

/** A ClickHouse request failed: the server is down, unreachable, overloaded or rejected the statement. */
public class ClickHouseUnavailableException extends RuntimeException {

    public ClickHouseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
