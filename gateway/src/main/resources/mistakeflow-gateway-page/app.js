// The gateway's page: a student's recommendations, live. Plain browser APIs, no build step.
//
// Flow: a token (from ?token=, kept in sessionStorage, removed from the address bar) names the
// student (its `sub`); the page loads the active recommendations, then opens the event stream.
// Each event updates the cards and is acknowledged (POST /events/{id}/delivered). EventSource
// reconnects by itself and sends Last-Event-ID; when it gives up (the gateway dropped the stream
// or refused it), the page opens a new one with ?last_event_id= after a growing pause.
"use strict";

const TOKEN_KEY = "mistakeflow.token";
const EVENT_TYPES = ["RECOMMENDATION_CREATED", "RECOMMENDATION_UPDATED", "RECOMMENDATION_EXPIRED",
  "RECOMMENDATION_DISMISSED", "PATTERN_CHANGED"];
const MAX_LOGGED_EVENTS = 50;

const state = {
  token: null,
  studentId: null,
  source: null,
  lastEventId: null,
  seen: new Set(),        // event ids handled on this page
  cards: new Map(),       // recommendation id -> card element
  retryMillis: 1000,
  retryTimer: null,
};

const $ = (id) => document.getElementById(id);

function setConnection(stateName, label) {
  const indicator = $("connection");
  indicator.dataset.state = stateName;
  indicator.querySelector(".label").textContent = label;
}

// --- token --------------------------------------------------------------------------------

function claims(token) {
  const part = token.split(".")[1];
  if (!part) throw new Error("not a JWT");
  const json = atob(part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "="));
  return JSON.parse(json);
}

function tokenFromAddress() {
  const url = new URL(window.location.href);
  const token = url.searchParams.get("token");
  if (token) {
    url.searchParams.delete("token");
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  }
  return token;
}

function signIn(token) {
  let payload;
  try {
    payload = claims(token);
  } catch (e) {
    return showSignIn("That is not a token (a JWT has three parts separated by dots).");
  }
  if (!payload.sub) return showSignIn("The token has no sub (student id).");
  if (payload.exp && payload.exp * 1000 <= Date.now()) return showSignIn("The token has expired.");
  state.token = token;
  state.studentId = payload.sub;
  sessionStorage.setItem(TOKEN_KEY, token);
  $("sign-in").hidden = true;
  $("student").hidden = false;
  $("student-id").textContent = state.studentId;
  loadRecommendations().then(connect);
}

function showSignIn(message) {
  closeStream();
  state.token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  $("student").hidden = true;
  $("sign-in").hidden = false;
  const error = $("sign-in-error");
  error.hidden = !message;
  error.textContent = message || "";
  setConnection("signed-out", "signed out");
}

function authorized(method, path) {
  return fetch(path, { method, headers: { Authorization: "Bearer " + state.token } });
}

// --- recommendations ------------------------------------------------------------------------

async function loadRecommendations() {
  try {
    const response = await authorized("GET", `/students/${state.studentId}/recommendations`);
    if (response.status === 401) return showSignIn("The gateway did not accept the token.");
    if (!response.ok) return;
    for (const recommendation of await response.json()) {
      upsertCard(recommendation.id, recommendation, false);
    }
  } catch (e) {
    // offline: the stream's reconnects will tell
  }
}

function priorityClass(priority) {
  return priority >= 8 ? "high" : priority >= 6 ? "medium" : "low";
}

/** A card per recommendation; `fields` is a recommendation row or an event row (same names). */
function upsertCard(recommendationId, fields, highlight) {
  let card = state.cards.get(recommendationId);
  const isNew = !card;
  if (isNew) {
    card = document.createElement("li");
    card.className = "card";
    card.dataset.recommendationId = recommendationId;
    state.cards.set(recommendationId, card);
  }
  card.dataset.priority = fields.priority;
  card.classList.remove("high", "medium", "low");
  card.classList.add(priorityClass(fields.priority));

  const head = document.createElement("div");
  head.className = "card-head";
  const title = document.createElement("h3");
  title.textContent = fields.title || "";
  const priority = document.createElement("span");
  priority.className = "priority";
  priority.textContent = "priority " + fields.priority;
  const dismiss = document.createElement("button");
  dismiss.className = "dismiss";
  dismiss.type = "button";
  dismiss.title = "Dismiss";
  dismiss.setAttribute("aria-label", "Dismiss");
  dismiss.textContent = "×";
  dismiss.addEventListener("click", () => dismissCard(recommendationId));
  head.append(title, priority, dismiss);

  const message = document.createElement("p");
  message.textContent = fields.message || "";

  const actions = document.createElement("div");
  actions.className = "actions";
  for (const item of fields.action_items || []) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "action";
    button.dataset.action = item.action;
    button.textContent = item.label || item.action;
    button.addEventListener("click", () => button.classList.toggle("chosen"));
    actions.append(button);
  }

  // events do not carry the recommendation's type: keep the one its row gave
  if (fields.recommendation_type) card.dataset.type = fields.recommendation_type;
  const meta = document.createElement("p");
  meta.className = "meta";
  meta.textContent = [card.dataset.type, fields.global_topic_uid].filter(Boolean).join(" · ");

  card.replaceChildren(head, message, actions, meta);
  placeByPriority(card);
  if (highlight) {
    card.classList.add("changed");
    setTimeout(() => card.classList.remove("changed"), 1500);
  }
  if (isNew) markShown(recommendationId);
  $("no-cards").hidden = state.cards.size > 0;
}

function placeByPriority(card) {
  const list = $("cards");
  const priority = Number(card.dataset.priority);
  const after = [...list.children].find((other) => other !== card && Number(other.dataset.priority) < priority);
  list.insertBefore(card, after || null);
}

function removeCard(recommendationId) {
  const card = state.cards.get(recommendationId);
  if (card) {
    card.remove();
    state.cards.delete(recommendationId);
  }
  $("no-cards").hidden = state.cards.size > 0;
}

function markShown(recommendationId) {
  authorized("POST", `/recommendations/${recommendationId}/shown`).catch(() => {});
}

function dismissCard(recommendationId) {
  authorized("POST", `/recommendations/${recommendationId}/dismissed`).catch(() => {});
  removeCard(recommendationId);
}

// --- events ---------------------------------------------------------------------------------

function onEvent(message) {
  const event = JSON.parse(message.data);
  state.lastEventId = message.lastEventId || event.id;
  if (state.seen.has(event.id)) {
    return acknowledge(event.id, null);
  }
  state.seen.add(event.id);
  switch (event.event_type) {
    case "RECOMMENDATION_CREATED":
    case "RECOMMENDATION_UPDATED":
      upsertCard(event.recommendation_id, event, true);
      break;
    case "RECOMMENDATION_EXPIRED":
    case "RECOMMENDATION_DISMISSED":
      removeCard(event.recommendation_id);
      break;
  }
  acknowledge(event.id, logEvent(event));
}

function logEvent(event) {
  const item = document.createElement("li");
  item.dataset.eventId = event.id;
  item.dataset.delivered = "false";
  const what = document.createElement("span");
  what.textContent = `${event.event_type.replace("RECOMMENDATION_", "")} · ${event.title || ""}`;
  const ack = document.createElement("span");
  ack.className = "ack";
  ack.textContent = "…";
  item.append(what, ack);
  const list = $("events");
  list.prepend(item);
  while (list.children.length > MAX_LOGGED_EVENTS) list.lastElementChild.remove();
  return item;
}

async function acknowledge(eventId, item) {
  try {
    const response = await authorized("POST", `/events/${eventId}/delivered`);
    if (item && response.ok) {
      item.dataset.delivered = "true";
      item.querySelector(".ack").textContent = "✓";
    }
  } catch (e) {
    // not acknowledged: the event stays undelivered and comes again on the next visit
  }
}

// --- the stream -----------------------------------------------------------------------------

function connect() {
  if (!state.token) return;
  closeStream();
  setConnection("connecting", "connecting…");
  const params = new URLSearchParams({ access_token: state.token });
  if (state.lastEventId) params.set("last_event_id", state.lastEventId);
  const source = new EventSource(`/students/${state.studentId}/events?${params}`);
  state.source = source;
  source.onopen = () => {
    state.retryMillis = 1000;
    setConnection("live", "live");
  };
  for (const type of EVENT_TYPES) source.addEventListener(type, onEvent);
  source.onerror = () => {
    if (source.readyState === EventSource.CONNECTING) {
      setConnection("reconnecting", "reconnecting…");
      return;
    }
    // closed for good: refused (401, 429, 503) or not an event stream; find out which, then retry
    closeStream();
    setConnection("offline", "offline");
    authorized("GET", `/students/${state.studentId}/recommendations`)
      .then((response) => {
        if (response.status === 401) showSignIn("The token is no longer accepted.");
        else scheduleReconnect();
      })
      .catch(scheduleReconnect);
  };
}

function scheduleReconnect() {
  clearTimeout(state.retryTimer);
  state.retryTimer = setTimeout(connect, state.retryMillis);
  state.retryMillis = Math.min(state.retryMillis * 2, 30000);
}

function closeStream() {
  clearTimeout(state.retryTimer);
  if (state.source) {
    state.source.close();
    state.source = null;
  }
}

// --- start ----------------------------------------------------------------------------------

$("sign-in").addEventListener("submit", (submitted) => {
  submitted.preventDefault();
  signIn($("token").value.trim());
});
$("sign-out").addEventListener("click", () => showSignIn(null));

const initial = tokenFromAddress() || sessionStorage.getItem(TOKEN_KEY);
if (initial) signIn(initial); else showSignIn(null);
