package org.tmapiroutes.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scrubber of written texts: every form of a known secret a server may echo, and nothing else. */
class RedactionTest {

    @AfterEach
    void forget() {
        Redaction.forgetAll();
    }

    @Test
    void givenAKnownToken_whenATextEchoesItInAnyForm_thenEveryFormIsMaskedAndTheRestKept() {
        Redaction.register("tok/7Qx+echo=secret%value");

        assertThat(Redaction.scrub("raw tok/7Qx+echo=secret%value end")).isEqualTo("raw **** end");
        assertThat(Redaction.scrub("GET /x?apiToken=tok%2F7Qx%2Becho%3Dsecret%25value&cat_id=1"))
                .isEqualTo("GET /x?apiToken=****&cat_id=1");
        assertThat(Redaction.scrub("apiToken=tok%2f7Qx%2becho%3dsecret%25value")).isEqualTo("apiToken=****");
        assertThat(Redaction.scrub("{\"msg\":\"apikey tok\\/7Qx+echo=secret%value\"}"))
                .isEqualTo("{\"msg\":\"apikey ****\"}");
        assertThat(Redaction.scrub("nothing secret here, cat_id=1")).isEqualTo("nothing secret here, cat_id=1");
    }

    @Test
    void givenSeveralSecrets_whenOneHoldsAnother_thenTheLongerIsMaskedWhole() {
        Redaction.register("smtp-pass");
        Redaction.register("smtp-pass-and-more");

        assertThat(Redaction.scrub("a smtp-pass-and-more b smtp-pass c")).isEqualTo("a **** b **** c");
    }

    @Test
    void givenNoSecretOrATooShortOne_whenATextIsScrubbed_thenItIsUnchanged() {
        assertThat(Redaction.scrub("push to the partner")).isEqualTo("push to the partner");
        Redaction.register("push");
        Redaction.register("  ");
        Redaction.register(null);

        assertThat(Redaction.scrub("push to the partner")).isEqualTo("push to the partner");
        assertThat(Redaction.scrub(null)).isNull();
    }
}
