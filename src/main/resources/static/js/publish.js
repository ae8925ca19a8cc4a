// "Publish on chain": sends a verified feed proof to FeedLedger.record from the viewer's own
// wallet. Wallets are found through EIP-6963 (window.ethereum is the fallback); the transaction
// is built by the server ({to, data}) and signed and sent by the wallet through ethers v6.
// A proof is made for one wallet (the ledger verifies it with the sender's address), so a prove
// request names the connected wallet, and a proof made for another is proven again for this one.
import { BrowserProvider, Interface } from "/static/vendor/ethers.min.js";

const LEDGER_ERRORS = new Interface([
  "error UnknownSnapshot(bytes32 snapshotId)",
  "error InvalidProof()",
  "error AlreadyRecorded(bytes32 snapshotId, bytes32 commitF)",
]);
const REVERT_MESSAGES = {
  UnknownSnapshot: "This model snapshot is not registered on the chain yet, so the ledger cannot check the proof.",
  InvalidProof: "The ledger rejected the proof as invalid.",
  AlreadyRecorded: "This feed is already recorded on the ledger.",
};
const USER_REJECTED = 4001;
const UNKNOWN_CHAIN = 4902;
const REQUEST_PENDING = -32002;
const DISCOVERY_MS = 300;

/** Wallets announced through EIP-6963, MetaMask first; window.ethereum when none announce. */
async function discoverWallets() {
  const found = new Map();
  const onAnnounce = (event) => {
    const { info, provider } = event.detail || {};
    if (info && provider && !found.has(info.uuid)) {
      found.set(info.uuid, { info, provider });
    }
  };
  window.addEventListener("eip6963:announceProvider", onAnnounce);
  window.dispatchEvent(new Event("eip6963:requestProvider"));
  await new Promise((resolve) => setTimeout(resolve, DISCOVERY_MS));
  window.removeEventListener("eip6963:announceProvider", onAnnounce);
  const wallets = [...found.values()];
  wallets.sort((a, b) => (b.info.rdns === "io.metamask") - (a.info.rdns === "io.metamask"));
  if (wallets.length === 0 && window.ethereum) {
    wallets.push({ info: { name: "Browser wallet", rdns: "" }, provider: window.ethereum });
  }
  return wallets;
}

class PublishError extends Error {}

async function request(wallet, method, params) {
  try {
    return await wallet.request({ method, params });
  } catch (error) {
    throw explainWalletError(error);
  }
}

function explainWalletError(error) {
  const code = error?.code ?? error?.info?.error?.code ?? error?.error?.code;
  if (code === USER_REJECTED || error?.code === "ACTION_REJECTED") {
    return new PublishError("You rejected the request in your wallet. Nothing was recorded.");
  }
  if (code === REQUEST_PENDING) {
    return new PublishError("Your wallet already has a request waiting. Open it, finish or reject it, then try again.");
  }
  return error;
}

/** Switches the wallet to the app's chain, adding the chain first if the wallet lacks it. */
async function ensureChain(wallet, chain) {
  const current = await request(wallet, "eth_chainId", []);
  if (current && parseInt(current, 16) === parseInt(chain.chainId, 16)) {
    return;
  }
  try {
    await wallet.request({ method: "wallet_switchEthereumChain", params: [{ chainId: chain.chainId }] });
  } catch (error) {
    const code = error?.code ?? error?.data?.originalError?.code;
    if (code !== UNKNOWN_CHAIN) {
      throw explainWalletError(error);
    }
    await request(wallet, "wallet_addEthereumChain", [{
      chainId: chain.chainId,
      chainName: chain.chainName,
      rpcUrls: [chain.rpcUrl],
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      blockExplorerUrls: chain.explorer ? [chain.explorer] : undefined,
    }]);
  }
  const after = await request(wallet, "eth_chainId", []);
  if (parseInt(after, 16) !== parseInt(chain.chainId, 16)) {
    throw new PublishError(`Your wallet is on another network. Switch it to ${chain.chainName} and try again.`);
  }
}

/** The dev chain's faucet gives a new wallet enough to pay for the transaction. */
async function fundFromDevFaucet(address) {
  const headers = { "Content-Type": "application/json", ...csrfHeaders() };
  const response = await fetch("/api/v1/chain/faucet", {
    method: "POST", headers, body: JSON.stringify({ address }), credentials: "same-origin",
  });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new PublishError(body.error || "The development faucet could not fund your wallet.");
  }
}

function csrfHeaders() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}");
  } catch {
    return {};
  }
}

function revertMessage(error) {
  const data = error?.data ?? error?.info?.error?.data ?? error?.error?.data;
  const hex = typeof data === "string" ? data : data?.data;
  if (typeof hex === "string" && hex.startsWith("0x") && hex.length >= 10) {
    try {
      const parsed = LEDGER_ERRORS.parseError(hex);
      if (parsed) {
        return REVERT_MESSAGES[parsed.name];
      }
    } catch {
      // not one of the ledger's errors
    }
  }
  if (error?.code === "CALL_EXCEPTION") {
    return "The ledger contract rejected the transaction.";
  }
  return null;
}

/** The most specific message inside an ethers or wallet error. */
function detail(error) {
  const inner = error?.error ?? error?.info?.error;
  return inner?.message || error?.shortMessage || error?.message || String(error);
}

function show(status, text, kind) {
  status.textContent = text;
  status.className = `publish-status ${kind || ""}`.trim();
}

function showConfirmed(status, receipt, explorer) {
  status.className = "publish-status ok";
  status.textContent = `Recorded on chain in block ${receipt.blockNumber}. Transaction ${receipt.hash}. `;
  if (explorer) {
    const link = document.createElement("a");
    link.href = `${explorer.replace(/\/$/, "")}/tx/${receipt.hash}`;
    link.textContent = "View it in the explorer";
    link.rel = "noopener noreferrer";
    link.target = "_blank";
    status.append(link, ". ");
  }
  const ledger = document.createElement("a");
  ledger.href = "/ledger";
  ledger.textContent = "See it on the ledger";
  status.append(ledger, ".");
}

async function publish(button) {
  const status = document.getElementById("publish-status");
  const chain = {
    chainId: button.dataset.chainId,
    chainName: button.dataset.chainName,
    rpcUrl: button.dataset.rpcUrl,
    explorer: button.dataset.explorer || "",
  };
  button.disabled = true;
  try {
    if (!(await readyToPublish(button, status))) {
      return;
    }
    show(status, "Looking for your wallet…");
    const wallets = await discoverWallets();
    if (wallets.length === 0) {
      throw new PublishError("No wallet found. Install or unlock MetaMask (or another Ethereum wallet), then press Publish again; this proof stays here. On a phone, open this page in your wallet app's browser.");
    }
    const wallet = wallets[0].provider;
    show(status, `Asking ${wallets[0].info.name} for your account…`);
    const [address] = await request(wallet, "eth_requestAccounts", []);
    if (!address) {
      throw new PublishError("Your wallet shared no account.");
    }
    if (address.toLowerCase() !== (button.dataset.publisher || "").toLowerCase()) {
      await proveAgainFor(address, button, status);
      return;
    }
    show(status, `Switching your wallet to ${chain.chainName}…`);
    await ensureChain(wallet, chain);
    if (button.dataset.faucet === "true") {
      show(status, "Funding your wallet from the development faucet…");
      await fundFromDevFaucet(address);
    }
    show(status, "Confirm the transaction in your wallet…");
    const signer = await new BrowserProvider(wallet).getSigner(address);
    let tx;
    try {
      tx = await signer.sendTransaction({ to: button.dataset.to, data: button.dataset.data });
    } catch (error) {
      const reverted = revertMessage(error);
      throw reverted ? new PublishError(reverted) : explainWalletError(error);
    }
    show(status, `Pending: transaction ${tx.hash}…`, "pending");
    const receipt = await tx.wait();
    if (!receipt || receipt.status !== 1) {
      throw new PublishError("The transaction was mined but reverted; nothing was recorded.");
    }
    showConfirmed(status, receipt, chain.explorer);
    button.textContent = "Published";
  } catch (error) {
    const message = error instanceof PublishError ? error.message
      : revertMessage(error) || `Publishing failed: ${detail(error)}`;
    show(status, message, "error");
    button.disabled = false;
  }
}

/**
 * The proof was made for another wallet (or none, when no wallet was connected while proving):
 * the ledger would reject it from this one. Offers to prove the feed again for this wallet.
 */
async function proveAgainFor(address, button, status) {
  show(status, `This proof was made for ${button.dataset.publisher === ZERO_ADDRESS ? "no wallet"
    : `another wallet (${button.dataset.publisher})`}, and the ledger accepts a proof only from the `
    + `wallet it was made for. `, "error");
  const again = document.createElement("button");
  again.type = "button";
  again.className = "button button-small";
  again.textContent = "Prove again for this wallet";
  again.addEventListener("click", async () => {
    again.disabled = true;
    const response = await fetch(`/api/v1/feed/proofs?k=${encodeURIComponent(button.dataset.k)}`
      + `&publisher=${encodeURIComponent(address)}`,
    { method: "POST", headers: csrfHeaders(), credentials: "same-origin" });
    const body = await response.json().catch(() => ({}));
    if (!response.ok || !body.id) {
      show(status, body.error || "Could not start a new proof. Please try again.", "error");
      return;
    }
    window.location.assign(`/proofs/${encodeURIComponent(body.id)}`);
  });
  status.append(again);
  button.disabled = false;
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** The address of a wallet the viewer already connected to this site, without asking; or "". */
async function connectedAddress() {
  const wallets = await discoverWallets();
  if (wallets.length === 0) {
    return "";
  }
  try {
    const [address] = await wallets[0].provider.request({ method: "eth_accounts", params: [] });
    return address || "";
  } catch {
    return "";
  }
}

// "Prove this feed" (and "Prove again") name the connected wallet as the proof's publisher; htmx
// waits for the lookup (htmx:confirm) and reads the form's fields after it.
document.addEventListener("htmx:confirm", (event) => {
  const form = event.detail.elt;
  if (!(form instanceof HTMLFormElement) || form.getAttribute("action") !== "/for-you/proofs") {
    return;
  }
  event.preventDefault();
  connectedAddress().then((address) => {
    let field = form.querySelector("input[name=publisher]");
    if (!field) {
      field = Object.assign(document.createElement("input"), { type: "hidden", name: "publisher" });
      form.append(field);
    }
    field.value = address;
    event.detail.issueRequest(true);
  });
});

const REGISTRATION_POLL_MS = 3000;
const REGISTRATION_POLLS = 200;

/** The proof's standing on the chain: {registered, recorded}, or null when unknown. */
async function chainState(button) {
  const response = await fetch(`/proofs/${encodeURIComponent(button.dataset.proof)}/chain-state`,
    { credentials: "same-origin", headers: { Accept: "application/json" } });
  return response.ok ? response.json() : null;
}

function showRecorded(button, status) {
  button.disabled = true;
  button.textContent = "Already published";
  show(status, "This feed is already recorded on the ledger. ", "ok");
  const ledger = document.createElement("a");
  ledger.href = "/ledger";
  ledger.textContent = "See it on the ledger";
  status.append(ledger, ".");
}

/**
 * Before any wallet round-trip: says "already recorded" at once, and while the model snapshot
 * is still being registered on the chain (a transaction sent now would revert) keeps the button
 * disabled and says so, polling until it is registered. True when publishing may go ahead.
 */
async function readyToPublish(button, status) {
  for (let poll = 0; poll < REGISTRATION_POLLS; poll++) {
    const state = await chainState(button).catch(() => null);
    if (!state) {
      return true; // unknown: let the wallet and the ledger have the last word
    }
    if (state.recorded) {
      showRecorded(button, status);
      return false;
    }
    if (state.registered) {
      return true;
    }
    button.disabled = true;
    show(status, "Registering the model on the chain… Publishing opens as soon as it is done.", "pending");
    await new Promise((resolve) => setTimeout(resolve, REGISTRATION_POLL_MS));
  }
  show(status, "The model is still not registered on the chain. Try again later.", "error");
  return false;
}

/** Checks each Publish button once, as soon as it appears (page load or a streamed result). */
async function prepare(button) {
  button.dataset.prepared = "true";
  const status = document.getElementById("publish-status");
  if (await readyToPublish(button, status)) {
    if (status.classList.contains("pending")) {
      show(status, "The model is registered on the chain. You can publish now.");
    }
    button.disabled = false;
  }
}

function prepareAll() {
  document.querySelectorAll("#publish-button:not([data-prepared])").forEach(prepare);
}
new MutationObserver(prepareAll).observe(document.body, { childList: true, subtree: true });
prepareAll();

document.addEventListener("click", (event) => {
  const button = event.target.closest("#publish-button");
  if (button && !button.disabled) {
    publish(button);
  }
});
