/* Cybersquad: when the counsellor closes the conversation while the young person has it
   open, the message box goes away and the plain ending (what to do next, the check-in)
   takes its place, as it does on a reload. chat.js refreshes the status panel; this follows
   it without changing chat.js. */

const status = document.querySelector("[data-chat-status]");

function ended() {
  const state = status.querySelector("[data-can-write]");
  if (!state || state.dataset.canWrite !== "no") { return; }
  document.querySelectorAll("[data-chat-form], [data-chat-typing], [data-attention]").forEach((node) => node.remove());
  const heading = status.querySelector("[data-chat-ended] h2");
  if (heading && !heading.hasAttribute("tabindex")) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
}

if (status) {
  new MutationObserver(ended).observe(status, { childList: true, subtree: true });
}
