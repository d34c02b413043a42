package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.FailedToCreateRouteException;
import org.junit.jupiter.api.Test;

/**
 * What a user is told about a route file Camel did not load: the line it is on (the conditions checked on save are
 * {@link RouteFileCheckTest}'s).
 */
class ReloadProblemsTest {

    private static final String FILE = UserRoutes.CONDITIONS;

    @Test
    void givenYamlErrorNamingALine_whenLineAsked_thenThatLine() {
        Exception yaml = new IllegalStateException("while parsing", new RuntimeException("mapping values at line 9"));

        assertThat(ReloadProblems.lineOf(yaml, FILE)).isEqualTo("9");
    }

    @Test
    void givenStepCamelCouldNotCreate_whenLineAsked_thenTheLineOfThatStep() {
        Exception failed = new FailedToCreateRouteException("route1", "file:cheap.yaml",
                "at: >>> To[outbx:csv-sink] <<< in route",
                new IllegalArgumentException("No component found with scheme: outbx"));

        assertThat(ReloadProblems.lineOf(failed, FILE)).isEqualTo("15");
    }

    @Test
    void givenNothingToGoBy_whenLineAsked_thenQuestionMark() {
        assertThat(ReloadProblems.lineOf(new IllegalStateException("boom"), FILE)).isEqualTo("?");
    }

    @Test
    void givenLineWithAnExpression_whenAsked_thenItHoldsOne() {
        assertThat(ReloadProblems.holdsExpression(FILE, "6")).isTrue();
        assertThat(ReloadProblems.holdsExpression(FILE, "7")).isFalse();
        assertThat(ReloadProblems.holdsExpression(FILE, "?")).isFalse();
    }

    @Test
    void givenNestedCauses_whenRootAsked_thenTheInnermost() {
        Exception inner = new IllegalArgumentException("inner");

        assertThat(ReloadProblems.rootCause(new RuntimeException(new RuntimeException(inner)))).isSameAs(inner);
    }
}
