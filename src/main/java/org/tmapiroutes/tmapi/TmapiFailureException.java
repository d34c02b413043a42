package org.tmapiroutes.tmapi;

import org.tmapiroutes.secrets.Redaction;

/**
 * A TMAPI call that failed: the endpoint, the failure code (a TMAPI code such as {@code 417}, or {@code transport}) and
 * a message fit to show a user. Raised for a non-2xx HTTP status and for HTTP 200 with a JSON {@code code} other than
 * 200 alike, so both forms map to the same code. Never carries a secret, even one TMAPI echoed back.
 */
public class TmapiFailureException extends RuntimeException {

    /** The code of failures that never got a TMAPI answer: timeouts, refused or reset connections, malformed bodies. */
    public static final String TRANSPORT = "transport";
    /** Not TMAPI's: the job made the calls job.max-calls allows, so this one was not made. */
    public static final String MAX_CALLS = "max-calls";

    private final String endpointId;
    private final String code;
    private final String reason;

    public TmapiFailureException(String endpointId, String code, String reason) {
        this(endpointId, code, reason, null);
    }

    /** @param reason what TMAPI (or the way to it) said; a secret it echoed back is scrubbed here */
    public TmapiFailureException(String endpointId, String code, String reason, Throwable cause) {
        super(endpointId + " failed with code " + code + ": " + Redaction.scrub(reason), cause);
        this.endpointId = endpointId;
        this.code = code;
        this.reason = Redaction.scrub(reason);
    }

    public String getEndpointId() {
        return endpointId;
    }

    /** The TMAPI failure code ({@code 417}, {@code 422}, {@code 439}, {@code 499}, {@code 500}, {@code 503}, …) or {@code transport}. */
    public String getCode() {
        return code;
    }

    /** The message TMAPI gave, or what went wrong on the way. */
    public String getReason() {
        return reason;
    }
}
