package org.tmapiroutes.store;

/** The state store cannot be used; the message says why in the user's words. */
public final class StateStoreException extends RuntimeException {

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
