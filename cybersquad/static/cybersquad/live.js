/* Cybersquad: the live unread-notification count and the staff's live lists, over the one
   socket client (socket.js). */

import { openSocket } from "./socket.js";

const SLOWEST = 30000;  /* ms: these can wait longer between attempts than a chat */

/* Live unread-notification count: a number only, never the content. */
function unreadCount() {
  const path = document.body.dataset.notificationsSocket;
  const badge = document.getElementById("unread-count");
  if (!path || !badge) { return; }
  openSocket(path, {
    onOpen() { badge.dataset.live = "open"; },
    onLost() { badge.dataset.live = "closed"; },
    onEnd() { badge.dataset.live = "closed"; },
    onFrame(data) {
      if (data.type === "unread") {
        badge.textContent = data.count > 0 ? String(data.count) : "";
      }
    },
  }, { most: SLOWEST });
}

/* Live lists for staff (moderation queue, counsellors' cases): the socket only says that
   something changed; the list itself is fetched again like any page. */
function liveList(container) {
  const status = document.querySelector("[data-live-status]");
  const refresh = (announce) => {
    fetch(container.dataset.fragment, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : null))
      .then((html) => {
        if (html === null) { return; }
        container.innerHTML = html;
        if (announce && status) { status.textContent = container.dataset.announce; }
      });
  };
  openSocket(container.dataset.socket, {
    onOpen() {
      /* Whatever happened while the socket was not open is fetched now. */
      refresh(false);
      if (status) { status.textContent = ""; }
      container.dataset.live = "open";
    },
    onFrame() { refresh(true); },
    onLost() {
      container.dataset.live = "closed";
      if (status) { status.textContent = container.dataset.offline || ""; }
    },
    onEnd() { container.dataset.live = "closed"; },
  }, { most: SLOWEST });
}

if ("WebSocket" in window) {
  unreadCount();
  document.querySelectorAll("[data-live-list]").forEach(liveList);
}
