/* Cybersquad live chat: help conversations and rooms.

   Every message gets a client id before it is sent. Until the server acknowledges it, it
   stays in the outbox and is sent again (same id) after a reconnect; the server stores it
   once. Every published message has a sequence number in its conversation or room (1, 2,
   3...; a number is never broadcast before every smaller one is stored). The client keeps
   the number up to which it has everything: on reconnect it asks for what came after it,
   and a message that skips numbers (n+2 without n+1: broadcasts overtook each other, or one
   was lost) makes it ask for a replay at once.

   Messages are rendered by the server only: a "message" frame carries its `element`, the
   same <li> the page's history shows (chat/includes/_message.html), and it is inserted as it
   is. Words shown here come whole from the page (data-text-* attributes, templates).

   Other modules can follow the chat without changing this one: every frame is re-dispatched
   on the [data-chat] element as a "chat:frame" event (detail: the frame), after it was
   handled. */

import { openSocket } from "./socket.js";

const chat = document.querySelector("[data-chat]");

const REPLAY_AGAIN_MS = 1000;
const TYPING_SHOWN_MS = 5000;
const TYPING_EVERY_MS = 3000;

function start() {
  const lang = document.documentElement.lang || "fr";
  const log = chat.querySelector("[data-chat-log]");
  const form = chat.querySelector("[data-chat-form]");
  const input = form ? form.querySelector("textarea") : null;
  const errorBox = chat.querySelector("[data-chat-error]");
  const connection = chat.querySelector("[data-chat-connection]");
  const announcer = chat.querySelector("[data-chat-announce]");
  const typingBox = chat.querySelector("[data-chat-typing]");
  const pendingTemplate = chat.querySelector("template[data-chat-pending]");
  const viewer = chat.dataset.viewer;
  const typingEnabled = chat.dataset.typing === "on";
  /* Everything up to `cursor` is on screen (or was not published); `ahead` holds the numbers
     received beyond it. */
  let cursor = 0;
  let ahead = {};
  let replaying = false;
  log.querySelectorAll("li[data-seq]").forEach((li) => {
    cursor = Math.max(cursor, parseInt(li.dataset.seq, 10) || 0);
  });
  let outbox = [];
  let lastTypingSent = 0;
  let typingTimer = null;
  let resend = null;
  let socket = null;

  const text = (name) => chat.getAttribute(`data-${name}`) || "";

  function setConnection(message) {
    connection.textContent = message;
    chat.dataset.connection = message === text("text-online") ? "online" : "offline";
  }

  function newClientId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
  }

  function timeLabel(iso) {
    return new Date(iso).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
  }

  /* The server's <li> for a message, as a node. */
  function elementOf(message) {
    if (typeof message.element !== "string") { return null; }
    const holder = document.createElement("template");
    /* Rendered and escaped by the server, from the template of the page's own history. */
    holder.innerHTML = message.element;
    return holder.content.firstElementChild;
  }

  function pendingSelector(clientId) {
    return `li[data-pending][data-client-id="${CSS.escape(clientId)}"]`;
  }

  function removeEmpty() {
    const empty = log.querySelector("[data-chat-empty]");
    if (empty) { empty.remove(); }
  }

  function insertInOrder(li, message) {
    /* In the order of publication (a held message let through later comes after what was
       published before it); by id for what has no number. */
    const items = log.querySelectorAll("li[data-id]");
    for (let i = items.length - 1; i >= 0; i -= 1) {
      const seq = parseInt(items[i].dataset.seq, 10);
      const before = seq && message.seq ? seq < message.seq :
        parseInt(items[i].dataset.id, 10) < message.id;
      if (before) { items[i].after(li); return; }
    }
    log.insertBefore(li, log.querySelector("li[data-id]"));
  }

  function askReplay() {
    if (replaying) { return; }
    replaying = socket.send({ type: "replay", after_seq: cursor });
  }

  function advance() {
    while (ahead[cursor + 1]) { delete ahead[cursor + 1]; cursor += 1; }
    Object.keys(ahead).forEach((n) => { if (Number(n) <= cursor) { delete ahead[n]; } });
    return Object.keys(ahead).length > 0;
  }

  function received(seq) {
    if (!seq || seq <= cursor) { return; }
    ahead[seq] = true;
    /* A gap: one before it has not arrived. Ask for it now rather than wait. */
    if (advance()) { askReplay(); }
  }

  /* The list shows its newest message: it scrolls itself, never the page. */
  function keepAtNewest() { log.scrollTop = log.scrollHeight; }

  function showMessage(message) {
    removeEmpty();
    received(message.seq);
    const shown = log.querySelector(`li[data-id="${message.id}"]`);
    if (shown && !shown.hasAttribute("data-local")) {
      /* A hidden message shown again is published anew, with a new number. */
      if (message.seq) { shown.dataset.seq = String(message.seq); }
      return;
    }
    const item = elementOf(message);
    if (!item) { return; }
    /* One's own message, shown while it was being sent, becomes the server's. */
    const local = shown || (message.mine ? log.querySelector(pendingSelector(message.client_id)) : null);
    if (local) { local.remove(); }
    insertInOrder(item, message);
    if (!message.mine) {
      const author = item.querySelector(".chat-author");
      const body = item.querySelector(".chat-body");
      announcer.textContent = text("text-new")
        .replace("%(who)s", author ? author.textContent : "")
        .replace("%(text)s", body ? body.textContent : "");
      if (typingBox) { typingBox.textContent = ""; }
    }
    keepAtNewest();
  }

  function pendingItem(entry) {
    removeEmpty();
    const li = pendingTemplate.content.firstElementChild.cloneNode(true);
    li.dataset.clientId = entry.clientId;
    li.querySelector(".chat-body").textContent = entry.body;
    log.appendChild(li);
    keepAtNewest();
    return li;
  }

  function setPendingState(clientId, message) {
    const li = log.querySelector(pendingSelector(clientId));
    if (li) { li.querySelector(".chat-state").textContent = message; }
  }

  function flush() {
    outbox.forEach((entry) => {
      socket.send({ type: "send", client_id: entry.clientId, body: entry.body });
    });
  }

  function retryLater(ms) {
    /* One timer for the whole outbox, however many messages were refused. */
    if (resend) { return; }
    resend = window.setTimeout(() => { resend = null; flush(); }, ms);
  }

  function dropFromOutbox(clientId) {
    outbox = outbox.filter((entry) => entry.clientId !== clientId);
  }

  function enableForm(enabled) {
    if (!form) { return; }
    Array.from(form.elements).forEach((el) => { el.disabled = !enabled; });
  }

  function refreshFragment(container, announce) {
    if (!container) { return; }
    fetch(container.dataset.fragment, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : null))
      .then((html) => {
        if (html === null) { return; }
        container.innerHTML = html;
        const state = container.querySelector("[data-can-write]");
        if (state && state.dataset.canWrite === "no") { enableForm(false); }
        if (announce) {
          const status = document.querySelector("[data-live-status]");
          if (status) { status.textContent = container.dataset.announce; }
        }
      });
  }

  function acknowledged(data) {
    dropFromOutbox(data.client_id);
    if (data.status !== "visible") { return; }
    const li = log.querySelector(pendingSelector(data.client_id));
    if (!li) { return; }
    if (log.querySelector(`li[data-id="${data.id}"]`)) { li.remove(); return; }
    /* Stored; the server's own element replaces it when the message frame arrives. */
    li.removeAttribute("data-pending");
    li.classList.remove("pending");
    li.dataset.id = String(data.id);
    li.querySelector(".chat-state").textContent = timeLabel(new Date().toISOString());
  }

  function held(data) {
    /* A disclosure went to the counsellors: say so, and where to follow it. */
    const heldText = text(
      data.help_url ? "text-escalated" : data.help_line ? "text-help-line" : "text-held"
    );
    setPendingState(data.client_id, heldText);
    const li = log.querySelector(pendingSelector(data.client_id));
    if (li) {
      li.removeAttribute("data-pending");
      li.removeAttribute("data-local");
      li.classList.add("status-held");
      if (data.help_url && data.help_url.charAt(0) === "/") {
        const follow = document.createElement("a");
        follow.href = data.help_url;
        follow.textContent = text("label-follow");
        li.appendChild(follow);
      }
    }
    announcer.textContent = heldText;
  }

  function refused(data) {
    if (data.client_id && (data.code === "unavailable" || data.code === "rate_limited")) {
      /* Not stored: it stays in the outbox and goes again, with the same id, shortly. */
      setPendingState(data.client_id, text("text-not-sent"));
      if (data.code === "rate_limited") { errorBox.textContent = data.message; }
      retryLater(data.code === "rate_limited" ? 10000 : 3000);
      return;
    }
    if (data.client_id) {
      /* Refused for good (too long, closed…): nothing typed is lost, it goes back into
         the message box so the young person can change it or copy it. */
      const failed = outbox.find((entry) => entry.clientId === data.client_id);
      dropFromOutbox(data.client_id);
      const item = log.querySelector(pendingSelector(data.client_id));
      if (item) { item.remove(); }
      if (failed && input) {
        input.value = input.value ? `${failed.body}\n${input.value}` : failed.body;
      }
    }
    errorBox.textContent = data.message;
  }

  function handle(data) {
    if (data.type === "message") {
      showMessage(data);
    } else if (data.type === "ack") {
      acknowledged(data);
    } else if (data.type === "held") {
      held(data);
    } else if (data.type === "hidden") {
      const gone = log.querySelector(`li[data-id="${data.id}"]`);
      if (gone) { gone.remove(); announcer.textContent = text("text-hidden"); }
    } else if (data.type === "typing") {
      if (!typingBox) { return; }
      typingBox.textContent = text(data.role === "counsellor" ? "text-typing-counsellor" : "text-typing-young");
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(() => { typingBox.textContent = ""; }, TYPING_SHOWN_MS);
    } else if (data.type === "status" || data.type === "queue") {
      refreshFragment(document.querySelector("[data-chat-status]"), false);
    } else if (data.type === "room_state") {
      const box = document.querySelector("[data-room-state] p");
      if (box) { box.textContent = box.parentNode.getAttribute(data.open ? "data-text-open" : "data-text-closed"); }
      if (viewer === "member") { enableForm(data.open); }
    } else if (data.type === "held_changed") {
      refreshFragment(document.querySelector("[data-held]"), true);
    } else if (data.type === "error") {
      refused(data);
    } else if (data.type === "synced") {
      /* Everything up to last_seq has been sent (or is not published). */
      replaying = false;
      if (data.last_seq > cursor) { cursor = data.last_seq; }
      if (advance()) { window.setTimeout(askReplay, REPLAY_AGAIN_MS); }
    } else if (data.type === "reload") {
      setConnection(text("text-reload"));
    }
  }

  function send() {
    const body = input.value.trim();
    if (!body || socket.isEnded()) { return; }
    errorBox.textContent = "";
    const entry = { clientId: newClientId(), body };
    outbox.push(entry);
    pendingItem(entry);
    input.value = "";
    if (!socket.send({ type: "send", client_id: entry.clientId, body })) {
      setPendingState(entry.clientId, text("text-not-sent"));
    }
  }

  socket = openSocket(() => {
    replaying = true; /* the server replays on connect and says "synced" */
    return `${chat.dataset.socket}?after_seq=${cursor}&lang=${encodeURIComponent(lang)}`;
  }, {
    onOpen() {
      setConnection(text("text-online"));
      chat.dataset.live = "open";
      flush();
    },
    onFrame(data) {
      handle(data);
      chat.dispatchEvent(new CustomEvent("chat:frame", { detail: data }));
    },
    onLost() {
      chat.dataset.live = "closed";
      setConnection(text("text-offline"));
    },
    /* Signed out, no longer allowed, or gone: trying again would not help. */
    onEnd(code, why) {
      chat.dataset.live = "closed";
      setConnection(text(`text-${why}`) || text("text-ended"));
      errorBox.textContent = text(`text-${why}`);
      enableForm(false);
    },
  });

  keepAtNewest();
  /* A phone's on-screen keyboard shrinks the visible part of the page: the message box is
     brought back above it, and the list stays at its newest message. */
  if (form && window.visualViewport) {
    window.visualViewport.addEventListener("resize", () => {
      if (document.activeElement !== input) { return; }
      keepAtNewest();
      form.scrollIntoView({ block: "end" });
    });
  }

  if (form) {
    form.addEventListener("submit", (event) => { event.preventDefault(); send(); });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        send();
      }
    });
    input.addEventListener("input", () => {
      const now = Date.now();
      if (!typingEnabled || now - lastTypingSent < TYPING_EVERY_MS) { return; }
      if (socket.send({ type: "typing" })) { lastTypingSent = now; }
    });
  }

  document.addEventListener("click", (event) => {
    const canned = event.target.closest("[data-canned]");
    if (canned && input) {
      input.value = canned.dataset.canned;
      input.focus();
      return;
    }
    const hide = event.target.closest("[data-hide]");
    if (hide) { socket.send({ type: "hide", id: parseInt(hide.dataset.hide, 10) }); }
  });

  window.addEventListener("offline", () => setConnection(text("text-offline")));
  /* Back online: a socket that survived the blip is connected again (a lost one is replaced
     at once by socket.js). */
  window.addEventListener("online", () => {
    if (socket.isOpen()) { setConnection(text("text-online")); }
  });
}

if (chat && "WebSocket" in window) { start(); }
