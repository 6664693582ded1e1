/* Cybersquad: quick exit, the menu, private pages kept out of the back/forward cache.
   No third-party code. A classic script, not a module: quick exit works in any browser that
   runs scripts at all. Live counts and lists are in live.js. */
(function () {
  "use strict";

  var exitUrl = document.body.getAttribute("data-quick-exit");
  var exitForm = document.getElementById("quick-exit");

  /* Tell the server to end the session (sign out, or forget a visitor's conversations) without
     waiting for its answer: a beacon is delivered even though the page goes away at once. */
  function endSession() {
    if (!exitForm) { return; }
    var body = new URLSearchParams("via=script");
    var sent = false;
    try {
      sent = Boolean(navigator.sendBeacon) && navigator.sendBeacon(exitForm.action, body);
    } catch (e) {
      sent = false;
    }
    if (!sent && window.fetch) {
      fetch(exitForm.action, {
        method: "POST", body: body, keepalive: true, credentials: "same-origin"
      }).catch(function () { return null; });
    }
  }

  /* What reading.js keeps on this device (drafts, topics read) goes too. */
  function forgetThisDevice() {
    try {
      Object.keys(window.localStorage).forEach(function (key) {
        if (key.indexOf("cybersquad:") === 0) { window.localStorage.removeItem(key); }
      });
    } catch (e) {
      return;
    }
  }

  function quickExit(event) {
    if (event) { event.preventDefault(); }
    forgetThisDevice();
    endSession();
    document.title = "";
    document.body.innerHTML = "";
    /* replace(): the page we leave does not stay in the back-button history. */
    window.location.replace(exitUrl);
  }

  if (exitForm) { exitForm.addEventListener("submit", quickExit); }

  /* Shift pressed three times within two seconds leaves at once, from anywhere. */
  var shiftTimes = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { shiftTimes = []; return; }
    var now = Date.now();
    shiftTimes = shiftTimes.filter(function (t) { return now - t < 2000; });
    shiftTimes.push(now);
    if (shiftTimes.length >= 3) { quickExit(); }
  });

  /* Keyboard hints only where a keyboard is likely (a mouse or trackpad as the main pointer);
     phones and tablets never see "press Shift". */
  var keyboard = window.matchMedia ? window.matchMedia("(hover: hover) and (pointer: fine)") : null;
  function showKeyboardHints() {
    var show = keyboard !== null && keyboard.matches;
    Array.prototype.forEach.call(document.querySelectorAll("[data-keyboard-hint]"), function (hint) {
      hint.hidden = !show;
    });
    var button = exitForm && exitForm.querySelector("button");
    if (button && show) {
      button.setAttribute("aria-describedby", "quick-exit-hint");
    } else if (button) {
      button.removeAttribute("aria-describedby");
    }
  }
  showKeyboardHints();
  if (keyboard !== null && keyboard.addEventListener) {
    keyboard.addEventListener("change", showKeyboardHints);
  }

  /* Whatever is focused or linked to scrolls into view below the top band, however many lines
     the band takes on this screen (WCAG 2.4.11); the stylesheet's value is the fallback. */
  var topBar = document.querySelector(".top-bar");
  function padBelowBand() {
    if (topBar) {
      document.documentElement.style.scrollPaddingTop = (topBar.offsetHeight + 8) + "px";
    }
  }
  padBelowBand();
  window.addEventListener("resize", padBelowBand);

  /* The menu folds away on narrow screens behind a button that says whether it is open. Without
     this script the menu is simply shown and the button stays hidden. */
  var header = document.querySelector("[data-site-header]");
  var toggle = header && header.querySelector("[data-menu-toggle]");
  if (toggle) {
    var setMenu = function (open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      header.setAttribute("data-menu", open ? "open" : "closed");
    };
    setMenu(false);
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      setMenu(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setMenu(false);
        toggle.focus();
      }
    });
  }

  /* A warning or an error shown after sending a form is brought into view and focused, so that
     a phone's user sees it and a screen reader reads it. */
  var warning = document.querySelector("[data-focus-on-load]");
  if (warning) {
    if (!warning.hasAttribute("tabindex")) { warning.setAttribute("tabindex", "-1"); }
    warning.focus({ preventScroll: true });
    warning.scrollIntoView({ block: "start" });
  }

  /* A private page (signed in, a help conversation, an answer to a form) that the browser
     kept in its back/forward cache is hidden before it is stored and, if it comes back,
     asked from the server again: after a quick exit the server shows nothing private. */
  function privatePage() { return document.body.hasAttribute("data-private"); }
  window.addEventListener("pagehide", function (event) {
    if (event.persisted && privatePage()) { document.body.hidden = true; }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && privatePage()) {
      document.body.hidden = true;
      window.location.reload();
    }
  });
}());
