package io.aegis.api.clickhouse;

import java.util.concurrent.TimeoutException;

/** A ClickHouse read that failed or timed out. The message names the query but never carries its SQL text. */
public class ClickHouseQueryException extends RuntimeException {

    private final boolean timeout;

    ClickHouseQueryException(String queryName, Throwable cause) {
        super(describe(queryName, cause), cause);
        this.timeout = isTimeout(cause);
    }

    public boolean isTimeout() {
        return timeout;
    }

    private static String describe(String queryName, Throwable cause) {
        if (isTimeout(cause)) {
            return "ClickHouse query " + queryName + " timed out; narrow the time range or lower the limit";
        }
        return "ClickHouse query " + queryName + " failed; the store may be unavailable, retry later";
    }

    private static boolean isTimeout(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
            String message = t.getMessage();
            // ClickHouse error 159 is TIMEOUT_EXCEEDED (max_execution_time).
            // NOTE: client-v2 0.9.6 cannot read the error body of ClickHouse 18.16 ("Unreadable error message"), so
            // there a query stopped by max_execution_time is reported as failed, not timed out.
            if (message != null && (message.contains("Code: 159") || message.contains("TIMEOUT_EXCEEDED"))) {
                return true;
            }
        }
        return false;
    }
}
