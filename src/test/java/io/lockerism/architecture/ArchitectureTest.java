package io.lockerism.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The seams of the design brief, checked on the compiled classes. */
class ArchitectureTest {

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.lockerism");

  @Test
  void onlyTheEngineWrappersTouchJna() {
    noClasses().that().resideOutsideOfPackage("io.lockerism.engine..")
        .should().dependOnClassesThat().resideInAPackage("com.sun.jna..")
        .check(CLASSES);
  }

  /** Promise 2: the evaluator sees ciphertexts, public keys and snapshots — never a secret key. */
  @Test
  void theEvaluatorCannotReachSecretKeysOrTheLocker() {
    noClasses().that().resideInAPackage("io.lockerism.evaluator..")
        .should().dependOnClassesThat().resideInAnyPackage("io.lockerism.locker..",
            "io.lockerism.account..", "io.lockerism.session..", "io.lockerism.interest..",
            "io.lockerism.viewer..", "io.lockerism.web..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.lockerism.engine.HeSecretKey")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.lockerism.engine.HeClient")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.lockerism.engine.HeKeyPair")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.lockerism.engine.LattigoBgv")
        .check(CLASSES);
  }

  /** The bench command plays both roles on purpose, to time the whole round trip. */
  @Test
  void onlyTheLockerHoldsSecretKeys() {
    noClasses().that().resideOutsideOfPackages("io.lockerism.locker..", "io.lockerism.engine..",
            "io.lockerism.bench..")
        .should().dependOnClassesThat().haveFullyQualifiedName("io.lockerism.engine.HeSecretKey")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.lockerism.engine.HeKeyPair")
        .check(CLASSES);
  }

  @Test
  void theWebLayerDoesNotReachTheDatabaseDirectly() {
    noClasses().that().resideInAPackage("io.lockerism.web..")
        .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.flywaydb..",
            "com.zaxxer..")
        .check(CLASSES);
  }

  @Test
  void servicesDoNotDependOnTheWebLayer() {
    noClasses().that().resideOutsideOfPackages("io.lockerism.web..", "io.lockerism.app..",
            "io.lockerism.cli..")
        .should().dependOnClassesThat().resideInAPackage("io.lockerism.web..")
        .check(CLASSES);
  }
}
