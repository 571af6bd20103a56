package io.aegis.scorer;

/** Features that a model cannot score, for example a NaN or a vector of the wrong length. */
public class InvalidFeaturesException extends RuntimeException {

    public InvalidFeaturesException(String message) {
        super(message);
    }
}
