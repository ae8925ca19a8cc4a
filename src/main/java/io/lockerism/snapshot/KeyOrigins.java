package io.lockerism.snapshot;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the verdict on a proof of each snapshot rests on: where the snapshot's keys came from — a
 * development setup (whoever ran it could forge proofs of that snapshot) or a multi-party ceremony
 * — and, on a chain, whether this app registered the snapshot there or kept its proofs local. The
 * pages show a note drawn from an {@link Origin} next to every verdict (templates/keys.html).
 */
public final class KeyOrigins {

  public static final String DEVELOPMENT = "development";

  /** The chain this app publishes to. */
  public enum Chain {
    NONE,
    /** The in-process development chain. */
    EMBEDDED,
    /** Any chain reached over JSON-RPC: treated as real, whatever its id. */
    RPC
  }

  /** What this app did about a snapshot's registration. */
  public enum Registration {
    /** Nothing known (yet): not tried here, or no chain. */
    UNKNOWN,
    REGISTERED,
    /**
     * Development keys on a chain other than the embedded one, without --allow-dev-setup: not
     * registered, proofs stay local until ceremony keys are installed.
     */
    KEPT_LOCAL,
    /** The verifier failed its post-deploy check, or registering failed for good. */
    FAILED
  }

  /**
   * One snapshot's keys and registration.
   *
   * @param setup {@code "development"}, {@code "ceremony"}, or null when not known here
   * @param reason why registration failed (FAILED only)
   */
  public record Origin(
      String setup, Registration registration, String reason, Chain chain, long chainId) {

    public boolean developmentKeys() {
      return DEVELOPMENT.equals(setup);
    }

    public boolean ceremonyKeys() {
      return setup != null && setup.startsWith("ceremony");
    }

    /** Proofs of this snapshot are not published from this app. */
    public boolean local() {
      return chain == Chain.NONE
          || registration == Registration.KEPT_LOCAL
          || registration == Registration.FAILED;
    }

    /** Development keys on a real chain (only with --allow-dev-setup, or registered by another). */
    public boolean forgeableOnChain() {
      return developmentKeys() && chain == Chain.RPC && !local();
    }
  }

  private record State(String setup, Registration registration, String reason) {}

  private final Chain chain;
  private final long chainId;
  private final Supplier<String> currentSnapshot;
  private final Function<String, Optional<String>> localSetup;
  private final Function<String, Optional<String>> registeredSetup;
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final Map<String, String> onChain = new ConcurrentHashMap<>();

  /**
   * @param localSetup the setup kind of this process's keys of a snapshot, once it opened them
   * @param registeredSetup the setup kind a chain registration names (a chain read; empty without a
   *     chain or registration)
   */
  public KeyOrigins(
      Chain chain,
      long chainId,
      Supplier<String> currentSnapshot,
      Function<String, Optional<String>> localSetup,
      Function<String, Optional<String>> registeredSetup) {
    this.chain = chain;
    this.chainId = chainId;
    this.currentSnapshot = currentSnapshot;
    this.localSetup = localSetup;
    this.registeredSetup = registeredSetup;
  }

  public Chain chain() {
    return chain;
  }

  /** The origin of a snapshot's keys, from what this app did or, failing that, from the chain. */
  public Origin of(String snapshotId) {
    State s = states.get(snapshotId);
    String setup = s != null ? s.setup() : localSetup.apply(snapshotId).orElse(null);
    if (setup == null && chain != Chain.NONE) {
      setup = registeredSetupOf(snapshotId);
    }
    if (s == null) {
      return new Origin(setup, Registration.UNKNOWN, null, chain, chainId);
    }
    if (s.registration() == Registration.KEPT_LOCAL && registeredSetupOf(snapshotId) != null) {
      // Another instance (one allowed to) registered it since: its proofs can be published.
      return new Origin(setup, Registration.REGISTERED, null, chain, chainId);
    }
    return new Origin(setup, s.registration(), s.reason(), chain, chainId);
  }

  /** The origin of the current snapshot's keys. */
  public Origin ofCurrent() {
    return of(currentSnapshot.get());
  }

  public void registered(String snapshotId, String setup) {
    states.put(snapshotId, new State(setup, Registration.REGISTERED, null));
  }

  public void keptLocal(String snapshotId, String setup) {
    states.put(snapshotId, new State(setup, Registration.KEPT_LOCAL, null));
  }

  public void failed(String snapshotId, String setup, String reason) {
    states.put(snapshotId, new State(setup, Registration.FAILED, reason));
  }

  /** Registrations never change, so a setup read from the chain is kept. */
  private String registeredSetupOf(String snapshotId) {
    String known = onChain.get(snapshotId);
    if (known != null) {
      return known;
    }
    try {
      Optional<String> read = registeredSetup.apply(snapshotId);
      read.ifPresent(v -> onChain.put(snapshotId, v));
      return read.orElse(null);
    } catch (RuntimeException e) {
      return null; // the chain is not answering: the page says nothing rather than guess
    }
  }
}
