package org.tmapiroutes.tmapi;

/**
 * Where the TMAPI account is kept (the state store) does not answer now: no request may go out, as none could be
 * counted against the account's limit or recorded.
 */
public class AccountUnreachableException extends RuntimeException {

    public AccountUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
