#!/usr/bin/env node
// Compiles Solidity sources with the pinned solc-js (see package.json) and
// writes one JSON artifact per contract: {contractName, sourceName, compiler,
// abi, bytecode, deployedBytecode}, bytecodes 0x-prefixed.
//
// CLI:
//   node compile.mjs --out DIR [--include DIR]... [--runs N] FILE.sol...
// Exit status 0 on success; 1 with the compiler's messages on any error
// (warnings are printed but do not fail); 2 on bad usage.
//
// Library:
//   import { compile, writeArtifacts } from "./compile.mjs";
//   const artifacts = compile(["Verifier.sol"]);   // throws CompileError
//
// Imports: each input is compiled under its file name ("FeedLedger.sol"), so
// artifacts carry no machine-specific paths. An import such as
// "./IFeedVerifier.sol" or "IFeedVerifier.sol" is looked up in the importing
// inputs' directories, then in each --include directory, then in this
// script's src/ directory (so generated verifiers can import IFeedVerifier.sol).

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";

const here = path.dirname(fileURLToPath(import.meta.url));

export const EVM_VERSION = "cancun"; // ZKsync Era's EVM interpreter targets Cancun
export const DEFAULT_RUNS = 200;

export class CompileError extends Error {
  constructor(messages) {
    super(messages.join("\n"));
    this.name = "CompileError";
    this.messages = messages;
  }
}

/** The solc version string, e.g. "0.8.28+commit.7893614a.Emscripten.clang". */
export function compilerVersion() {
  return solc.version();
}

/**
 * Compiles the given .sol files. Returns {artifacts, warnings}, where
 * artifacts is a list of {contractName, sourceName, compiler, abi, bytecode,
 * deployedBytecode}. Throws CompileError listing every error.
 */
export function compile(files, { include = [], runs = DEFAULT_RUNS } = {}) {
  if (!files.length) throw new CompileError(["no input files"]);
  const sources = {};
  const dirs = [];
  for (const file of files) {
    const name = path.basename(file);
    if (sources[name]) throw new CompileError([`two inputs are named ${name}`]);
    let content;
    try {
      content = fs.readFileSync(file, "utf8");
    } catch (e) {
      throw new CompileError([`cannot read ${file}: ${e.message}`]);
    }
    sources[name] = { content };
    const dir = path.dirname(path.resolve(file));
    if (!dirs.includes(dir)) dirs.push(dir);
  }
  const searchPath = [...dirs, ...include.map((d) => path.resolve(d)), path.join(here, "src")];

  const findImports = (importPath) => {
    // Never escape the search directories.
    const rel = path.posix.normalize(importPath.replace(/\\/g, "/"));
    if (rel.startsWith("../") || path.isAbsolute(rel)) {
      return { error: `import ${importPath} leaves the search path` };
    }
    for (const dir of searchPath) {
      const candidate = path.join(dir, rel);
      if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, "utf8") };
    }
    return { error: `import ${importPath} not found in ${searchPath.join(", ")}` };
  };

  const input = {
    language: "Solidity",
    sources,
    settings: {
      evmVersion: EVM_VERSION,
      optimizer: { enabled: true, runs },
      outputSelection: {
        "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] },
      },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));

  const errors = [];
  const warnings = [];
  for (const e of output.errors ?? []) {
    const text = e.formattedMessage ?? `${e.severity}: ${e.message}`;
    (e.severity === "error" ? errors : warnings).push(text.trim());
  }
  if (errors.length) throw new CompileError(errors);

  const compiler = compilerVersion();
  const artifacts = [];
  const seen = new Set();
  for (const [sourceName, contracts] of Object.entries(output.contracts ?? {})) {
    for (const [contractName, c] of Object.entries(contracts)) {
      if (seen.has(contractName)) {
        throw new CompileError([`two contracts are named ${contractName}`]);
      }
      seen.add(contractName);
      artifacts.push({
        contractName,
        sourceName,
        compiler,
        evmVersion: EVM_VERSION,
        optimizerRuns: runs,
        abi: c.abi,
        bytecode: "0x" + (c.evm?.bytecode?.object ?? ""),
        deployedBytecode: "0x" + (c.evm?.deployedBytecode?.object ?? ""),
      });
    }
  }
  return { artifacts, warnings };
}

/** Writes DIR/<contractName>.json for each artifact; returns the paths. */
export function writeArtifacts(artifacts, outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  return artifacts.map((a) => {
    const file = path.join(outDir, `${a.contractName}.json`);
    fs.writeFileSync(file, JSON.stringify(a, null, 2) + "\n");
    return file;
  });
}

function usage(msg) {
  if (msg) process.stderr.write(`compile.mjs: ${msg}\n`);
  process.stderr.write("usage: node compile.mjs --out DIR [--include DIR]... [--runs N] FILE.sol...\n");
  process.exit(2);
}

function main(argv) {
  let out;
  let runs = DEFAULT_RUNS;
  const include = [];
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--out") out = argv[++i] ?? usage("--out needs a directory");
    else if (a === "--include") include.push(argv[++i] ?? usage("--include needs a directory"));
    else if (a === "--runs") {
      runs = Number(argv[++i]);
      if (!Number.isInteger(runs) || runs < 1) usage("--runs needs a positive integer");
    } else if (a === "--version") {
      process.stdout.write(compilerVersion() + "\n");
      return;
    } else if (a.startsWith("--")) usage(`unknown option ${a}`);
    else files.push(a);
  }
  if (!out) usage("--out is required");
  if (!files.length) usage("no input files");
  let result;
  try {
    result = compile(files, { include, runs });
  } catch (e) {
    if (e instanceof CompileError) {
      process.stderr.write(e.messages.join("\n\n") + "\n");
      process.exit(1);
    }
    throw e;
  }
  for (const w of result.warnings) process.stderr.write(w + "\n\n");
  for (const f of writeArtifacts(result.artifacts, out)) process.stdout.write(`wrote ${f}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
