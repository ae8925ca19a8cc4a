package io.lockerism.analytics;

import java.util.List;

/**
 * Where the app reports what viewers do, for differentially private statistics. Each call only
 * bumps in-memory counters of the current release window (bounded per viewer); nothing is stored or
 * logged per viewer. Calls never throw and never block on I/O.
 */
public interface ActivityRecorder {

  /** A For-You feed was shown to a viewer: the account ids of its profiles, rank 1 first. */
  void feedServed(long viewerId, List<String> rankedAccountIds);

  /** A viewer's like of a profile took effect (it was not liked before). */
  void liked(long viewerId, String accountId);

  /** A viewer's unlike of a profile took effect (it was liked before). */
  void unliked(long viewerId, String accountId);

  /** A feed proof was made (proven and verified) for a viewer. */
  void proofMade(long viewerId);

  /**
   * A published proof was first stored from the chain by this instance; the submitter is the wallet
   * address that sent it (public on the chain).
   */
  void proofPublished(String submitter);

  /** Records nothing: for tools and tests that run without analytics. */
  ActivityRecorder NONE =
      new ActivityRecorder() {
        @Override
        public void feedServed(long viewerId, List<String> rankedAccountIds) {}

        @Override
        public void liked(long viewerId, String accountId) {}

        @Override
        public void unliked(long viewerId, String accountId) {}

        @Override
        public void proofMade(long viewerId) {}

        @Override
        public void proofPublished(String submitter) {}
      };
}
