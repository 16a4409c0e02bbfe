package io.stateapi.domain.exceptions;

/**
 * A value holds text that is not Unicode: a lone UTF-16 surrogate (U+D800 to U+DFFF not part
 * of a pair), in a string or a member name, written as an escape or as raw bytes. JSON's
 * grammar lets such a string through, but DynamoDB stores UTF-8 and SQS accepts only
 * Unicode characters, so the value could be neither stored nor published (ADR 0023).
 */
public final class InvalidTextException extends StateApiException {

    public InvalidTextException(String message) {
        super(message);
    }
}
