package io.lockerism.cli;

import io.lockerism.chain.ChainClient;
import io.lockerism.chain.ChainInfo;
import io.lockerism.chain.Deployment;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Convert;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "chain",
    mixinStandardHelpOptions = true,
    description = "Operate Lockerism's contracts on an EVM chain (e.g. ZKsync Era).",
    subcommands = {ChainCommand.Deploy.class})
final class ChainCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "deploy",
      mixinStandardHelpOptions = true,
      description = {
        "Deploy ModelRegistry (operated by the signing key) and FeedLedger, and "
            + "print their addresses for `serve --chain rpc`.",
        "The key is read from the environment variable LOCKERISM_DEPLOYER_KEY (hex), or from "
            + "an encrypted keystore (--keystore) whose password is in LOCKERISM_KEYSTORE_PASSWORD."
      })
  static final class Deploy implements Callable<Integer> {

    @Spec CommandSpec spec;

    /** Where the key and password are read from; tests substitute their own. */
    Map<String, String> environment = System.getenv();

    @Option(
        names = "--rpc-url",
        required = true,
        paramLabel = "URL",
        description = "JSON-RPC endpoint, e.g. https://sepolia.era.zksync.dev")
    String rpcUrl;

    @Option(
        names = "--chain-id",
        required = true,
        paramLabel = "ID",
        description =
            "Chain id the transactions are signed for (300 Era Sepolia, 324 Era "
                + "mainnet); must match the endpoint.")
    long chainId;

    @Mixin OperatorKeyOptions keys;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Credentials key = keys.require(environment, "deployer");
      try (ChainClient client = ChainClient.connect(rpcUrl, chainId, key)) {
        BigInteger balance = client.balance(key.getAddress());
        out.println(
            "Deployer "
                + key.getAddress()
                + " on chain "
                + chainId
                + ", balance "
                + Convert.fromWei(balance.toString(), Convert.Unit.ETHER).toPlainString()
                + " ETH");
        Deployment d = Deployment.deploy(client);
        String explorer = ChainInfo.explorerFor(chainId);
        out.println("ModelRegistry " + d.registry());
        out.println("FeedLedger    " + d.ledger());
        out.println("Ledger block  " + d.ledgerBlock());
        out.println("Gas used      " + d.gasUsed());
        if (explorer != null) {
          out.println("Explorer      " + explorer + "/address/" + d.ledger());
        }
        out.println();
        out.println("Serve with:");
        out.println(
            "  lockerism serve --chain rpc --rpc-url "
                + rpcUrl
                + " --chain-id "
                + chainId
                + " --registry "
                + d.registry()
                + " --ledger "
                + d.ledger()
                + " --ledger-from-block "
                + d.ledgerBlock());
      }
      return 0;
    }
  }
}
