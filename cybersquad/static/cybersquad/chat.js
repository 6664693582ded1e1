/* Cybersquad live chat: help conversations and rooms.

   Every message gets a client id before it is sent. Until the server acknowledges it, it
   stays in the outbox and is sent again (same id) after a reconnect; the server stores it
   once. Every published message has a sequence number in its conversation or room (1, 2,
   3...; a number is never broadcast before every smaller one is stored). The client keeps
   the number up to which it has everything: on reconnect it asks for what came after it,
   and a message that skips numbers (n+2 without n+1: broadcasts overtook each other, or one
   was lost) makes it ask for a replay at once. */
(function () {
  "use strict";

  var chat = document.querySelector("[data-chat]");
  if (!chat || !("WebSocket" in window)) { return; }

  var lang = document.documentElement.lang || "fr";
  var log = chat.querySelector("[data-chat-log]");
  var form = chat.querySelector("[data-chat-form]");
  var input = form ? form.querySelector("textarea") : null;
  var errorBox = chat.querySelector("[data-chat-error]");
  var connection = chat.querySelector("[data-chat-connection]");
  var announcer = chat.querySelector("[data-chat-announce]");
  var typingBox = chat.querySelector("[data-chat-typing]");
  var viewer = chat.getAttribute("data-viewer");
  var typingEnabled = chat.getAttribute("data-typing") === "on";
  /* Everything up to `cursor` is on screen (or was not published); `ahead` holds the numbers
     received beyond it. */
  var cursor = 0;
  var ahead = {};
  var replaying = false;
  Array.prototype.forEach.call(log.querySelectorAll("li[data-seq]"), function (li) {
    cursor = Math.max(cursor, parseInt(li.getAttribute("data-seq"), 10) || 0);
  });
  var outbox = [];
  var socket = null;
  var delay = 1000;
  var retry = null;
  var ended = false;
  var lastTypingSent = 0;
  var typingTimer = null;

  function text(name) { return chat.getAttribute("data-" + name) || ""; }

  function setConnection(message) {
    connection.textContent = message;
    chat.setAttribute("data-connection", message === text("text-online") ? "online" : "offline");
  }

  function newClientId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return "c" + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }

  function authorLabel(message) {
    if (message.mine) { return text("label-you"); }
    if (message.role === "young") {
      return viewer === "counsellor" ? (message.author || text("label-young")) : text("label-young");
    }
    if (message.role === "counsellor") { return message.author + ", " + text("label-counsellor"); }
    if (message.role === "moderator") { return message.author + ", " + text("label-moderator"); }
    return message.author;
  }

  function timeLabel(iso) {
    var when = new Date(iso);
    return when.toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
  }

  function actions(message) {
    var p = document.createElement("p");
    p.className = "chat-actions";
    if (viewer === "moderator") {
      var hide = document.createElement("button");
      hide.type = "button";
      hide.className = "link-button";
      hide.setAttribute("data-hide", String(message.id));
      hide.textContent = text("label-hide");
      p.appendChild(hide);
    } else if (viewer === "member" && !message.mine) {
      var report = document.createElement("a");
      report.href = text("report-url").replace(/\/0\/$/, "/" + message.id + "/");
      report.textContent = text("label-report");
      p.appendChild(report);
    } else {
      return null;
    }
    return p;
  }

  function buildItem(message) {
    var li = document.createElement("li");
    li.className = "chat-message role-" + message.role + (message.mine ? " mine" : "");
    li.setAttribute("data-id", String(message.id));
    if (message.seq) { li.setAttribute("data-seq", String(message.seq)); }
    li.setAttribute("data-client-id", message.client_id);
    var meta = document.createElement("p");
    meta.className = "chat-meta";
    var author = document.createElement("span");
    author.className = "chat-author";
    author.textContent = authorLabel(message);
    var time = document.createElement("time");
    time.setAttribute("datetime", message.created_at);
    time.textContent = timeLabel(message.created_at);
    meta.appendChild(author);
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(time);
    var body = document.createElement("div");
    body.className = "chat-body";
    /* Rendered and sanitised by the server's one rendering module. */
    body.innerHTML = message.html;
    li.appendChild(meta);
    li.appendChild(body);
    if (chat.getAttribute("data-viewer") === "moderator" || chat.getAttribute("data-viewer") === "member") {
      var extra = actions(message);
      if (extra) { li.appendChild(extra); }
    }
    return li;
  }

  function removeEmpty() {
    var empty = log.querySelector("[data-chat-empty]");
    if (empty) { empty.remove(); }
  }

  function insertInOrder(li, message) {
    /* In the order of publication (a held message let through later comes after what was
       published before it); by id for what has no number. */
    var items = log.querySelectorAll("li[data-id]");
    for (var i = items.length - 1; i >= 0; i -= 1) {
      var seq = parseInt(items[i].getAttribute("data-seq"), 10);
      var before = seq && message.seq ? seq < message.seq :
        parseInt(items[i].getAttribute("data-id"), 10) < message.id;
      if (before) { items[i].after(li); return; }
    }
    log.insertBefore(li, log.querySelector("li[data-id]"));
  }

  function askReplay() {
    if (replaying || !socket || socket.readyState !== WebSocket.OPEN) { return; }
    replaying = true;
    socket.send(JSON.stringify({ type: "replay", after_seq: cursor }));
  }

  function advance() {
    while (ahead[cursor + 1]) { delete ahead[cursor + 1]; cursor += 1; }
    Object.keys(ahead).forEach(function (n) { if (Number(n) <= cursor) { delete ahead[n]; } });
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
    var shown = log.querySelector('li[data-id="' + message.id + '"]');
    if (shown) {
      /* A hidden message shown again is published anew, with a new number. */
      if (message.seq) { shown.setAttribute("data-seq", String(message.seq)); }
      return;
    }
    var item = buildItem(message);
    var pending = message.mine ? log.querySelector('li[data-pending][data-client-id="' + message.client_id + '"]') : null;
    if (pending) { pending.remove(); }
    insertInOrder(item, message);
    if (!message.mine) {
      var plain = item.querySelector(".chat-body").textContent;
      announcer.textContent = text("text-new").replace("%(who)s", authorLabel(message)).replace("%(text)s", plain);
      if (typingBox) { typingBox.textContent = ""; }
    }
    keepAtNewest();
  }

  function pendingItem(entry) {
    removeEmpty();
    var li = document.createElement("li");
    li.className = "chat-message mine pending";
    li.setAttribute("data-pending", "");
    li.setAttribute("data-client-id", entry.clientId);
    var meta = document.createElement("p");
    meta.className = "chat-meta";
    meta.textContent = text("label-you") + " · ";
    var state = document.createElement("span");
    state.className = "chat-state";
    state.textContent = text("text-sending");
    meta.appendChild(state);
    var body = document.createElement("div");
    body.className = "chat-body";
    body.textContent = entry.body;
    li.appendChild(meta);
    li.appendChild(body);
    log.appendChild(li);
    keepAtNewest();
    return li;
  }

  function setPendingState(clientId, message) {
    var li = log.querySelector('li[data-pending][data-client-id="' + clientId + '"]');
    if (li) { li.querySelector(".chat-state").textContent = message; }
  }

  function flush() {
    if (!socket || socket.readyState !== WebSocket.OPEN) { return; }
    outbox.forEach(function (entry) {
      socket.send(JSON.stringify({ type: "send", client_id: entry.clientId, body: entry.body }));
    });
  }

  var resend = null;
  function retryLater(ms) {
    /* One timer for the whole outbox, however many messages were refused. */
    if (resend) { return; }
    resend = window.setTimeout(function () { resend = null; flush(); }, ms);
  }

  function dropFromOutbox(clientId) {
    outbox = outbox.filter(function (entry) { return entry.clientId !== clientId; });
  }

  function refreshFragment(container, announce) {
    if (!container) { return; }
    fetch(container.getAttribute("data-fragment"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        container.innerHTML = html;
        var state = container.querySelector("[data-can-write]");
        if (state && state.getAttribute("data-can-write") === "no") { disableForm(); }
        if (announce) {
          var status = document.querySelector("[data-live-status]");
          if (status) { status.textContent = container.getAttribute("data-announce"); }
        }
      });
  }

  function disableForm() {
    if (!form) { return; }
    Array.prototype.forEach.call(form.elements, function (el) { el.disabled = true; });
  }

  function enableForm(enabled) {
    if (!form) { return; }
    Array.prototype.forEach.call(form.elements, function (el) { el.disabled = !enabled; });
  }

  function handle(data) {
    if (data.type === "message") {
      showMessage(data);
    } else if (data.type === "ack") {
      dropFromOutbox(data.client_id);
      if (data.status === "visible") {
        var li = log.querySelector('li[data-pending][data-client-id="' + data.client_id + '"]');
        if (li && !log.querySelector('li[data-id="' + data.id + '"]')) {
          li.removeAttribute("data-pending");
          li.classList.remove("pending");
          li.setAttribute("data-id", String(data.id));
          li.querySelector(".chat-state").textContent = timeLabel(new Date().toISOString());
        } else if (li) { li.remove(); }
      }
    } else if (data.type === "held") {
      /* A disclosure went to the counsellors: say so, and where to follow it. */
      var heldText = text(data.help_url ? "text-escalated" : "text-held");
      setPendingState(data.client_id, heldText);
      var held = log.querySelector('li[data-pending][data-client-id="' + data.client_id + '"]');
      if (held) {
        held.removeAttribute("data-pending");
        held.classList.add("status-held");
        if (data.help_url && data.help_url.charAt(0) === "/") {
          var follow = document.createElement("a");
          follow.href = data.help_url;
          follow.textContent = text("label-follow");
          held.appendChild(follow);
        }
      }
      announcer.textContent = heldText;
    } else if (data.type === "hidden") {
      var gone = log.querySelector('li[data-id="' + data.id + '"]');
      if (gone) { gone.remove(); announcer.textContent = text("text-hidden"); }
    } else if (data.type === "typing") {
      if (!typingBox) { return; }
      typingBox.textContent = text(data.role === "counsellor" ? "text-typing-counsellor" : "text-typing-young");
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(function () { typingBox.textContent = ""; }, 5000);
    } else if (data.type === "status" || data.type === "queue") {
      refreshFragment(document.querySelector("[data-chat-status]"), false);
    } else if (data.type === "room_state") {
      var box = document.querySelector("[data-room-state] p");
      if (box) { box.textContent = box.parentNode.getAttribute(data.open ? "data-text-open" : "data-text-closed"); }
      if (viewer === "member") { enableForm(data.open); }
    } else if (data.type === "held_changed") {
      refreshFragment(document.querySelector("[data-held]"), true);
    } else if (data.type === "error") {
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
        var failed = outbox.filter(function (entry) { return entry.clientId === data.client_id; })[0];
        dropFromOutbox(data.client_id);
        var item = log.querySelector('li[data-pending][data-client-id="' + data.client_id + '"]');
        if (item) { item.remove(); }
        if (failed && input) {
          input.value = input.value ? failed.body + "\n" + input.value : failed.body;
        }
      }
      errorBox.textContent = data.message;
    } else if (data.type === "synced") {
      /* Everything up to last_seq has been sent (or is not published). */
      replaying = false;
      if (data.last_seq > cursor) { cursor = data.last_seq; }
      if (advance()) { window.setTimeout(askReplay, 1000); }
    } else if (data.type === "reload") {
      setConnection(text("text-reload"));
    }
  }

  function connect() {
    window.clearTimeout(retry);
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var url = scheme + window.location.host + chat.getAttribute("data-socket") +
      "?after_seq=" + cursor + "&lang=" + encodeURIComponent(lang);
    replaying = true;  /* the server replays on connect and says "synced" */
    socket = new WebSocket(url);
    socket.addEventListener("open", function () {
      delay = 1000;
      setConnection(text("text-online"));
      chat.setAttribute("data-live", "open");
      flush();
    });
    socket.addEventListener("message", function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      handle(data);
    });
    socket.addEventListener("close", function (event) {
      /* A socket given up for a newer one (see "online" below) schedules nothing. */
      if (event.target !== socket) { return; }
      chat.setAttribute("data-live", "closed");
      /* Signed out, no longer allowed, or gone: trying again would not help. */
      var endings = { 4401: "text-signed-out", 4403: "text-no-access", 4404: "text-gone" };
      if (endings[event.code]) {
        ended = true;
        setConnection(text(endings[event.code]) || text("text-ended"));
        errorBox.textContent = text(endings[event.code]);
        disableForm();
        return;
      }
      setConnection(text("text-offline"));
      delay = Math.min(delay * 2, 15000);
      retry = window.setTimeout(connect, delay);
    });
  }

  function send() {
    var body = input.value.trim();
    if (!body || ended) { return; }
    errorBox.textContent = "";
    var entry = { clientId: newClientId(), body: body };
    outbox.push(entry);
    pendingItem(entry);
    input.value = "";
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: "send", client_id: entry.clientId, body: body }));
    } else {
      setPendingState(entry.clientId, text("text-not-sent"));
    }
  }

  keepAtNewest();
  /* A phone's on-screen keyboard shrinks the visible part of the page: the message box is
     brought back above it, and the list stays at its newest message. */
  if (form && window.visualViewport) {
    window.visualViewport.addEventListener("resize", function () {
      if (document.activeElement !== input) { return; }
      keepAtNewest();
      form.scrollIntoView({ block: "end" });
    });
  }

  if (form) {
    form.addEventListener("submit", function (event) { event.preventDefault(); send(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        send();
      }
    });
    input.addEventListener("input", function () {
      var now = Date.now();
      if (!typingEnabled || now - lastTypingSent < 3000) { return; }
      if (socket && socket.readyState === WebSocket.OPEN) {
        lastTypingSent = now;
        socket.send(JSON.stringify({ type: "typing" }));
      }
    });
  }

  document.addEventListener("click", function (event) {
    var canned = event.target.closest("[data-canned]");
    if (canned && input) {
      input.value = canned.getAttribute("data-canned");
      input.focus();
      return;
    }
    var hide = event.target.closest("[data-hide]");
    if (hide && socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: "hide", id: parseInt(hide.getAttribute("data-hide"), 10) }));
    }
  });

  window.addEventListener("offline", function () { setConnection(text("text-offline")); });
  /* Back online: a socket that survived the blip is connected again; a lost one is replaced
     now rather than after the back-off. */
  window.addEventListener("online", function () {
    if (ended || !socket) { return; }
    if (socket.readyState === WebSocket.OPEN) {
      setConnection(text("text-online"));
    } else if (socket.readyState !== WebSocket.CONNECTING) {
      delay = 1000;
      connect();
    }
  });
  connect();
}());
