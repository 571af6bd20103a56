package io.aegis.api.workorders;

/** The command side did not reply: nothing listens on the command subject, or the reply timed out. */
public class CommandUnavailableException extends RuntimeException {

    CommandUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
