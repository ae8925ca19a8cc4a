package io.lockerism.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The seams of the design brief, checked on the compiled classes. */
class ArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.lockerism");

  @Test
  void onlyTheEngineWrappersTouchJna() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.lockerism.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.sun.jna..")
        .check(CLASSES);
  }

  /** Promise 2: the evaluator sees ciphertexts, public keys and snapshots — never a secret key. */
  @Test
  void theEvaluatorCannotReachSecretKeysOrTheLocker() {
    noClasses()
        .that()
        .resideInAPackage("io.lockerism.evaluator..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.lockerism.locker..",
            "io.lockerism.account..",
            "io.lockerism.session..",
            "io.lockerism.interest..",
            "io.lockerism.viewer..",
            "io.lockerism.web..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.lockerism.engine.HeSecretKey")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.lockerism.engine.HeClient")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.lockerism.engine.HeKeyPair")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.lockerism.engine.LattigoBgv")
        .check(CLASSES);
  }

  /** The bench command plays both roles on purpose, to time the whole round trip. */
  @Test
  void onlyTheLockerHoldsSecretKeys() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "io.lockerism.locker..", "io.lockerism.engine..", "io.lockerism.bench..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.lockerism.engine.HeSecretKey")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.lockerism.engine.HeKeyPair")
        .check(CLASSES);
  }

  @Test
  void theWebLayerDoesNotReachTheDatabaseDirectly() {
    noClasses()
        .that()
        .resideInAPackage("io.lockerism.web..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "org.flywaydb..", "com.zaxxer..")
        .check(CLASSES);
  }

  @Test
  void servicesDoNotDependOnTheWebLayer() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.lockerism.web..", "io.lockerism.app..", "io.lockerism.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.lockerism.web..")
        .check(CLASSES);
  }

  /**
   * The web layer calls six services — viewer (a viewer's use cases and log-in), catalog, snapshot,
   * chain, session and analytics (the private statistics) — and otherwise sees only value and
   * exception types. Anything else it needs belongs behind one of those services.
   */
  @Test
  void theWebLayerDependsOnAHandfulOfPackages() {
    DescribedPredicate<JavaClass> valueTypes =
        describe(
            "value or exception types of account," + " proof, model or evm",
            c ->
                WEB_VALUE_TYPES.contains(c.getName())
                    || c.getPackageName().equals("io.lockerism.evm"));
    classes()
        .that()
        .resideInAPackage("io.lockerism.web..")
        .should()
        .onlyDependOnClassesThat(
            resideOutsideOfPackage("io.lockerism..")
                .or(
                    resideInAnyPackage(
                        "io.lockerism.web..",
                        "io.lockerism.viewer..",
                        "io.lockerism.catalog..",
                        "io.lockerism.snapshot..",
                        "io.lockerism.chain..",
                        "io.lockerism.session..",
                        "io.lockerism.analytics.."))
                .or(valueTypes))
        .check(CLASSES);
  }

  /** What the web layer may use from outside its six services' packages. */
  private static final Set<String> WEB_VALUE_TYPES =
      Set.of(
          "io.lockerism.account.Account",
          "io.lockerism.account.AccountException",
          "io.lockerism.account.AccountException$Reason",
          "io.lockerism.proof.ProofJob",
          "io.lockerism.proof.ProofJob$Status",
          "io.lockerism.proof.ProofResult",
          "io.lockerism.proof.ProofLimitException",
          "io.lockerism.proof.ProofLimitException$Reason",
          "io.lockerism.proof.ProofService$Subscription",
          "io.lockerism.proof.Receipt",
          "io.lockerism.proof.ShownFeed",
          "io.lockerism.model.Snapshot",
          "io.lockerism.model.Explanation",
          "io.lockerism.model.Explanation$Contribution",
          "io.lockerism.model.Explanation$Because",
          "io.lockerism.model.LikeAction",
          "io.lockerism.store.StoreBusyException");

  /** Value types stay at the bottom: the engine wrappers may use them, they use nothing. */
  @Test
  void theEvmValueTypesDependOnNothingOfTheApp() {
    noClasses()
        .that()
        .resideInAPackage("io.lockerism.evm..")
        .should()
        .dependOnClassesThat(
            resideInAnyPackage("io.lockerism..").and(resideOutsideOfPackage("io.lockerism.evm..")))
        .check(CLASSES);
  }

  /** Key custody is unlocking, sealing and decrypting: it knows nothing of likes or feeds. */
  @Test
  void theLockerKnowsNothingOfInterestsFeedsOrTheWeb() {
    noClasses()
        .that()
        .resideInAPackage("io.lockerism.locker..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.lockerism.interest..",
            "io.lockerism.viewer..",
            "io.lockerism.evaluator..",
            "io.lockerism.snapshot..",
            "io.lockerism.proof..",
            "io.lockerism.web..")
        .check(CLASSES);
  }

  /** Only the composition root builds the database and the services from the configuration. */
  @Test
  void onlyTheCompositionRootOpensTheDatabase() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.lockerism.app..", "io.lockerism.store..")
        .should()
        .callMethod(
            io.lockerism.store.Database.class,
            "open",
            String.class,
            String.class,
            String.class,
            int.class)
        .orShould()
        .callMethod(
            io.lockerism.store.Database.class, "open", String.class, String.class, String.class)
        .check(CLASSES);
  }
}
