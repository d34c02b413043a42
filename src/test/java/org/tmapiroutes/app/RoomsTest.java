package org.tmapiroutes.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rooms of the code and their arrows, as each package-info.java states them: a room uses only the rooms below it
 * (app, inbox, job, delivery, store, item, tmapi, files): the runner archives an input through an interface the inbox
 * implements, the state store implements what item and tmapi declare, and nothing in tmapi knows about products or
 * delivery.
 */
class RoomsTest {

    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // the product's own classes only: the libraries' jars need not be read to see its arrows
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("org.tmapiroutes");

    @Test
    void givenTheProductsClasses_whenTheirDependenciesAreRead_thenEveryArrowPointsDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("app").definedBy("org.tmapiroutes.app..")
                .layer("inbox").definedBy("org.tmapiroutes.inbox..")
                .layer("job").definedBy("org.tmapiroutes.job..")
                .layer("delivery").definedBy("org.tmapiroutes.delivery..")
                .layer("store").definedBy("org.tmapiroutes.store..")
                .layer("item").definedBy("org.tmapiroutes.item..")
                .layer("tmapi").definedBy("org.tmapiroutes.tmapi..")
                .layer("files").definedBy("org.tmapiroutes.files..")
                .layer("secrets").definedBy("org.tmapiroutes.secrets..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("inbox").mayOnlyBeAccessedByLayers("app")
                .whereLayer("job").mayOnlyBeAccessedByLayers("app", "inbox")
                .whereLayer("delivery").mayOnlyBeAccessedByLayers("app", "inbox", "job")
                .whereLayer("store").mayOnlyBeAccessedByLayers("app", "inbox", "job")
                .whereLayer("item").mayOnlyBeAccessedByLayers("app", "inbox", "job", "delivery", "store")
                .whereLayer("tmapi").mayOnlyBeAccessedByLayers("app", "inbox", "job", "delivery", "store", "item")
                .whereLayer("files").mayOnlyBeAccessedByLayers("app", "inbox", "job", "delivery", "store", "item",
                        "tmapi")
                .whereLayer("secrets").mayOnlyBeAccessedByLayers("app", "inbox", "job", "delivery", "store", "item",
                        "tmapi", "files")
                .check(PRODUCT);
    }

    @Test
    void givenTheProductsClasses_whenTheirDependenciesAreRead_thenOnlyTheStoreSpeaksJdbc() {
        noClasses().that().resideOutsideOfPackage("org.tmapiroutes.store..")
                .should().dependOnClassesThat().resideInAPackage("java.sql..")
                .because("every JDBC class lives in store")
                .check(PRODUCT);
    }
}
