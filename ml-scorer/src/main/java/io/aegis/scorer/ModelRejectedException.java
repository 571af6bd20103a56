package io.aegis.scorer;

/** A model file that cannot serve: unreadable, corrupt, or not matching the scorer's feature spec. */
class ModelRejectedException extends Exception {

    ModelRejectedException(String message) {
        super(message);
    }

    ModelRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
