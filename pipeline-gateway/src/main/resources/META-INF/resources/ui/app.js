// The status page: polls GET /v1/overview (same origin) and draws it; "try it" posts to the V2 inference API.
// Plain JavaScript, no libraries; every value from the server goes into the page as text, never as HTML.
"use strict";

const POLL_MS = 2000;
const SVG = "http://www.w3.org/2000/svg";
const IRIS_REQUEST = {inputs: [{name: "input", shape: [1, 4], datatype: "FP32", data: [5.1, 3.5, 1.4, 0.2]}]};
const SERIES = Array.from({length: 16}, (_, i) => i + 1);
const SAMPLES_REQUEST = {inputs: [
  {name: "INPUT0", shape: [1, 16], datatype: "INT32", data: SERIES},
  {name: "INPUT1", shape: [1, 16], datatype: "INT32", data: SERIES}]};

let token = sessionStorage.getItem("seldon-ui-token") || "";
let overview = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value; else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function headers(extra) {
  const all = Object.assign({Accept: "application/json"}, extra || {});
  if (token) all.Authorization = "Bearer " + token;
  return all;
}

/** The words of a refusal, for a person: 401 and 403 say what to do about the token. */
async function refusal(response) {
  let detail = "";
  try {
    const body = await response.text();
    try { detail = JSON.parse(body).error || body; } catch (notJson) { detail = body; }
  } catch (unreadable) { /* no body */ }
  if (response.status === 401) {
    return "401 Unauthorized: authentication is on and " + (token ? "the token was not accepted" : "no token was given")
      + ". Paste a bearer token above." + (detail ? " Server: " + detail : "");
  }
  if (response.status === 403) {
    return "403 Forbidden: the token is valid but lacks the role this needs." + (detail ? " Server: " + detail : "");
  }
  return response.status + " " + response.statusText + (detail ? ": " + detail : "");
}

/** JSON with one field per line but arrays of numbers on one line, as people write V2 requests. */
function pretty(value) {
  const scalar = "(?:-?[0-9][0-9.eE+-]*|true|false|null)";
  return JSON.stringify(value, null, 2).replace(new RegExp("\\[\\s*(" + scalar + "(?:,\\s*" + scalar + ")*)\\s*\\]", "g"),
    (all, inside) => "[" + inside.split(/,\s*/).join(", ") + "]");
}

function fmt(value, digits, unit) {
  if (value === null || value === undefined || Number.isNaN(value)) return "n/a";
  return Number(value).toFixed(digits) + (unit || "");
}

function percent(value) {
  return value === null || value === undefined ? "n/a" : (value * 100).toFixed(1) + " %";
}

function stateBadge(state) {
  const shown = state || "unknown";
  return el("span", {class: "state state-" + shown.replace(/[^A-Za-z]/g, "")}, shown);
}

/** The live region is only written when what it says changes, so a screen reader is not told every poll. */
function setLive(text, bad) {
  const live = document.getElementById("live-status");
  if (live.textContent !== text) live.textContent = text;
  live.classList.toggle("bad", !!bad);
}

let errorsSeen = null;

async function poll() {
  try {
    const response = await fetch("../v1/overview", {headers: headers(), cache: "no-store"});
    if (!response.ok) {
      setLive("Cannot load the overview: " + await refusal(response), true);
      return;
    }
    overview = await response.json();
    render(overview);
    document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
    const failed = (overview.models || []).filter(m => m.state === "LoadFailed").length;
    const errors = (overview.errors || []).length;
    const news = errorsSeen !== null && errors > errorsSeen ? ", " + (errors - errorsSeen) + " new error records" : "";
    errorsSeen = errors;
    setLive(overview.caughtUp ? "Live: " + (overview.models || []).length + " models (" + failed + " failed to load), "
      + (overview.pipelines || []).length + " pipelines" + news : "The gateway is still reading its topics", false);
  } catch (e) {
    setLive("Cannot reach pipeline-gateway: " + e.message, true);
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

function render(data) {
  renderModels(data.models || []);
  renderPipelines(data.pipelines || []);
  renderErrors(data.errors || []);
  renderCredentials(data.credentials || []);
  updateTargets(data);
}

function replace(id, ...content) {
  const holder = document.getElementById(id);
  holder.replaceChildren(...content);
  holder.setAttribute("aria-busy", "false");
}

function renderModels(models) {
  if (models.length === 0) {
    replace("models", el("p", {class: "muted"}, "No model is declared."));
    return;
  }
  const rows = models.map(m => {
    const t = m.traffic || {};
    const reason = m.state === "LoadFailed" || m.state === "Loading" ? m.stateReason : (m.ready ? null : m.reason);
    return el("tr", {"data-model": m.name, class: m.state === "LoadFailed" ? "failing" : null},
      el("th", {scope: "row"}, m.name),
      el("td", {class: "model-state"}, stateBadge(m.state)),
      el("td", {}, m.version || "—"),
      el("td", {class: "model-verification"}, m.verification || "—"),
      el("td", {}, m.server || "—"),
      el("td", {class: "num"}, fmt(t.requestsPerSecond, 2)),
      el("td", {class: "num"}, fmt(t.p50Ms, 1, " ms")),
      el("td", {class: "num"}, fmt(t.p99Ms, 1, " ms")),
      el("td", {class: "num"}, percent(t.errorRate), t.requests ? el("span", {class: "hint"}, " of " + t.requests) : null),
      typeof m.consumerLag === "number"
        ? el("td", {class: "num model-lag", title: "records on the model's inputs topic not yet read by model-gateway"}, String(m.consumerLag))
        : el("td", {class: "model-lag", title: m.consumerLag || ""}, "n/a"),
      el("td", {class: "reason model-reason"}, reason || ""));
  });
  replace("models", el("table", {},
    el("caption", {class: "hint"}, "State, artifact and checksum from the model status topic; traffic through this gateway since it started (rates over the last seconds)."),
    el("thead", {}, el("tr", {}, ["Model", "State", "Version", "Checksum", "Server", "Req/s", "p50", "p99", "Errors", "Consumer lag", "Reason"]
      .map(h => el("th", {scope: "col"}, h)))),
    el("tbody", {}, rows)));
}

function renderPipelines(pipelines) {
  if (pipelines.length === 0) {
    replace("pipelines", el("p", {class: "muted"}, "No pipeline is declared."));
    return;
  }
  replace("pipelines", ...pipelines.map(renderPipeline));
}

function renderPipeline(p) {
  const t = p.traffic || {};
  const box = el("article", {class: "pipeline", "data-pipeline": p.name, "aria-labelledby": "pipeline-" + p.name},
    el("h3", {id: "pipeline-" + p.name}, p.name, " ", stateBadge(p.state || (p.ready ? "Ready" : "NotReady")),
      el("span", {class: "hint"}, "  requests " + (t.requests || 0) + ", " + fmt(t.requestsPerSecond, 2) + " req/s, p50 "
        + fmt(t.p50Ms, 1, " ms") + ", p99 " + fmt(t.p99Ms, 1, " ms") + ", errors " + percent(t.errorRate))),
    p.ready ? null : el("p", {class: "reason"}, p.stateReason || p.reason || ""));
  if (p.graph) {
    box.append(el("div", {class: "graph"}, drawGraph(p)));
    box.append(stepsTable(p));
  }
  return box;
}

function joinText(node) {
  const parts = [];
  if (node.join) parts.push(node.join + " join");
  if (node.triggers) parts.push("triggers " + node.triggers);
  if ((node.join || node.triggers) && node.joinWindowMs) parts.push(node.joinWindowMs + " ms");
  return parts.join(" · ");
}

/**
 * Records per second on an edge: what its source sends, the source step's records out (a step's outputs go to every
 * step that reads them), or for the pipeline's inputs the requests per second through this gateway; null when unknown.
 */
function edgeRate(p, e) {
  const source = (p.steps || {})[e.from];
  if (source && typeof source.outPerSecond === "number") return source.outPerSecond;
  const node = p.graph.nodes.find(n => n.id === e.from);
  if (node && node.kind === "inputs" && p.traffic && typeof p.traffic.requestsPerSecond === "number") return p.traffic.requestsPerSecond;
  return null;
}

/** Layers by longest path from the sources (cycles cut), one column per layer. */
function layout(graph) {
  const layer = {};
  graph.nodes.forEach(n => { layer[n.id] = n.kind === "external" ? 0 : (n.kind === "inputs" ? 1 : 2); });
  const hasExternal = graph.nodes.some(n => n.kind === "external");
  if (!hasExternal) graph.nodes.forEach(n => { layer[n.id] -= 1; });
  for (let round = 0; round < graph.nodes.length; round++) {
    let moved = false;
    for (const e of graph.edges) {
      if (layer[e.from] === undefined || layer[e.to] === undefined || e.from === e.to) continue;
      if (layer[e.to] <= layer[e.from] && layer[e.to] < graph.nodes.length + 1) { layer[e.to] = layer[e.from] + 1; moved = true; }
    }
    if (!moved) break;
  }
  const output = graph.nodes.find(n => n.kind === "output");
  if (output) layer[output.id] = Math.max(0, ...graph.nodes.filter(n => n.kind !== "output").map(n => layer[n.id])) + 1;
  const columns = {};
  graph.nodes.forEach(n => { (columns[layer[n.id]] = columns[layer[n.id]] || []).push(n.id); });
  return {layer, columns};
}

function drawGraph(p) {
  const graph = p.graph;
  const steps = p.steps || {};
  const W = 190, H = 58, GAP_X = 150, GAP_Y = 40, PAD = 16;
  const {layer, columns} = layout(graph);
  const pos = {};
  const layers = Object.keys(columns).map(Number).sort((a, b) => a - b);
  const tallest = Math.max(...layers.map(l => columns[l].length));
  layers.forEach((l, xi) => {
    const ids = columns[l];
    const offset = (tallest - ids.length) * (H + GAP_Y) / 2;
    ids.forEach((id, yi) => { pos[id] = {x: PAD + xi * (W + GAP_X), y: PAD + offset + yi * (H + GAP_Y)}; });
  });
  const width = PAD * 2 + layers.length * W + (layers.length - 1) * GAP_X;
  const height = PAD * 2 + tallest * H + (tallest - 1) * GAP_Y + 14;
  const description = graph.nodes.filter(n => n.kind === "step").map(n => n.id + (joinText(n) ? " (" + joinText(n) + ")" : "")).join(", ");
  const root = svg("svg", {width, height, viewBox: "0 0 " + width + " " + height, role: "img",
    "aria-label": "Pipeline " + p.name + ": steps " + description});
  root.append(svg("defs", {}, svg("marker", {id: "arrow-" + p.name, viewBox: "0 0 10 10", refX: 10, refY: 5,
    markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse"}, svg("path", {d: "M0,0 L10,5 L0,10 z", fill: "#57606a"}))));
  for (const e of graph.edges) {
    const a = pos[e.from], b = pos[e.to];
    if (!a || !b) continue;
    const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2;
    const back = x2 <= x1;
    const d = back
      ? `M${a.x + W / 2},${a.y + H} C${a.x + W / 2},${a.y + H + 40} ${b.x + W / 2},${b.y + H + 40} ${b.x + W / 2},${b.y + H}`
      : `M${x1},${y1} C${x1 + GAP_X / 2},${y1} ${x2 - GAP_X / 2},${y2} ${x2},${y2}`;
    root.append(svg("path", {class: "edge " + e.kind, d, "marker-end": "url(#arrow-" + p.name + ")"},
      svg("title", {}, e.from + " → " + e.to + (e.kind === "trigger" ? " (trigger)" : "") + (e.label ? ": " + e.label : ""))));
    const lines = (e.kind === "trigger" ? ["trigger"] : []).concat(e.label ? e.label.split(", ") : [])
      .concat(edgeRate(p, e) === null ? [] : [fmt(edgeRate(p, e), 2) + " rec/s"]);
    if (lines.length) {
      const lx = back ? (a.x + b.x + W) / 2 : (x1 + x2) / 2;
      const ly = back ? Math.max(a.y, b.y) + H + 30 : (y1 + y2) / 2 - 6 - (lines.length - 1) * 13;
      const widest = Math.max(...lines.map(line => line.length));
      root.append(svg("rect", {class: "edge-label-bg", x: lx - widest * 3.3, y: ly - 11, width: widest * 6.6, height: lines.length * 13 + 2}));
      root.append(svg("text", {class: "edge-label", x: lx, y: ly, "text-anchor": "middle"},
        lines.map((line, i) => svg("tspan", {x: lx, dy: i === 0 ? 0 : 13}, line))));
    }
  }
  for (const n of graph.nodes) {
    const at = pos[n.id];
    const meters = steps[n.id];
    const failing = meters && meters.failing;
    const io = n.kind !== "step";
    const group = svg("g", {class: "node" + (io ? " io" : "") + (failing ? " failing" : ""), "data-node": n.id,
      transform: `translate(${at.x},${at.y})`});
    group.append(svg("rect", {width: W, height: H, rx: 6}));
    group.append(svg("text", {class: "name", x: 10, y: 19}, (failing ? "⚠ " : "") + (n.kind === "inputs" ? "inputs" : n.kind === "output" ? "output" : n.id)));
    const lines = [];
    if (joinText(n)) lines.push(joinText(n));
    if (meters) lines.push("in " + meters.recordsIn + " · out " + meters.recordsOut + " · err " + meters.errors
      + (meters.joinWaitP50Ms !== null && meters.joinWaitP50Ms !== undefined ? " · p50 " + fmt(meters.joinWaitP50Ms, 0, "ms") : ""));
    lines.slice(0, 2).forEach((line, i) => group.append(svg("text", {class: "detail", x: 10, y: 36 + i * 15}, line)));
    const tip = n.id + (joinText(n) ? " — " + joinText(n) : "") + (meters && meters.lastError ? "\nlast error: " + meters.lastError.message : "");
    group.append(svg("title", {}, tip));
    root.append(group);
  }
  return root;
}

function stepsTable(p) {
  const rows = p.graph.nodes.filter(n => n.kind === "step" || n.kind === "output").map(n => {
    const m = (p.steps || {})[n.id] || {};
    return el("tr", {"data-step": n.id, class: m.failing ? "failing" : null},
      el("th", {scope: "row"}, n.kind === "output" ? "(output)" : n.id, m.failing ? el("span", {class: "reason"}, " failing") : null),
      el("td", {class: "step-join"}, joinText(n) || "—"),
      el("td", {class: "num"}, m.recordsIn ?? 0),
      el("td", {class: "num"}, m.recordsOut ?? 0),
      el("td", {class: "num"}, fmt(m.recordsPerSecond, 2)),
      el("td", {class: "num"}, fmt(m.joinWaitP50Ms, 1, " ms") + " / " + fmt(m.joinWaitP99Ms, 1, " ms")),
      el("td", {class: "num"}, m.errors ?? 0),
      el("td", {class: "reason step-error"}, m.lastError ? m.lastError.message : (m.ready === false ? "its model is not ready" : "")));
  });
  return el("table", {class: "steps"},
    el("caption", {class: "hint"}, "Steps of " + p.name + " in this replica's dataflow: records in and out, join wait p50 / p99, errors, the last error from the errors topic."),
    el("thead", {}, el("tr", {}, ["Step", "Join", "In", "Out", "Records/s", "Join wait p50 / p99", "Errors", "Last error"]
      .map(h => el("th", {scope: "col"}, h)))),
    el("tbody", {}, rows));
}

function renderErrors(errors) {
  if (errors.length === 0) {
    replace("errors", el("p", {class: "muted"}, "No error records seen."));
    return;
  }
  replace("errors", el("ul", {class: "errors"}, errors.map(e => el("li", {},
    el("time", {datetime: e.time}, new Date(e.time).toLocaleTimeString()), " ",
    el("strong", {}, [e.pipeline ? "pipeline " + e.pipeline : null, e.model ? "model " + e.model : null].filter(Boolean).join(", ") || "—"),
    e.requestId ? el("span", {class: "hint"}, " request " + e.requestId) : null,
    el("div", {class: "msg"}, e.message)))));
}

function renderCredentials(events) {
  if (events.length === 0) {
    replace("credentials", el("p", {class: "muted"}, "No credential events seen."));
    return;
  }
  replace("credentials", el("table", {},
    el("thead", {}, el("tr", {}, ["Time", "Secret", "Event", "Resource version", "Fingerprint (sha256, first 12)"].map(h => el("th", {scope: "col"}, h)))),
    el("tbody", {}, events.map(c => el("tr", {},
      el("td", {}, new Date(c.time).toLocaleTimeString()), el("td", {}, c.namespace + "/" + c.name),
      el("td", {}, c.event), el("td", {}, c.resourceVersion || "—"), el("td", {}, c.fingerprint || "—"))))));
}

// ---- try it ----

const targetSelect = document.getElementById("try-target");
const body = document.getElementById("try-body");

function updateTargets(data) {
  const wanted = (data.models || []).map(m => "model:" + m.name).concat((data.pipelines || []).map(p => "pipeline:" + p.name));
  const have = Array.from(targetSelect.options).map(o => o.value);
  if (wanted.join("\n") === have.join("\n")) return;
  const chosen = targetSelect.value;
  const models = el("optgroup", {label: "Models"}, (data.models || []).map(m => el("option", {value: "model:" + m.name}, m.name)));
  const pipelines = el("optgroup", {label: "Pipelines"}, (data.pipelines || []).map(p => el("option", {value: "pipeline:" + p.name}, p.name)));
  targetSelect.replaceChildren(models, pipelines);
  if (wanted.includes(chosen)) targetSelect.value = chosen;
  if (!chosen || !body.value.trim()) fillTemplate();
}

function endpoint(value) {
  const [kind, name] = value.split(/:(.*)/s);
  return "../v2/" + (kind === "pipeline" ? "pipelines/" : "models/") + encodeURIComponent(name) + "/infer";
}

/**
 * pipeline-gateway does not proxy model metadata (it is on the model server), so the editor starts from the
 * request last sent to that target from this browser, else a template: the sample models' INT32 pair for the
 * tfsimple family, the iris request otherwise.
 */
function fillTemplate() {
  const value = targetSelect.value;
  if (!value) return;
  const saved = localStorage.getItem("seldon-ui-request:" + value);
  const name = value.split(/:(.*)/s)[1] || "";
  const template = saved ? JSON.parse(saved) : (/^tfsimple/.test(name) ? SAMPLES_REQUEST : IRIS_REQUEST);
  body.value = pretty(template);
  document.getElementById("try-where").textContent = "POST " + new URL(endpoint(value), location.href).pathname
    + (saved ? " (your last request)" : " (template: edit to match the model's inputs)");
}

targetSelect.addEventListener("change", fillTemplate);
document.getElementById("try-template").addEventListener("click", () => {
  localStorage.removeItem("seldon-ui-request:" + targetSelect.value);
  fillTemplate();
});

document.getElementById("try").addEventListener("submit", async event => {
  event.preventDefault();
  const result = document.getElementById("try-result");
  const value = targetSelect.value;
  if (!value) { result.replaceChildren(el("p", {class: "message bad"}, "Choose a model or pipeline first.")); return; }
  let request;
  try { request = JSON.parse(body.value); } catch (e) {
    result.replaceChildren(el("p", {class: "message bad"}, "The request is not valid JSON: " + e.message));
    body.focus();
    return;
  }
  const send = document.getElementById("try-send");
  send.disabled = true;
  result.replaceChildren(el("p", {class: "muted"}, "Sending…"));
  const started = performance.now();
  try {
    const response = await fetch(endpoint(value), {method: "POST", body: JSON.stringify(request),
      headers: headers({"Content-Type": "application/json"})});
    const elapsed = performance.now() - started;
    const route = response.headers.get("x-seldon-route");
    const requestId = response.headers.get("x-request-id");
    const summary = el("p", {class: "try-summary"},
      el("span", {class: response.ok ? "ok" : "bad"}, "HTTP " + response.status), " in ",
      el("strong", {class: "try-latency"}, elapsed.toFixed(0) + " ms"),
      requestId ? el("span", {class: "hint"}, " · request " + requestId) : null);
    const trail = el("p", {class: "try-route"}, "x-seldon-route: ", el("code", {}, route || "(none)"));
    if (!response.ok) {
      result.replaceChildren(summary, el("p", {class: "message bad"}, await refusal(response)), trail);
      return;
    }
    localStorage.setItem("seldon-ui-request:" + value, JSON.stringify(request));
    const text = await response.text();
    let shown = text;
    try { shown = pretty(JSON.parse(text)); } catch (notJson) { /* shown as it came */ }
    result.replaceChildren(summary, trail, el("pre", {class: "try-answer", tabindex: "0", "aria-label": "Answer"}, shown));
  } catch (e) {
    result.replaceChildren(el("p", {class: "message bad"}, "The request did not reach pipeline-gateway: " + e.message));
  } finally {
    send.disabled = false;
  }
});

// ---- token ----

const tokenInput = document.getElementById("token");
tokenInput.value = token;
document.getElementById("auth").addEventListener("submit", event => {
  event.preventDefault();
  token = tokenInput.value.trim();
  if (token) sessionStorage.setItem("seldon-ui-token", token); else sessionStorage.removeItem("seldon-ui-token");
  setLive(token ? "Token set; reloading…" : "Token cleared; reloading…");
});

poll();
