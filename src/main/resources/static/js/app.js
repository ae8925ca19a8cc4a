// Keeps keyboard users in place when htmx replaces the part of the page that held the focus:
// liking from the For-You feed swaps the whole feed (the liked card leaves it), which would
// otherwise drop the focus to the top of the page. The focus goes to the card that now stands
// where the liked one stood (or, after "Show more", the first new card).
let likedCardIndex = 0;
document.addEventListener("htmx:beforeRequest", (event) => {
  const card = event.target.closest?.(".feed-card");
  if (card) {
    likedCardIndex = [...card.parentElement.children].indexOf(card);
  } else if (event.target.closest?.(".load-more")) {
    // "Show more": on to the first of the new cards.
    likedCardIndex = document.querySelectorAll(".feed-card").length;
  }
});
document.addEventListener("htmx:afterSettle", (event) => {
  const feed = document.getElementById("for-you-body");
  if (!feed || !feed.contains(event.target) && event.target !== feed) {
    return;
  }
  if (document.activeElement && document.activeElement !== document.body) {
    return;
  }
  const buttons = feed.querySelectorAll(".feed-card form button");
  const next = buttons[Math.min(likedCardIndex, buttons.length - 1)];
  if (next) {
    next.focus();
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

// A profile picture that fails to load (gone, blocked, offline) is removed, uncovering the
// initials beneath it. Error events do not bubble, so this listens in the capture phase; pictures
// that failed before this deferred script ran are found by their zero natural width.
const isBroken = (img) => img.complete && img.naturalWidth === 0;
document.querySelectorAll("img.avatar-picture").forEach((img) => isBroken(img) && img.remove());
document.addEventListener(
  "error",
  (event) => {
    const img = event.target;
    if (img instanceof HTMLImageElement && img.classList.contains("avatar-picture")) {
      img.remove();
    }
  },
  true,
);
