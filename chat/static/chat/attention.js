/* Cybersquad: a new message (or, for counsellors, a new waiting chat) is announced in the
   tab's title, "(2) New message · …", while the tab is not looked at, and, if the person
   switched it on, with a short sound. The title is back as it was when they look again.

   It follows the page without changing chat.js: the "chat:frame" events chat.js dispatches
   on [data-chat], and the rows of the live queue ([data-live-list], refreshed by live.js). */

const box = document.querySelector("[data-attention]");
/* Under the "cybersquad:" prefix, so quick exit takes it away with the rest. */
const SOUND_KEY = "cybersquad:sound";

function start() {
  const original = document.title;
  const toggle = box.querySelector("[data-sound-toggle]");
  let unseen = 0;
  let label = "";

  function soundOn() {
    try { return window.localStorage.getItem(SOUND_KEY) === "on"; } catch (e) { return false; }
  }

  function beep() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context || !soundOn()) { return; }
    const audio = new Context();
    const tone = audio.createOscillator();
    const volume = audio.createGain();
    tone.frequency.value = 660;
    volume.gain.setValueAtTime(0.15, audio.currentTime);
    volume.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
    tone.connect(volume).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.4);
    tone.onended = () => audio.close();
  }

  function looking() { return document.visibilityState === "visible" && document.hasFocus(); }

  function announce(kind, count) {
    if (looking()) { return; }
    unseen += count;
    label = box.getAttribute(`data-text-${kind}`) || "";
    document.title = `(${unseen}) ${label} · ${original}`;
    beep();
  }

  function seen() {
    if (!looking()) { return; }
    unseen = 0;
    document.title = original;
  }

  document.addEventListener("visibilitychange", seen);
  window.addEventListener("focus", seen);

  if (toggle) {
    const show = () => toggle.setAttribute("aria-pressed", soundOn() ? "true" : "false");
    toggle.hidden = false;
    show();
    toggle.addEventListener("click", () => {
      try { window.localStorage.setItem(SOUND_KEY, soundOn() ? "off" : "on"); } catch (e) { /* private mode */ }
      show();
      if (soundOn()) { beep(); }
    });
  }

  const chat = document.querySelector("[data-chat]");
  if (chat) {
    chat.addEventListener("chat:frame", (event) => {
      const frame = event.detail || {};
      if (frame.type === "message" && !frame.mine) { announce("message", 1); }
    });
  }

  const queue = document.querySelector("[data-live-list]");
  if (queue) {
    /* Waiting chats (rows of the queue) and one's own conversations waiting for an answer;
       on a case page, the open conversation's own messages come through chat:frame instead. */
    const current = box.getAttribute("data-current");
    const ids = (attribute) => new Set(
      Array.from(queue.querySelectorAll(`[${attribute}]`))
        .map((node) => node.getAttribute(attribute))
        .filter((id) => id !== current),
    );
    /* The list is fetched again as soon as its socket opens (and a case page's only then):
       that first filling is where "new" starts. */
    let known = false;
    let waiting = ids("data-conversation");
    let unanswered = ids("data-needs-answer");
    new MutationObserver(() => {
      const nowWaiting = ids("data-conversation");
      const nowUnanswered = ids("data-needs-answer");
      if (!known) {
        known = true;
        waiting = nowWaiting;
        unanswered = nowUnanswered;
        return;
      }
      const newWaiting = Array.from(nowWaiting).filter((id) => !waiting.has(id)).length;
      const newMessages = Array.from(nowUnanswered).filter((id) => !unanswered.has(id)).length;
      waiting = nowWaiting;
      unanswered = nowUnanswered;
      if (newWaiting) { announce("waiting", newWaiting); }
      if (newMessages) { announce("message", newMessages); }
    }).observe(queue, { childList: true, subtree: true });
  }
}

if (box) { start(); }
