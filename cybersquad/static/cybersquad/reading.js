/* Cybersquad: what this device remembers for the person using it, and nothing is sent anywhere.

   - New questions and new replies: topic lists mark the topics not opened yet on this device
     and those with replies since the last visit; a topic page says where the new replies start.
   - Drafts: what someone is writing in a question, reply or edit is kept until it is posted,
     so a closed tab or a lost connection does not lose it.

   Everything is stored under keys starting with "cybersquad:", per person ("visitor" or the
   account's number), so that two people sharing a phone never see each other's drafts. Quick
   exit and signing out remove it (site.js, and the quick-exit answer's Clear-Site-Data). */

const PREFIX = "cybersquad:";
const reader = document.body.dataset.reader || "visitor";
const READ_KEY = `${PREFIX}read:${reader}`;
const DRAFT_PREFIX = `${PREFIX}draft:${reader}:`;
const MOST_TOPICS = 300;
const DRAFT_DAYS = 7;

function load(key, fallback) {
  try {
    const value = JSON.parse(window.localStorage.getItem(key));
    return value === null ? fallback : value;
  } catch (error) {
    return fallback;
  }
}

function save(key, value) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch (error) {
    /* Storage full or refused (private browsing): the page works the same without it. */
  }
}

function remove(key) {
  try {
    window.localStorage.removeItem(key);
  } catch (error) {
    /* Nothing stored, nothing to remove. */
  }
}

/* Reading: since when this device keeps count (seconds; what was written before that is not
   "new" on a first visit), and per topic the time of the newest post seen. */
function loadSeen() {
  const seen = load(READ_KEY, null);
  if (seen && typeof seen.since === "number" && typeof seen.topics === "object") {
    return seen;
  }
  const fresh = { since: Math.floor(Date.now() / 1000), topics: {} };
  save(READ_KEY, fresh);
  return fresh;
}

function seenUntil(seen, topic) {
  const at = seen.topics[topic];
  return at === undefined ? seen.since : at;
}

function markSeen(seen, topic, lastPost) {
  seen.topics[topic] = Math.max(seenUntil(seen, topic), lastPost);
  const topics = Object.keys(seen.topics);
  if (topics.length > MOST_TOPICS) {
    topics.sort((a, b) => seen.topics[a] - seen.topics[b]);
    topics.slice(0, topics.length - MOST_TOPICS).forEach((old) => delete seen.topics[old]);
  }
  save(READ_KEY, seen);
}

function markLists(seen) {
  document.querySelectorAll("[data-topic-item]").forEach((item) => {
    const id = item.dataset.topicItem;
    const last = Number(item.dataset.lastPost);
    const opened = seen.topics[id] !== undefined;
    const mark = last > seenUntil(seen, id) ? (opened ? "replies" : "new") : "";
    item.querySelectorAll("[data-unread]").forEach((tag) => {
      tag.hidden = tag.dataset.unread !== mark;
    });
  });
}

function markTopic(seen) {
  const topic = document.querySelector("[data-topic-seen]");
  if (!topic) {
    return;
  }
  const id = topic.dataset.topicSeen;
  const last = Number(topic.dataset.lastPost);
  const before = seenUntil(seen, id);
  if (seen.topics[id] !== undefined && last > before) {
    const first = Array.from(document.querySelectorAll("article.post")).find((post) => {
      const time = post.querySelector("time[datetime]");
      return time && Date.parse(time.getAttribute("datetime")) / 1000 > before;
    });
    const notice = document.querySelector("[data-new-since]");
    if (notice) {
      notice.hidden = false;
      const link = notice.querySelector("a");
      if (link && first) {
        link.href = `#${first.id}`;
        link.hidden = false;
      }
    }
    if (first) {
      first.classList.add("post-new");
    }
  }
  markSeen(seen, id, last);
}

/* Drafts, per form (by the address it posts to). */
function draftKey(form) {
  return DRAFT_PREFIX + new URL(form.action, window.location.href).pathname;
}

function draftFields(form) {
  return Array.from(form.querySelectorAll("textarea, input[type=text]")).filter((f) => f.name);
}

function keepDrafts(form) {
  const key = draftKey(form);
  const fields = draftFields(form);
  const draft = load(key, null);
  const fresh = draft && Date.now() - draft.at < DRAFT_DAYS * 86400 * 1000;
  const serverFilled = fields.some((field) => field.value.trim() !== "");
  if (draft && draft.sent && !serverFilled) {
    /* Sent, and the page shows an empty form again: it was posted. */
    remove(key);
  } else if (fresh && !serverFilled) {
    let restored = false;
    fields.forEach((field) => {
      const value = draft.values[field.name];
      if (typeof value === "string" && value !== "") {
        field.value = value;
        restored = true;
      }
    });
    const notice = form.querySelector("[data-draft-restored]");
    if (restored && notice) {
      notice.hidden = false;
    }
  } else if (draft && !fresh) {
    remove(key);
  }
  let timer = null;
  const write = (sent) => {
    const values = {};
    fields.forEach((field) => {
      values[field.name] = field.value;
    });
    if (Object.values(values).every((value) => value.trim() === "")) {
      remove(key);
    } else {
      save(key, { at: Date.now(), sent, values });
    }
  };
  form.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => write(false), 400);
  });
  form.addEventListener("submit", (event) => {
    window.clearTimeout(timer);
    const preview = event.submitter && event.submitter.name === "preview";
    write(!preview);
  });
}

/* Someone else may use this device next: signing out forgets what it kept for this person. */
function forgetOnSignOut() {
  document.querySelectorAll("form[data-sign-out]").forEach((form) => {
    form.addEventListener("submit", () => {
      try {
        Object.keys(window.localStorage)
          .filter((key) => key === READ_KEY || key.startsWith(DRAFT_PREFIX))
          .forEach(remove);
      } catch (error) {
        /* Storage unavailable: nothing was kept. */
      }
    });
  });
}

const seen = loadSeen();
markLists(seen);
markTopic(seen);
document.querySelectorAll("form[data-draft]").forEach(keepDrafts);
forgetOnSignOut();
