/* Cybersquad: quick exit, and live notification counts. No third-party code. */
(function () {
  "use strict";

  var exitUrl = document.body.getAttribute("data-quick-exit");

  function quickExit(event) {
    if (event) { event.preventDefault(); }
    document.title = "";
    document.body.innerHTML = "";
    /* replace(): the page we leave does not stay in the back-button history. */
    window.location.replace(exitUrl);
  }

  var button = document.getElementById("quick-exit");
  if (button) { button.addEventListener("click", quickExit); }

  /* Shift pressed three times within two seconds leaves at once, from anywhere. */
  var shiftTimes = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { shiftTimes = []; return; }
    var now = Date.now();
    shiftTimes = shiftTimes.filter(function (t) { return now - t < 2000; });
    shiftTimes.push(now);
    if (shiftTimes.length >= 3) { quickExit(); }
  });

  /* Live unread-notification count: a number only, never the content. */
  var socketPath = document.body.getAttribute("data-notifications-socket");
  var badge = document.getElementById("unread-count");
  if (socketPath && badge && "WebSocket" in window) {
    var delay = 1000;
    var connect = function () {
      var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
      var socket = new WebSocket(scheme + window.location.host + socketPath);
      socket.addEventListener("open", function () { delay = 1000; });
      socket.addEventListener("message", function (message) {
        var data;
        try { data = JSON.parse(message.data); } catch (e) { return; }
        if (data.type === "unread") {
          badge.textContent = data.count > 0 ? String(data.count) : "";
        }
      });
      socket.addEventListener("close", function (event) {
        if (event.code === 4401) { return; }
        delay = Math.min(delay * 2, 30000);
        window.setTimeout(connect, delay);
      });
    };
    connect();
  }

  /* Live lists for staff (moderation queue, counsellors' cases): the socket only says that
     something changed; the list itself is fetched again like any page. */
  function liveList(container) {
    var status = document.querySelector("[data-live-status]");
    var delay = 1000;
    var refresh = function (announce) {
      fetch(container.getAttribute("data-fragment"), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null) { return; }
          container.innerHTML = html;
          if (announce && status) { status.textContent = container.getAttribute("data-announce"); }
        });
    };
    var connect = function () {
      var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
      var socket = new WebSocket(scheme + window.location.host + container.getAttribute("data-socket"));
      socket.addEventListener("open", function () {
        /* Whatever happened while the socket was not open is fetched now. */
        refresh(false);
        if (status) { status.textContent = ""; }
        container.setAttribute("data-live", "open");
        delay = 1000;
      });
      socket.addEventListener("message", function () { refresh(true); });
      socket.addEventListener("close", function (event) {
        container.setAttribute("data-live", "closed");
        if (event.code === 4403 || event.code === 4401) { return; }
        if (status) { status.textContent = container.getAttribute("data-offline"); }
        delay = Math.min(delay * 2, 30000);
        window.setTimeout(connect, delay);
      });
    };
    connect();
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-live-list]"), liveList);
}());
