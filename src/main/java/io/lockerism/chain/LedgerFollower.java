package io.lockerism.chain;

import io.lockerism.evm.Address;
import io.lockerism.evm.Word;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Follows the FeedLedger's {@code FeedVerified} events into the database (every {@value
 * #POLL_MILLIS} ms, and on demand), and lists what it stored: the ledger page's data.
 */
public final class LedgerFollower implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerFollower.class);
  static final Event FEED_VERIFIED =
      new Event(
          "FeedVerified",
          List.of(
              new TypeReference<Bytes32>(true) {},
              new TypeReference<Bytes32>() {},
              new TypeReference<Bytes32>() {},
              new TypeReference<Uint256>() {},
              new TypeReference<org.web3j.abi.datatypes.Address>(true) {}));
  private static final String FEED_VERIFIED_TOPIC = EventEncoder.encode(FEED_VERIFIED);

  /** Blocks per eth_getLogs request, within the limits public RPC providers set. */
  private static final long LOG_CHUNK = 5_000;

  private static final long POLL_MILLIS = 500;

  private final ChainClient client;
  private final Address ledger;
  private final LedgerRepository repository;
  private final ScheduledExecutorService poller;
  private final List<Consumer<LedgerRecord>> listeners = new CopyOnWriteArrayList<>();
  private long nextBlock;
  private String lastPollError;

  LedgerFollower(ChainClient client, Address ledger, LedgerRepository repository, long fromBlock) {
    this.client = client;
    this.ledger = ledger;
    this.repository = repository;
    this.nextBlock = fromBlock;
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ledger-follower");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Called with each record this instance stores first (several instances share the table: only the
   * one whose insert wins hears of a record, so each is reported once).
   */
  public void onNewRecord(Consumer<LedgerRecord> listener) {
    listeners.add(listener);
  }

  /** Follows in the background from now on. */
  void start() {
    poller.scheduleWithFixedDelay(this::pollQuietly, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Ledger records stored so far, oldest first; all snapshots when null. */
  public List<LedgerRecord> records(String snapshotIdOrNull) {
    return repository.list(
        client.chainId(),
        ledger,
        snapshotIdOrNull == null ? null : Abi.snapshotIdText(snapshotIdOrNull));
  }

  /**
   * Reads new FeedVerified events up to the chain head into the database now (the follower does
   * this every {@value #POLL_MILLIS} ms); returns how many records were new.
   */
  public synchronized int sync() {
    int stored = 0;
    long head = client.blockNumber();
    while (nextBlock <= head) {
      long to = Math.min(head, nextBlock + LOG_CHUNK - 1);
      EthFilter filter =
          new EthFilter(
              DefaultBlockParameter.valueOf(BigInteger.valueOf(nextBlock)),
              DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
              ledger.toString());
      filter.addSingleTopic(FEED_VERIFIED_TOPIC);
      EthLog logs;
      try {
        logs = ChainClient.check(client.web3j().ethGetLogs(filter).send(), "eth_getLogs");
      } catch (IOException e) {
        throw ChainClient.unreachable(e);
      }
      Map<BigInteger, Instant> blockTimes = new HashMap<>();
      for (EthLog.LogResult<?> result : logs.getLogs()) {
        Log log = (Log) result.get();
        if (log.isRemoved()) {
          continue;
        }
        LedgerRecord record = decode(log, blockTimes);
        if (repository.insert(client.chainId(), ledger, record)) {
          stored++;
          listeners.forEach(l -> l.accept(record));
        }
      }
      nextBlock = to + 1;
    }
    return stored;
  }

  private LedgerRecord decode(Log log, Map<BigInteger, Instant> blockTimes) {
    List<String> topics = log.getTopics();
    List<Type> data =
        FunctionReturnDecoder.decode(log.getData(), FEED_VERIFIED.getNonIndexedParameters());
    Bytes32 snapshot =
        (Bytes32)
            FunctionReturnDecoder.decodeIndexedValue(
                topics.get(1), new TypeReference<Bytes32>() {});
    org.web3j.abi.datatypes.Address submitter =
        (org.web3j.abi.datatypes.Address)
            FunctionReturnDecoder.decodeIndexedValue(
                topics.get(2), new TypeReference<org.web3j.abi.datatypes.Address>() {});
    Instant at = blockTimes.computeIfAbsent(log.getBlockNumber(), this::blockTime);
    return new LedgerRecord(
        Word.of(snapshot.getValue()).toPlainHex(),
        Word.of(((Bytes32) data.get(0)).getValue()),
        Word.of(((Bytes32) data.get(1)).getValue()),
        ((Uint256) data.get(2)).getValue().longValueExact(),
        Abi.address(submitter),
        Word.parse(log.getTransactionHash(), "a transaction hash"),
        log.getBlockNumber().longValueExact(),
        log.getLogIndex().longValueExact(),
        at);
  }

  private Instant blockTime(BigInteger number) {
    try {
      return Instant.ofEpochSecond(
          ChainClient.check(
                  client
                      .web3j()
                      .ethGetBlockByNumber(DefaultBlockParameter.valueOf(number), false)
                      .send(),
                  "eth_getBlockByNumber")
              .getBlock()
              .getTimestamp()
              .longValueExact());
    } catch (IOException e) {
      throw ChainClient.unreachable(e);
    }
  }

  private void pollQuietly() {
    try {
      sync();
      if (lastPollError != null) {
        LOG.info("Ledger follower recovered");
        lastPollError = null;
      }
    } catch (RuntimeException e) {
      if (!String.valueOf(e.getMessage()).equals(lastPollError)) {
        LOG.warn("Ledger follower: {}", e.getMessage());
        lastPollError = String.valueOf(e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
    try {
      poller.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
