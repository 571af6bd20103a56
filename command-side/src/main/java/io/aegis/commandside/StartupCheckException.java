package io.aegis.commandside;

/**
 * A startup check that failed, with the fix in its message. {@link StartupCheckFailureAnalyzer} prints the message
 * in place of the bean-creation chain Spring would otherwise report.
 */
public class StartupCheckException extends IllegalStateException {

    private final String action;

    public StartupCheckException(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
