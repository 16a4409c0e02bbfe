package io.stateapi.client.exceptions;

/** A value could not be converted to or from JSON with the client's {@code ObjectMapper}. */
public class ValueMappingException extends StateApiException {

    public ValueMappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
