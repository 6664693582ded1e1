/* Cybersquad: the one WebSocket client of the site (chat, notifications, staff lists).

   - JSON text frames both ways; a frame that is not JSON is ignored.
   - A lost socket is opened again after a back-off: about 1 s, doubling up to a ceiling (15 s
     by default), each wait drawn at random between half and all of it, so that a hundred pages
     cut off by one restart do not all come back in the same second. Back online (the
     browser's "online" event), a lost socket is opened at once.
   - Close codes 4401 (signed out, session ended), 4403 (not or no longer allowed) and 4404
     (gone) end it: trying again would not help. The page is told and says why.
   - No heartbeat from the browser: the server keeps its groups alive itself
     (cybersquad/sockets.py) and a dead connection reaches the browser as a close. */

export const ENDINGS = Object.freeze({ 4401: "signed-out", 4403: "no-access", 4404: "gone" });

const FIRST_DELAY = 1000;

/* The wait before attempt `attempt` (0, 1, 2...): exponential, capped, with jitter. */
export function backoff(attempt, { first = FIRST_DELAY, most = 15000, random = Math.random } = {}) {
  const ceiling = Math.min(first * 2 ** attempt, most);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

function absolute(path) {
  const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  return scheme + window.location.host + path;
}

/* Open a socket to `path` (a string, or a function called before every attempt, for a query
   that changes, such as the chat's cursor) and keep it open.
   Handlers, all optional:
     onOpen()         the socket is open (the first time and after every reconnect)
     onFrame(data)    a JSON frame arrived
     onLost(event)    the socket closed and another attempt is scheduled
     onEnd(code, why) it closed with 4401, 4403 or 4404 (why: "signed-out", "no-access",
                      "gone"); nothing more is tried
   Returns { send(data) -> bool, isOpen(), isConnecting(), reconnect(), close() }. */
export function openSocket(path, handlers = {}, { most = 15000 } = {}) {
  let socket = null;
  let attempt = 0;
  let timer = null;
  let ended = false;

  const call = (name, ...args) => {
    if (typeof handlers[name] === "function") { handlers[name](...args); }
  };

  function connect() {
    window.clearTimeout(timer);
    timer = null;
    if (ended) { return; }
    const current = new WebSocket(absolute(typeof path === "function" ? path() : path));
    socket = current;
    current.addEventListener("open", () => {
      attempt = 0;
      call("onOpen");
    });
    current.addEventListener("message", (event) => {
      let data;
      try { data = JSON.parse(event.data); } catch (error) { return; }
      call("onFrame", data);
    });
    current.addEventListener("close", (event) => {
      /* A socket given up for a newer one schedules nothing. */
      if (current !== socket) { return; }
      if (ENDINGS[event.code]) {
        ended = true;
        call("onEnd", event.code, ENDINGS[event.code]);
        return;
      }
      if (ended) { return; }
      timer = window.setTimeout(connect, backoff(attempt, { most }));
      attempt += 1;
      call("onLost", event);
    });
  }

  const client = {
    send(data) {
      if (!socket || socket.readyState !== WebSocket.OPEN) { return false; }
      socket.send(JSON.stringify(data));
      return true;
    },
    isOpen() { return Boolean(socket) && socket.readyState === WebSocket.OPEN; },
    isConnecting() { return Boolean(socket) && socket.readyState === WebSocket.CONNECTING; },
    isEnded() { return ended; },
    /* Now, without waiting for the back-off (a lost socket only). */
    reconnect() {
      if (ended || client.isOpen() || client.isConnecting()) { return; }
      attempt = 0;
      connect();
    },
    close() {
      ended = true;
      window.clearTimeout(timer);
      if (socket) { socket.close(); }
    },
  };

  window.addEventListener("online", () => client.reconnect());
  connect();
  return client;
}
