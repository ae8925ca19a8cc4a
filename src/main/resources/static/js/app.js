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

// Pending states for every action: while an htmx request is in flight its form's buttons show
// a spinner and are marked busy (not disabled, which would drop the focus htmx gives back after
// the swap); a plain form post disables its button once submitted, so a slow network cannot
// send it twice. A page restored from the back/forward cache gets its buttons back.
const submitButtons = (el) => {
  const form = el.closest?.("form");
  return form ? [...form.querySelectorAll("button[type=submit], button:not([type])")] : [];
};
const setPending = (buttons, pending) => {
  buttons.forEach((b) => {
    b.classList.toggle("is-pending", pending);
    if (pending) {
      b.setAttribute("aria-busy", "true");
    } else {
      b.removeAttribute("aria-busy");
    }
  });
};
document.addEventListener("htmx:beforeRequest", (event) => setPending(submitButtons(event.target), true));
document.addEventListener("htmx:afterRequest", (event) => setPending(submitButtons(event.target), false));
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented || form.hasAttribute("hx-post") || form.hasAttribute("hx-get")) {
    return;
  }
  const buttons = submitButtons(form);
  setPending(buttons, true);
  // After this event, so that the button still counts as the form's submitter.
  setTimeout(() => buttons.forEach((b) => (b.disabled = true)), 0);
});
window.addEventListener("pageshow", (event) => {
  if (event.persisted) {
    document.querySelectorAll("button.is-pending").forEach((b) => (b.disabled = false));
    setPending([...document.querySelectorAll("button.is-pending")], false);
  }
});

// Inline validation: a field's problem is said next to it, in words, as it is typed and when a
// submit is refused, instead of a search that silently does not run. A field opts in with an
// element whose id is the field's id + "-error".
const fieldProblem = (field) => {
  const v = field.validity;
  if (v.valid) return "";
  if (v.valueMissing) return "Required.";
  if (v.badInput || v.stepMismatch) return "Enter a whole number.";
  if (v.patternMismatch) return "Use letters, digits, “.”, “_” or “-”, starting with a letter or digit.";
  if (v.rangeUnderflow) return `Enter ${field.min} or more.`;
  if (v.rangeOverflow) return `Enter ${field.max} or less.`;
  if (v.tooShort) {
    const more = field.minLength - field.value.length;
    return `At least ${field.minLength} characters: ${more} more to go.`;
  }
  return field.validationMessage;
};
const showProblem = (field) => {
  const box = field.id && document.getElementById(field.id + "-error");
  if (!box) return;
  const problem = fieldProblem(field);
  box.textContent = problem;
  box.hidden = problem === "";
  field.setAttribute("aria-invalid", problem === "" ? "false" : "true");
};
// A Max followers below Min followers is a problem of the pair, said at Max.
const checkFollowerRange = () => {
  const min = document.getElementById("minFollowers");
  const max = document.getElementById("maxFollowers");
  if (!min || !max) return;
  const lo = min.valueAsNumber;
  const hi = max.valueAsNumber;
  max.setCustomValidity(hi < lo ? `Enter at least the minimum, ${lo}.` : "");
  showProblem(max);
};
document.addEventListener("input", (event) => {
  showProblem(event.target);
  if (event.target.id === "minFollowers" || event.target.id === "maxFollowers") {
    checkFollowerRange();
  }
});
document.addEventListener("invalid", (event) => showProblem(event.target), true);
