// A test-only EIP-1193 wallet, injected before page scripts by the browser tests (MetaMask
// cannot be installed here). It announces itself through EIP-6963 like a real wallet, signs with
// a private key the test gives it, and forwards everything else to the dev chain's JSON-RPC.
// The page's own scripts do not know it is not MetaMask.
(() => {
  const config = window.__LOCKERISM_TEST_WALLET__;
  if (!config) {
    return;
  }
  let chainId = config.startChainId;
  const knownChains = new Set([config.startChainId]);
  const listeners = {};
  let signer = null;

  function rpcError(code, message) {
    const error = new Error(message);
    error.code = code;
    return error;
  }

  async function forward(method, params) {
    const response = await fetch(config.rpcUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: Date.now(), method, params: params || [] }),
    });
    const body = await response.json();
    if (body.error) {
      const error = rpcError(body.error.code, body.error.message);
      error.data = body.error.data;
      throw error;
    }
    return body.result;
  }

  async function wallet() {
    if (!signer) {
      const { Wallet, JsonRpcProvider } = await import("/static/vendor/ethers.min.js");
      signer = new Wallet(config.privateKey, new JsonRpcProvider(config.rpcUrl));
    }
    return signer;
  }

  function emit(event, value) {
    (listeners[event] || []).forEach((fn) => fn(value));
  }

  const provider = {
    isMetaMask: false,
    async request({ method, params }) {
      // Every request is noted, so a test can tell that a page asked the wallet for nothing.
      (window.__walletRequests = window.__walletRequests || []).push(method);
      switch (method) {
        case "eth_requestAccounts":
          if (config.rejectRequests) {
            throw rpcError(4001, "User rejected the request.");
          }
          return [config.address];
        case "eth_accounts":
          return [config.address];
        case "eth_chainId":
          return chainId;
        case "net_version":
          return String(parseInt(chainId, 16));
        case "wallet_switchEthereumChain": {
          const wanted = params[0].chainId;
          if (!knownChains.has(wanted)) {
            throw rpcError(4902, "Unrecognized chain ID.");
          }
          chainId = wanted;
          emit("chainChanged", chainId);
          return null;
        }
        case "wallet_addEthereumChain":
          knownChains.add(params[0].chainId);
          chainId = params[0].chainId;
          emit("chainChanged", chainId);
          return null;
        case "eth_sendTransaction": {
          if (chainId !== config.chainId) {
            throw rpcError(4901, "The wallet is not on the chain the transaction is for.");
          }
          const tx = params[0];
          try {
            const sent = await (await wallet()).sendTransaction({
              to: tx.to, data: tx.data, value: tx.value || 0, gasLimit: tx.gas || undefined,
            });
            return sent.hash;
          } catch (e) {
            // Report node errors the way a wallet does: an EIP-1193 error with a message.
            const error = rpcError(-32603, e.shortMessage || e.message);
            error.data = e.data || e.info?.error?.data;
            throw error;
          }
        }
        default:
          return forward(method, params);
      }
    },
    on(event, fn) {
      (listeners[event] = listeners[event] || []).push(fn);
    },
    removeListener(event, fn) {
      listeners[event] = (listeners[event] || []).filter((f) => f !== fn);
    },
  };

  const info = {
    uuid: "5b3c1a52-9d1e-4c43-9a55-7f3c1e6d2b10",
    name: "Test Wallet",
    icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 8 8'%3E%3Crect width='8' height='8' fill='%234338ca'/%3E%3C/svg%3E",
    rdns: "dev.lockerism.testwallet",
  };
  const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", {
    detail: Object.freeze({ info, provider }),
  }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
})();
