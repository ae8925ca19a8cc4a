package io.lockerism.viewer;

import io.lockerism.analytics.ActivityRecorder;
import io.lockerism.engine.HeReply;
import io.lockerism.engine.ScoredRow;
import io.lockerism.evaluator.Evaluator;
import io.lockerism.evm.Address;
import io.lockerism.evm.Word;
import io.lockerism.interest.InterestStore;
import io.lockerism.interest.InterestUpdate;
import io.lockerism.interest.ViewerInterest;
import io.lockerism.locker.Locker;
import io.lockerism.locker.Vault;
import io.lockerism.model.Explanation;
import io.lockerism.model.LikeAction;
import io.lockerism.model.ScoreBounds;
import io.lockerism.model.Snapshot;
import io.lockerism.proof.FeedWitness;
import io.lockerism.proof.ProofJob;
import io.lockerism.proof.ProofSeal;
import io.lockerism.proof.ProofService;
import io.lockerism.proof.Receipt;
import io.lockerism.proof.ShownFeed;
import io.lockerism.session.Session;
import io.lockerism.snapshot.SnapshotService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a logged-in viewer does: like and unlike, read their For-You feed and why a profile is in
 * it, and prove the feed. Each use case reads the current snapshot once, then the viewer's interest
 * (no row lock), and does the encrypted work without holding a database connection.
 *
 * <p>The feed: the vault builds a query from the viewer's Enc(u) (kept for their next feeds while
 * Enc(u) stays the same, with an in-process evaluator only: {@link QueryCache}), the evaluator
 * scores it into replies (~7.5–30 bytes per score), and the vault decrypts them straight into the
 * top k outside the liked profiles (one engine call; scores never reach Java except the k chosen).
 */
public final class ViewerService {

  public static final int DEFAULT_K = 20;
  public static final int MAX_K = 100;

  /** The longest feed a proof covers. */
  public static final int MAX_PROOF_K = ProofService.MAX_K;

  /** How many profiles a viewer may like (the scores' bound under encryption). */
  public static final int MAX_LIKES = ScoreBounds.MAX_LIKES;

  private static final int EXPLANATION_FEATURES = 6;

  /** How many of the viewer's likes "Why this?" names. */
  private static final int EXPLANATION_LIKES = 3;

  private static final String LOCKED_MESSAGE =
      "Your private interests are locked. Log in again to unlock them.";

  private final Locker locker;
  private final InterestStore interests;
  private final SnapshotService snapshots;
  private final Evaluator evaluator;
  private final QueryCache queries;
  private final ProofService proofs;
  private final ActivityRecorder activity;

  public ViewerService(
      Locker locker,
      InterestStore interests,
      SnapshotService snapshots,
      Evaluator evaluator,
      QueryCache queries,
      ProofService proofs,
      ActivityRecorder activity) {
    this.locker = locker;
    this.interests = interests;
    this.snapshots = snapshots;
    this.evaluator = evaluator;
    this.queries = queries;
    this.proofs = proofs;
    this.activity = activity;
  }

  /** Whether the session is a viewer's whose vault is unlocked. */
  public boolean isUnlocked(Session session) {
    return session.isAuthenticated() && locker.isUnlocked(session.id());
  }

  /** The viewer's liked account ids, in the order liked. */
  public List<String> likes(Session viewer) {
    try (ViewerInterest interest = interests.read(vault(viewer), snapshots.current())) {
      return interest.likedAccountIds();
    }
  }

  /** Likes or unlikes a profile of the current snapshot. */
  public LikeResult changeLike(Session viewer, String accountId, LikeAction action) {
    try (InterestUpdate update = apply(viewer, accountId, action)) {
      return recorded(viewer, result(accountId, action, update));
    }
  }

  /**
   * Likes or unlikes a profile and ranks the feed of length k right away, from the Enc(u) the
   * update just computed: nothing is read back, unsealed or deserialized again.
   */
  public LikedFeed changeLikeThenFeed(Session viewer, String accountId, LikeAction action, int k) {
    requireK(k);
    Vault vault = vault(viewer);
    try (InterestUpdate update = apply(viewer, accountId, action)) {
      return new LikedFeed(
          recorded(viewer, result(accountId, action, update)),
          served(viewer, rank(vault, update.interest(), k)));
    }
  }

  /** The viewer's For-You feed of length k under the current snapshot. */
  public Feed feed(Session viewer, int k) {
    requireK(k);
    Vault vault = vault(viewer);
    try (ViewerInterest interest = interests.read(vault, snapshots.current())) {
      return served(viewer, rank(vault, interest, k));
    }
  }

  /**
   * Why a profile scores as it does for this viewer: the features contributing most to M_i·u, from
   * the interest vector decrypted in the viewer's vault, and which of the viewer's likes drew it.
   * Empty for an unknown profile.
   */
  public Optional<Explanation> why(Session viewer, String accountId) {
    Vault vault = vault(viewer);
    try (ViewerInterest interest = interests.read(vault, snapshots.current())) {
      Snapshot snapshot = interest.snapshot();
      int index = snapshot.indexOf(accountId);
      if (index < 0) {
        return Optional.empty();
      }
      int[] u = vault.decryptInterest(interest.interest(), snapshot.d());
      return Optional.of(
          Explanation.of(
              snapshot,
              u,
              index,
              EXPLANATION_FEATURES,
              interest.likedIndices(),
              EXPLANATION_LIKES));
    }
  }

  /**
   * Starts a proof of the feed the viewer was shown, for {@code publisher}, the wallet that may
   * record it ({@link Address#ZERO}: none); returns the job id. The job refuses it if the model's
   * feed for the viewer is no longer that feed when it runs.
   */
  public String prove(Session viewer, ShownFeed shown, Address publisher) {
    vault(viewer);
    return proofs.start(
        viewer.account().id(), shown, () -> witness(viewer, publisher), seal(viewer));
  }

  /** One of the viewer's proof jobs; empty for another viewer's or an unknown id. */
  public Optional<ProofJob> proofJob(Session viewer, String jobId) {
    return proofs.job(jobId, viewer.account().id(), seal(viewer));
  }

  /**
   * The receipt of one of the viewer's proved jobs (with their likes: for their own device only);
   * empty for another viewer's, an unknown, unfinished or failed job.
   */
  public Optional<Receipt> receipt(Session viewer, String jobId) {
    ProofSeal seal = seal(viewer);
    return proofs
        .job(jobId, viewer.account().id(), seal)
        .filter(j -> j.status() == ProofJob.Status.DONE)
        .flatMap(j -> snapshots.find(j.snapshotId()))
        .flatMap(s -> proofs.receipt(jobId, viewer.account().id(), seal, s));
  }

  /** The viewer's proofs: unfinished first, then the finished ones kept, newest first. */
  public List<ProofJob> proofJobs(Session viewer) {
    return proofs.jobsOf(viewer.account().id(), seal(viewer));
  }

  /**
   * Tells {@code watcher} about one of the viewer's proof jobs now and at every change until it
   * finishes; empty for another viewer's job, an unknown id, or too many watchers.
   */
  public Optional<ProofService.Subscription> watchProof(
      Session viewer, String jobId, Consumer<ProofJob> watcher) {
    return proofs.watch(jobId, viewer.account().id(), seal(viewer), watcher);
  }

  /** The feed commitments of the viewer's finished proofs (to find theirs on the ledger). */
  public List<Word> proofCommitments(Session viewer) {
    if (!isUnlocked(viewer)) {
      return List.of(); // the commitments are sealed: without the viewer's key none is known
    }
    return proofs.commitmentsOf(viewer.account().id(), seal(viewer));
  }

  private InterestUpdate apply(Session viewer, String accountId, LikeAction action) {
    Vault vault = vault(viewer);
    Snapshot snapshot = snapshots.current();
    int index = snapshot.indexOf(accountId);
    if (index < 0) {
      throw new ViewerException(
          ViewerException.Reason.UNKNOWN_PROFILE, "That profile is not in the current model.");
    }
    InterestUpdate update = interests.apply(vault, snapshot, index, action);
    if (update.outcome() == InterestUpdate.Outcome.LIKE_LIMIT) {
      update.close();
      throw new ViewerException(
          ViewerException.Reason.LIKE_LIMIT,
          "You can like at most " + MAX_LIKES + " profiles. Unlike one first.");
    }
    return update;
  }

  /** Counts a like or unlike that took effect, for the private statistics (docs/privacy.md). */
  private LikeResult recorded(Session viewer, LikeResult like) {
    if (like.changed()) {
      if (like.liked()) {
        activity.liked(viewer.account().id(), like.accountId());
      } else {
        activity.unliked(viewer.account().id(), like.accountId());
      }
    }
    return like;
  }

  /** Counts a feed shown to the viewer, for the private statistics (docs/privacy.md). */
  private Feed served(Session viewer, Feed feed) {
    activity.feedServed(
        viewer.account().id(), feed.items().stream().map(FeedItem::accountId).toList());
    return feed;
  }

  private static LikeResult result(String accountId, LikeAction action, InterestUpdate update) {
    return new LikeResult(
        accountId, action, update.changed(), update.interest().likedAccountIds().size());
  }

  private Feed rank(Vault vault, ViewerInterest interest, int k) {
    Snapshot snapshot = interest.snapshot();
    int[] liked = interest.likedIndices().stream().mapToInt(Integer::intValue).toArray();
    List<HeReply> replies = new ArrayList<>();
    List<ScoredRow> top;
    try (QueryCache.Lease query = queries.lease(vault, interest)) {
      evaluator.score(snapshot, query.query(), (firstRow, rows, reply) -> replies.add(reply));
      top = vault.topK(query.query(), replies, k, liked);
    } finally {
      replies.forEach(HeReply::close);
    }
    List<FeedItem> items = new ArrayList<>();
    for (ScoredRow r : top) {
      items.add(new FeedItem(items.size() + 1, r.row(), snapshot.accountId(r.row()), r.score()));
    }
    return new Feed(snapshot.id(), items, interest.likedAccountIds());
  }

  /** Runs in the proof job: every profile's score, decrypted in the viewer's vault. */
  private FeedWitness witness(Session viewer, Address publisher) {
    Vault vault = unlocked(viewer);
    try (ViewerInterest interest = interests.read(vault, snapshots.current())) {
      Snapshot snapshot = interest.snapshot();
      long[] scores = new long[snapshot.size()];
      try (QueryCache.Lease query = queries.lease(vault, interest)) {
        evaluator.score(
            snapshot,
            query.query(),
            (firstRow, rows, reply) -> {
              try (reply) {
                long[] part = vault.decryptReply(query.query(), reply, firstRow, rows);
                System.arraycopy(part, 0, scores, firstRow, rows);
              }
            });
      }
      int[] liked = interest.likedIndices().stream().mapToInt(Integer::intValue).sorted().toArray();
      return new FeedWitness(snapshot, liked, scores, publisher);
    }
  }

  /**
   * Seals and opens the viewer's proof records with their vault, looked up at each use: a job that
   * finishes after the viewer logged out cannot be sealed, and nothing opens without a session.
   */
  private ProofSeal seal(Session viewer) {
    return new ProofSeal() {
      @Override
      public byte[] seal(String jobId, byte[] plaintext) {
        return unlocked(viewer).sealProof(jobId, plaintext);
      }

      @Override
      public byte[] open(String jobId, byte[] sealed) {
        return unlocked(viewer).openProof(jobId, sealed);
      }
    };
  }

  private Vault unlocked(Session viewer) {
    return locker
        .vault(viewer.id())
        .orElseThrow(() -> new FeedWitness.UnavailableException(LOCKED_MESSAGE));
  }

  private Vault vault(Session viewer) {
    return locker
        .vault(viewer.id())
        .orElseThrow(() -> new ViewerException(ViewerException.Reason.LOCKED, LOCKED_MESSAGE));
  }

  private static void requireK(int k) {
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be between 1 and " + MAX_K);
    }
  }
}
