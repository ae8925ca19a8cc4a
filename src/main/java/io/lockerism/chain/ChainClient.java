package io.lockerism.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * A web3j connection that signs with one key. Transactions are legacy (EIP-155, signed for the
 * chain id), which both the go-ethereum dev chain and ZKsync Era accept; gas is estimated first, so
 * a transaction that would revert fails here with a decoded {@link ContractRevertException} and
 * costs nothing. Sends are serialized, so concurrent callers never race on the nonce. The key is
 * never logged: {@link #toString()} names only the address.
 */
public final class ChainClient implements AutoCloseable {

  /** Headroom over eth_estimateGas, in percent. */
  private static final int GAS_HEADROOM_PERCENT = 25;

  private static final int RETRIES = 10;

  /** One lock per (chain, signer), shared by every client signing with that key. */
  private static final ConcurrentHashMap<String, Object> SEND_LOCKS = new ConcurrentHashMap<>();

  private final Web3j web3j;
  private final long chainId;
  private final Credentials credentials;
  private final RawTransactionManager transactions;
  private final ContractErrors errors;
  private final boolean ownsWeb3j;

  private final String rpcUrl;

  private ChainClient(
      Web3j web3j, String rpcUrl, long chainId, Credentials credentials, boolean ownsWeb3j) {
    this.web3j = web3j;
    this.rpcUrl = rpcUrl;
    this.chainId = chainId;
    this.credentials = credentials;
    this.ownsWeb3j = ownsWeb3j;
    this.transactions =
        credentials == null
            ? null
            : new RawTransactionManager(
                web3j,
                credentials,
                chainId,
                new PollingTransactionReceiptProcessor(web3j, 100, 1800));
    this.errors =
        new ContractErrors(
            ContractArtifact.bundled("ModelRegistry"), ContractArtifact.bundled("FeedLedger"));
  }

  /**
   * Connects to a JSON-RPC endpoint; {@code credentials} may be null for a read-only client. The
   * endpoint's chain id must equal {@code chainId}.
   */
  public static ChainClient connect(String rpcUrl, long chainId, Credentials credentials) {
    Web3j web3j = Web3j.build(new HttpService(rpcUrl));
    ChainClient client = new ChainClient(web3j, rpcUrl, chainId, credentials, true);
    try {
      long actual = client.remoteChainId();
      if (actual != chainId) {
        throw new ChainException(
            "the node at "
                + rpcUrl
                + " serves chain id "
                + actual
                + ", not the configured "
                + chainId);
      }
      return client;
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Another signer on the same connection. */
  public ChainClient withSigner(Credentials signer) {
    return new ChainClient(web3j, rpcUrl, chainId, signer, false);
  }

  public Web3j web3j() {
    return web3j;
  }

  public String rpcUrl() {
    return rpcUrl;
  }

  public long chainId() {
    return chainId;
  }

  /** The signer's address (checksum-free lowercase 0x-hex), or null for a read-only client. */
  public String address() {
    return credentials == null ? null : credentials.getAddress();
  }

  long remoteChainId() {
    try {
      return check(web3j.ethChainId().send(), "eth_chainId").getChainId().longValueExact();
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  public long blockNumber() {
    try {
      return check(web3j.ethBlockNumber().send(), "eth_blockNumber")
          .getBlockNumber()
          .longValueExact();
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  public BigInteger balance(String address) {
    try {
      return check(
              web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send(),
              "eth_getBalance")
          .getBalance();
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /** True when the address holds contract code. */
  public boolean hasCode(String address) {
    try {
      String code =
          check(web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send(), "eth_getCode")
              .getCode();
      return code != null && code.length() > 2;
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /** A view call; decodes the outputs declared by {@code function}. */
  public List<Type> call(String to, Function function) {
    String data = FunctionEncoder.encode(function);
    try {
      EthCall r =
          web3j
              .ethCall(
                  Transaction.createEthCallTransaction(address(), to, data),
                  DefaultBlockParameterName.LATEST)
              .send();
      if (r.hasError()) {
        throw errors.toException(revertData(r.getError()), function.getName() + " call");
      }
      return FunctionReturnDecoder.decode(r.getValue(), function.getOutputParameters());
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /** A mined transaction: its hash, receipt fields and, for creations, the new address. */
  public record Sent(String txHash, long blockNumber, BigInteger gasUsed, String contractAddress) {}

  /** Deploys creation code (bytecode plus ABI-encoded constructor arguments). */
  public Sent deploy(String creationCode, String what) {
    return send(null, creationCode, BigInteger.ZERO, what);
  }

  /**
   * Sends a transaction and waits for it to be mined; throws when it reverts. A rejection for
   * insufficient funds or a stale nonce is retried for about two seconds: a wallet funded in the
   * previous block can briefly look unfunded to the node's pending state.
   */
  public Sent send(String to, String data, BigInteger value, String what) {
    if (transactions == null) {
      throw new IllegalStateException("this chain client has no signing key");
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return sendOnce(to, data, value, what);
      } catch (NodeRejectedException e) {
        if (attempt >= RETRIES || !e.retryable()) {
          throw e;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private Sent sendOnce(String to, String data, BigInteger value, String what) {
    Object lock = SEND_LOCKS.computeIfAbsent(chainId + ":" + address(), k -> new Object());
    synchronized (lock) {
      try {
        Transaction estimate =
            to == null
                ? Transaction.createContractTransaction(address(), null, null, null, value, data)
                : Transaction.createFunctionCallTransaction(
                    address(), null, null, null, to, value, data);
        EthEstimateGas est = web3j.ethEstimateGas(estimate).send();
        if (est.hasError()) {
          throw failure(est.getError(), what);
        }
        BigInteger gasLimit =
            est.getAmountUsed()
                .multiply(BigInteger.valueOf(100 + GAS_HEADROOM_PERCENT))
                .divide(BigInteger.valueOf(100));
        BigInteger gasPrice = check(web3j.ethGasPrice().send(), "eth_gasPrice").getGasPrice();
        gasPrice = gasPrice.add(gasPrice.divide(BigInteger.valueOf(5)));
        EthSendTransaction sent =
            transactions.sendTransaction(
                gasPrice, gasLimit, to == null ? "" : to, data, value, to == null);
        if (sent.hasError()) {
          throw failure(sent.getError(), what);
        }
        TransactionReceipt receipt =
            new PollingTransactionReceiptProcessor(web3j, 100, 1800)
                .waitForTransactionReceipt(sent.getTransactionHash());
        if (!receipt.isStatusOK()) {
          throw failedReceipt(to, data, value, receipt, what);
        }
        awaitHead(receipt.getBlockNumber().longValueExact());
        return new Sent(
            receipt.getTransactionHash(),
            receipt.getBlockNumber().longValueExact(),
            receipt.getGasUsed(),
            receipt.getContractAddress());
      } catch (IOException e) {
        throw unreachable(e);
      } catch (TransactionException e) {
        throw new ChainException(what + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Waits until "latest" is at least {@code block}. A node can serve a block's receipts before it
   * makes that block its head (go-ethereum inserts the block, then moves the head), so a call right
   * after a receipt could otherwise still see the state before the transaction. Polled like the
   * receipt, and bounded by the same 3 minutes.
   */
  private void awaitHead(long block) throws IOException {
    for (int i = 0; i < 1800; i++) {
      if (check(web3j.ethBlockNumber().send(), "eth_blockNumber").getBlockNumber().longValueExact()
          >= block) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChainException("interrupted while waiting for block " + block, e);
      }
    }
    throw new ChainException(
        "the chain's head did not reach block " + block + " in 3 minutes", null);
  }

  /** Replays a failed transaction as a call to recover its revert data. */
  private ChainException failedReceipt(
      String to, String data, BigInteger value, TransactionReceipt receipt, String what)
      throws IOException {
    String where = what + " (transaction " + receipt.getTransactionHash() + ")";
    if (to != null) {
      EthCall r =
          web3j
              .ethCall(
                  Transaction.createFunctionCallTransaction(
                      address(), null, null, null, to, value, data),
                  DefaultBlockParameterName.LATEST)
              .send();
      if (r.hasError()) {
        return errors.toException(revertData(r.getError()), where);
      }
    }
    return new ChainException(
        where
            + " failed (status "
            + receipt.getStatus()
            + ", gas used "
            + receipt.getGasUsed()
            + ")");
  }

  private ChainException failure(Response.Error error, String what) {
    String data = revertData(error);
    String message = error.getMessage() == null ? "" : error.getMessage();
    if (data != null || message.toLowerCase(Locale.ROOT).contains("revert")) {
      return errors.toException(data, what);
    }
    return new NodeRejectedException(what + " rejected by the node: " + message);
  }

  /** Revert data from a JSON-RPC error: geth puts the 0x-hex string in {@code error.data}. */
  static String revertData(Response.Error error) {
    String data = error.getData();
    if (data == null) {
      return null;
    }
    String s = data.trim();
    if (s.startsWith("\"") && s.endsWith("\"") && s.length() >= 2) {
      s = s.substring(1, s.length() - 1);
    }
    if (s.startsWith("{")) {
      try {
        JsonNode n = ContractArtifact.JSON.readTree(s);
        JsonNode inner = n.has("data") ? n.get("data") : n.path("result");
        s = inner.asText("");
      } catch (IOException e) {
        return null;
      }
    }
    return s.startsWith("0x") ? s : null;
  }

  static <R extends Response<?>> R check(R response, String method) {
    if (response.hasError()) {
      throw new ChainException(method + " failed: " + response.getError().getMessage());
    }
    return response;
  }

  static ChainException unreachable(IOException e) {
    return new ChainException("chain node unreachable: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    if (ownsWeb3j) {
      web3j.shutdown();
    }
  }

  @Override
  public String toString() {
    return "chain client for chain " + chainId + (credentials == null ? "" : " as " + address());
  }

  /** The node refused a transaction before running it (funds, nonce, gas price…). */
  public static final class NodeRejectedException extends ChainException {
    NodeRejectedException(String message) {
      super(message);
    }

    /** Insufficient funds and nonce races clear up within a block or two. */
    boolean retryable() {
      String m = getMessage().toLowerCase(Locale.ROOT);
      return m.contains("insufficient funds")
          || m.contains("nonce too low")
          || m.contains("replacement transaction underpriced")
          || m.contains("already known");
    }
  }
}
