package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.tmapiroutes.delivery.OutputFormat;

/** tmapi.auth and output.format take one of a few values; a typo is one line naming the key and what it takes. */
class ChoiceKeysTest {

    private static Optional<String> problem(Map<String, String> settings) {
        return ChoiceKeys.problem(key -> Optional.ofNullable(settings.get(key)));
    }

    @Test
    void givenTheDocumentedValues_whenChecked_thenNoProblem() {
        assertThat(problem(Map.of())).isEmpty();
        assertThat(problem(Map.of("tmapi.auth", "HEADER", "output.format", "xlsx, csv"))).isEmpty();
        assertThat(OutputFormat.parse(" CSV,xlsx ")).containsExactly(OutputFormat.CSV, OutputFormat.XLSX);
        assertThat(OutputFormat.parse("xlsx")).containsExactly(OutputFormat.XLSX);
        assertThat(OutputFormat.parse("")).containsExactly(OutputFormat.CSV);
    }

    @Test
    void givenATypo_whenChecked_thenOneLineNamingTheKeyAndTheAllowedValues() {
        assertThat(problem(Map.of("tmapi.auth", "bearer"))).hasValue("tmapi.auth 'bearer' is not allowed; allowed "
                + "values: query, header; set it in config/application.properties or with -Dkey=value.");
        assertThat(problem(Map.of("output.format", "xls"))).hasValue("output.format 'xls' is not allowed; allowed "
                + "values: csv, xlsx, shopify, or several of them comma-separated (csv,xlsx); set it in"
                + " config/application.properties or with -Dkey=value.");
        assertThat(problem(Map.of("shopify.markup", "2,5"))).hasValue("shopify.markup '2,5' is not a number (write it"
                + " as 2.5); set it in config/application.properties or with -Dkey=value.");
        assertThat(problem(Map.of("shopify.currency", "USD"))).hasValue("shopify.currency and shopify.rate go together:"
                + " give both (such as USD and 0.14) or neither; set it in config/application.properties or with"
                + " -Dkey=value.");
    }
}
