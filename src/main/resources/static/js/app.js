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
