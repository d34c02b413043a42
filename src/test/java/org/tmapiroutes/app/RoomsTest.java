package org.tmapiroutes.app;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rooms of the code and their arrows, as each package-info.java states them: a room uses only the rooms below it
 * (app, job, delivery, item, tmapi, store, files), so nothing in tmapi knows about products or delivery, and the state
 * store knows none of the rooms that keep their state in it.
 */
class RoomsTest {

    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.tmapiroutes");

    @Test
    void givenTheProductsClasses_whenTheirDependenciesAreRead_thenEveryArrowPointsDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("app").definedBy("org.tmapiroutes.app..")
                .layer("job").definedBy("org.tmapiroutes.job..")
                .layer("delivery").definedBy("org.tmapiroutes.delivery..")
                .layer("item").definedBy("org.tmapiroutes.item..")
                .layer("tmapi").definedBy("org.tmapiroutes.tmapi..")
                .layer("store").definedBy("org.tmapiroutes.store..")
                .layer("files").definedBy("org.tmapiroutes.files..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("job").mayOnlyBeAccessedByLayers("app")
                .whereLayer("delivery").mayOnlyBeAccessedByLayers("app", "job")
                .whereLayer("item").mayOnlyBeAccessedByLayers("app", "job", "delivery")
                .whereLayer("tmapi").mayOnlyBeAccessedByLayers("app", "job", "delivery", "item")
                .whereLayer("store").mayOnlyBeAccessedByLayers("app", "job", "delivery", "item", "tmapi")
                .whereLayer("files").mayOnlyBeAccessedByLayers("app", "job", "delivery", "item", "tmapi", "store")
                .check(PRODUCT);
    }
}
