/* Cybersquad live chat: help conversations and rooms.

   Every message gets a client id before it is sent. Until the server acknowledges it, it
   stays in the outbox and is sent again (same id) after a reconnect; the server stores it
   once. On reconnect the client asks for what came after the last id it saw. */
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
  var lastId = parseInt(chat.getAttribute("data-last-id"), 10) || 0;
  /* Broadcasts from two processes can arrive out of order by a few milliseconds, so the
     cursor sent on reconnect is the newest id received more than five seconds ago: a
     message that was overtaken just before the connection dropped is replayed too (and
     anything already on screen is skipped by its id). */
  var stableId = lastId;
  var recent = [];
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

  function insertInOrder(li, id) {
    var items = log.querySelectorAll("li[data-id]");
    for (var i = items.length - 1; i >= 0; i -= 1) {
      var other = parseInt(items[i].getAttribute("data-id"), 10);
      if (other && other < id) { items[i].after(li); return; }
    }
    log.insertBefore(li, log.querySelector("li[data-id]"));
  }

  /* The list shows its newest message: it scrolls itself, never the page. */
  function keepAtNewest() { log.scrollTop = log.scrollHeight; }

  function showMessage(message) {
    removeEmpty();
    if (message.id > lastId) { lastId = message.id; }
    recent.push([message.id, Date.now()]);
    if (log.querySelector('li[data-id="' + message.id + '"]')) { return; }
    var item = buildItem(message);
    var pending = message.mine ? log.querySelector('li[data-pending][data-client-id="' + message.client_id + '"]') : null;
    if (pending) { pending.remove(); }
    insertInOrder(item, message.id);
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
    } else if (data.type === "reload") {
      setConnection(text("text-reload"));
    }
  }

  function replayCursor() {
    var settled = Date.now() - 5000;
    recent = recent.filter(function (entry) {
      if (entry[1] < settled) { stableId = Math.max(stableId, entry[0]); return false; }
      return true;
    });
    return recent.length ? stableId : lastId;
  }

  function connect() {
    window.clearTimeout(retry);
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var url = scheme + window.location.host + chat.getAttribute("data-socket") +
      "?after=" + replayCursor() + "&lang=" + encodeURIComponent(lang);
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
      if (event.code === 4401 || event.code === 4403 || event.code === 4404) {
        ended = true;
        setConnection(text("text-ended"));
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
