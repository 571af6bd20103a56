package io.aegis.contract;

/** A message body that cannot be decoded. Consumers log it with the message's stream sequence and move on. */
public class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String message) {
        super(message);
    }
}
