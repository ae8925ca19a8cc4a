package io.lockerism.chain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Compiles Solidity verifier sources at run time with the same pinned solc-js and {@code
 * compile.mjs} that build the app's own contracts. The build bundles them under {@code /solc/} in
 * the jar; the first use extracts that tree to {@code <dataDir>/solc/<solc version>/} and every
 * compilation runs {@code node compile.mjs --out TMP Verifier.sol} there. Node.js is a run-time
 * dependency. A source may {@code import {IFeedVerifier} from "IFeedVerifier.sol";}.
 */
public final class VerifierCompiler {

  private static final String ROOT = "solc/";
  private static final long TIMEOUT_SECONDS = 300;

  private final Path dataDir;
  private final String nodeExecutable;
  private volatile Path home;

  public VerifierCompiler(Path dataDir, String nodeExecutable) {
    // Absolute and normalized, so bundle entries resolve under it whatever the working directory.
    this.dataDir = dataDir.toAbsolutePath().normalize();
    this.nodeExecutable =
        nodeExecutable == null || nodeExecutable.isBlank() ? "node" : nodeExecutable;
  }

  /** The bundled solc-js version, e.g. "0.8.28". */
  public static String bundledSolcVersion() {
    try (InputStream in = resource("node_modules/solc/package.json")) {
      return ContractArtifact.JSON.readTree(in).path("version").asText();
    } catch (IOException e) {
      throw new ChainException("cannot read the bundled solc version: " + e.getMessage(), e);
    }
  }

  /**
   * Compiles {@code source} and returns the artifact of the contract named {@code contractName}.
   *
   * @throws VerifierCompileException with solc's messages when the source does not compile, or when
   *     no deployable contract of that name is in it
   * @throws ChainException when Node.js is missing or the compiler could not run
   */
  public ContractArtifact compile(String source, String contractName) {
    Path compilerHome = extracted();
    Path work = null;
    try {
      work = Files.createTempDirectory(dataDir.resolve("solc"), "compile-");
      Path file = work.resolve("Verifier.sol");
      Files.writeString(file, source, StandardCharsets.UTF_8);
      Path out = work.resolve("out");
      Path log = work.resolve("solc.log");
      Process p;
      try {
        p =
            new ProcessBuilder(
                    nodeExecutable,
                    compilerHome.resolve("compile.mjs").toString(),
                    "--out",
                    out.toString(),
                    file.toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
      } catch (IOException e) {
        throw new ChainException(
            "cannot run Node.js ('"
                + nodeExecutable
                + "'), which compiles "
                + "verifier contracts: "
                + e.getMessage()
                + ". Install Node.js 18 or newer, or point "
                + "--node at it.",
            e);
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ChainException("solc did not finish within " + TIMEOUT_SECONDS + " s");
      }
      String output =
          Files.readString(log, StandardCharsets.UTF_8).replace(work.toString() + "/", "");
      if (p.exitValue() != 0) {
        throw new VerifierCompileException(
            "the verifier source does not compile:\n" + output.strip(), output);
      }
      Path artifact = out.resolve(contractName + ".json");
      if (!Files.isRegularFile(artifact)) {
        throw new VerifierCompileException(
            "the verifier source has no contract named " + contractName, output);
      }
      ContractArtifact a = ContractArtifact.read(artifact);
      if (!a.deployable()) {
        throw new VerifierCompileException(
            "contract " + contractName + " is abstract or an " + "interface and cannot be deployed",
            output);
      }
      return a;
    } catch (IOException e) {
      throw new ChainException("verifier compilation failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChainException("interrupted while compiling a verifier", e);
    } finally {
      if (work != null) {
        deleteTree(work);
      }
    }
  }

  /** Extracts the bundled compiler once per data directory and solc version. */
  Path extracted() {
    Path h = home;
    if (h != null) {
      return h;
    }
    synchronized (this) {
      if (home == null) {
        home = extract();
      }
      return home;
    }
  }

  private Path extract() {
    Path target = dataDir.resolve("solc").resolve(bundledSolcVersion());
    if (Files.isRegularFile(target.resolve(".complete"))) {
      return target;
    }
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempDirectory(target.getParent(), "extract-");
      try {
        copyBundle(tmp);
        Files.writeString(tmp.resolve(".complete"), "");
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
          // Another process extracted it first, or a stale partial tree is in the way.
          if (!Files.isRegularFile(target.resolve(".complete"))) {
            deleteTree(target);
            Files.move(tmp, target);
          }
        } catch (IOException e) {
          if (!Files.isRegularFile(target.resolve(".complete"))) {
            throw e;
          }
        }
      } finally {
        if (Files.exists(tmp)) {
          deleteTree(tmp);
        }
      }
      return target;
    } catch (IOException e) {
      throw new ChainException(
          "cannot extract the bundled solc compiler to " + target + ": " + e.getMessage(), e);
    }
  }

  private static void copyBundle(Path dest) throws IOException {
    URL url = VerifierCompiler.class.getResource("/" + ROOT + "compile.mjs");
    if (url == null) {
      throw new ChainException(
          "the solc bundle (/solc/compile.mjs) is not on the classpath; "
              + "the Maven build copies it from contracts/");
    }
    if ("jar".equals(url.getProtocol())) {
      JarURLConnection conn = (JarURLConnection) url.openConnection();
      conn.setUseCaches(false);
      try (JarFile jar = conn.getJarFile()) {
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
          JarEntry e = entries.nextElement();
          if (!e.getName().startsWith(ROOT) || e.isDirectory()) {
            continue;
          }
          Path out = safeResolve(dest, e.getName().substring(ROOT.length()));
          Files.createDirectories(out.getParent());
          try (InputStream in = jar.getInputStream(e)) {
            Files.copy(in, out);
          }
        }
      }
    } else {
      Path root;
      try {
        root = Path.of(url.toURI()).getParent();
      } catch (URISyntaxException e) {
        throw new IOException(e);
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          Path out = safeResolve(dest, root.relativize(f).toString());
          Files.createDirectories(out.getParent());
          Files.copy(f, out);
        }
      }
    }
  }

  private static Path safeResolve(Path dest, String relative) throws IOException {
    Path out = dest.resolve(relative).normalize();
    if (!out.startsWith(dest)) {
      throw new IOException("bundle entry leaves the target directory: " + relative);
    }
    return out;
  }

  private static InputStream resource(String path) throws IOException {
    InputStream in = VerifierCompiler.class.getResourceAsStream("/" + ROOT + path);
    if (in == null) {
      throw new IOException("/" + ROOT + path + " is not on the classpath");
    }
    return in;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      List<Path> paths = s.sorted(Comparator.reverseOrder()).toList();
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The source did not compile; {@link #compilerOutput()} holds solc's messages. */
  public static final class VerifierCompileException extends ChainException {
    private final String compilerOutput;

    VerifierCompileException(String message, String compilerOutput) {
      super(message);
      this.compilerOutput = compilerOutput;
    }

    public String compilerOutput() {
      return compilerOutput;
    }
  }
}
