// Keeps keyboard users in place when htmx replaces the part of the page that held the focus:
// liking from the For-You feed swaps the whole feed (the liked card leaves it), which would
// otherwise drop the focus to the top of the page.
document.addEventListener("htmx:afterSettle", (event) => {
  const feed = document.getElementById("for-you-body");
  if (!feed || !feed.contains(event.target) && event.target !== feed) {
    return;
  }
  if (document.activeElement && document.activeElement !== document.body) {
    return;
  }
  const next = feed.querySelector(".feed-card form button");
  if (next) {
    next.focus({ preventScroll: true });
  }
});

// Copy buttons next to technical values (proof snapshot and commitments).
document.addEventListener("click", async (event) => {
  const button = event.target.closest(".copy-button");
  const source = button && document.getElementById(button.dataset.copy);
  if (!source) {
    return;
  }
  try {
    await navigator.clipboard.writeText(source.textContent.trim());
    button.textContent = "Copied";
    button.classList.add("copied");
  } catch {
    // No clipboard access (e.g. an insecure origin): select the text so it can be copied by hand.
    window.getSelection().selectAllChildren(source);
  }
});

// A like or unlike answers with the "likes-changed" trigger: any proof on the page now describes
// a feed that is no longer the viewer's, so its verdict and Publish button give way to
// "Prove again".
document.body.addEventListener("likes-changed", () => {
  document.querySelectorAll(".proof-job").forEach((job) => {
    job.classList.add("is-stale");
    job.querySelector(".proof-stale")?.removeAttribute("hidden");
  });
});
