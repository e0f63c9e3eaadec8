// casus treaty explorer: plain JavaScript over the /v1 HTTP API, no build step.
// The scenario (query, as_of, assume, retract, interpretation) and the view live in the URL.

const $ = (sel) => document.querySelector(sel);

// ---------------------------------------------------------------- DOM helper

/** Build an element; strings become text nodes, so data is never parsed as HTML. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// ---------------------------------------------------------------- API access

class ApiError extends Error {
  constructor(body, status) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.body = body || {};
    this.status = status;
  }
}

async function api(path, options = {}) {
  const init = { headers: { Accept: "application/json" }, ...options };
  if (options.json !== undefined) {
    init.method = "POST";
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(options.json);
  }
  const response = await fetch(path, init);
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) throw new ApiError(typeof body === "object" ? body : { message: body }, response.status);
  return body;
}

function askBody(scenario, extra = {}) {
  return {
    query: scenario.query,
    as_of: scenario.as_of,
    assume: scenario.assume,
    retract: scenario.retract,
    interpretation: scenario.interpretation,
    explain: "full",
    ...extra,
  };
}

// ---------------------------------------------------------------- URL state

const LIST_PARAMS = ["assume", "retract", "interpretation"];

function readUrl() {
  const params = new URLSearchParams(location.search);
  const state = {
    view: params.get("view") || "ask",
    query: params.get("query") || "",
    as_of: params.get("as_of") || "",
    entity: params.get("entity") || "",
  };
  for (const key of LIST_PARAMS) state[key] = params.getAll(key);
  return state;
}

function urlFor(state) {
  const params = new URLSearchParams();
  if (state.view && state.view !== "ask") params.set("view", state.view);
  if (state.query) params.set("query", state.query);
  if (state.as_of) params.set("as_of", state.as_of);
  for (const key of LIST_PARAMS) for (const value of state[key] || []) params.append(key, value);
  if (state.entity) params.set("entity", state.entity);
  const text = params.toString();
  return text ? `?${text}` : location.pathname;
}

function pushState(state, { replace = false } = {}) {
  const url = urlFor(state);
  if (url === location.search && !replace) return;
  history[replace ? "replaceState" : "pushState"](null, "", url);
}

// ---------------------------------------------------------------- app state

const app = {
  state: readUrl(),
  questions: [],
  entities: [],
  interpretations: [],
  previous: null, // the last answer shown, to highlight what changed
  rules: null,
  sources: new Map(), // source id -> url, for the timelines
  diagramFor: "",
};

function labelOf(id) {
  const entity = app.entities.find((e) => e.id === id);
  return entity ? entity.label || id : id;
}

function ruleHref(id) {
  return urlFor({ ...app.state, view: "rules" }) + `#rule-${id}`;
}

function entityHref(id) {
  return urlFor({ ...app.state, view: "entities", entity: id });
}

// ---------------------------------------------------------------- views

function showView(view) {
  for (const panel of document.querySelectorAll("[data-view-panel]")) {
    panel.hidden = panel.dataset.viewPanel !== view;
  }
  for (const link of document.querySelectorAll("nav [data-view]")) {
    link.href = urlFor({ ...app.state, view: link.dataset.view });
    if (link.dataset.view === view) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (view === "rules") showRules();
  if (view === "entities") showEntities();
}

function navigate(href) {
  history.pushState(null, "", href);
  route();
}

async function route() {
  app.state = readUrl();
  showView(app.state.view);
  if (app.state.view === "ask") {
    fillForm();
    if (app.state.query && app.state.as_of) await runAsk();
  }
}

// ---------------------------------------------------------------- question form

function variableFor(arg) {
  const base = arg.name.replace(/[^A-Za-z0-9_]/g, "");
  return base.charAt(0).toUpperCase() + base.slice(1);
}

function buildArgSelects(question, values = []) {
  const box = $("#question-args");
  box.replaceChildren();
  question.params.forEach((arg, i) => {
    const id = `arg-${i}`;
    const options = app.entities.filter((e) => !arg.kind || e.kind === arg.kind);
    const select = h(
      "select",
      { id, "data-arg": i, onchange: composeQuery },
      h("option", { value: variableFor(arg) }, `any ${arg.name} (variable ${variableFor(arg)})`),
      options.map((e) => h("option", { value: e.id }, `${e.label || e.id} (${e.id})`)),
    );
    const wanted = values[i];
    if (wanted && [...select.options].some((o) => o.value === wanted)) select.value = wanted;
    else if (!wanted && options.length) select.value = options[0].id;
    box.append(h("div", { class: "row" }, h("label", { for: id }, arg.name), select));
  });
}

function composeQuery() {
  const question = app.questions.find((q) => q.name === $("#question").value);
  if (!question) return;
  const args = [...document.querySelectorAll("#question-args select")].map((s) => s.value);
  $("#query").value = `${question.name}(${args.join(", ")})`;
}

/** Split `p(a, B, c)` into its predicate and argument texts (null if it is not that shape). */
function splitQuery(text) {
  const match = /^\s*([a-z][A-Za-z0-9_]*)\s*\((.*)\)\s*\.?\s*$/.exec(text || "");
  if (!match) return null;
  return { pred: match[1], args: match[2].split(",").map((s) => s.trim()) };
}

function fillForm() {
  const parsed = splitQuery(app.state.query);
  const select = $("#question");
  const current = parsed && app.questions.find((q) => q.name === parsed.pred && q.params.length === parsed.args.length);
  if (current) select.value = current.name;
  const question = app.questions.find((q) => q.name === select.value);
  if (question) buildArgSelects(question, current ? parsed.args : []);
  if (app.state.query) $("#query").value = app.state.query;
  else composeQuery();
  $("#as-of").value = app.state.as_of || new Date().toISOString().slice(0, 10);
  renderInterpretationChoices();
}

// ---------------------------------------------------------------- asking

function scenarioKey(s) {
  return JSON.stringify([s.query, s.as_of]);
}

async function submitScenario(changes) {
  app.state = { ...app.state, ...changes, view: "ask" };
  pushState(app.state);
  fillForm();
  await runAsk();
}

let askSeq = 0; // only the latest question's answer is shown when toggles come quickly

async function runAsk() {
  const scenario = { ...app.state };
  const seq = ++askSeq;
  const region = $("#result");
  region.setAttribute("aria-busy", "true");
  try {
    const answer = await api("/v1/ask", { json: askBody(scenario) });
    if (seq !== askSeq) return;
    $("#ask-errors").hidden = true;
    renderAnswer(answer, scenario);
  } catch (err) {
    if (seq !== askSeq) return;
    const hadAnswer = app.previous !== null;
    clearAnswer();
    renderError($("#ask-errors"), err, "Could not answer: ");
    if (hadAnswer) {
      $("#ask-errors").append(h("button", { type: "button", class: "secondary", onclick: () => history.back() }, "Back to the previous scenario"));
    }
  } finally {
    if (seq === askSeq) region.removeAttribute("aria-busy");
  }
}

/** Remove a shown answer so that an error is never read beside a stale verdict. */
function clearAnswer() {
  const verdict = $("#verdict");
  verdict.textContent = "No answer.";
  verdict.dataset.verdict = "";
  verdict.classList.remove("changed");
  $("#verdict-change").hidden = true;
  for (const id of ["#summary", "#meta"]) $(id).textContent = "";
  for (const id of ["#answers", "#fact-toggles", "#suggestions", "#diagram"]) $(id).replaceChildren();
  $("#removed-nodes").hidden = true;
  app.previous = null;
  app.diagramFor = "";
}

function renderError(box, err, lead) {
  const problems = (err.body && err.body.errors) || [];
  box.replaceChildren(
    h("p", {}, h("strong", {}, lead), err.message),
    problems.length
      ? h(
          "ul",
          {},
          problems.map((p) =>
            h(
              "li",
              {},
              p.location ? h("code", {}, formatLocation(p.location), " ") : "",
              p.message,
              p.hints && p.hints.length ? ` (did you mean ${p.hints.join(", ")}?)` : "",
            ),
          ),
        )
      : "",
  );
  box.hidden = false;
}

function formatLocation(loc) {
  const place = [loc.file, loc.line || "", loc.col || ""].filter((x) => x !== "").join(":");
  return loc.field ? `${place} ${loc.field}` : place;
}

// ---------------------------------------------------------------- explanation tree

/** Call onProof for every proof node and onWhyNot for every why-not node of an answer. */
function visitExplanation(answer, onProof, onWhyNot) {
  const proof = (node) => {
    if (!node) return;
    onProof(node);
    (node.premises || []).forEach(proof);
  };
  const whyNot = (w) => {
    if (!w) return;
    onWhyNot(w);
    for (const a of w.attempts || []) {
      (a.held || []).forEach(proof);
      whyNot(a.failed);
      proof(a.counter_proof);
    }
  };
  for (const item of answer.answers || []) proof(item.proof);
  whyNot(answer.why_not);
}

/** Keys of every node in an answer's explanation, to compare two answers. */
function nodeKeys(answer) {
  const keys = new Set();
  visitExplanation(answer, (node) => keys.add(`holds:${node.atom}`), (w) => keys.add(`fails:${w.atom}`));
  return keys;
}

function markAdded(el, key, diff) {
  if (diff && diff.added.has(key)) {
    el.classList.add("added");
    el.querySelector("summary, .line").append(h("span", { class: "badge new" }, "new"));
  }
  return el;
}

function ruleLink(rule) {
  return h(
    "span",
    { class: "rule-ref" },
    h("a", { href: ruleHref(rule.id), class: "rule-id", "data-nav": true }, rule.id),
    " ",
    h("span", { class: "citation" }, rule.citation),
    rule.valid ? h("span", { class: "help" }, ` (${rule.valid})`) : "",
    " ",
    h("span", { class: "location" }, rule.location),
  );
}

function treatyText(ruleId) {
  const box = h("div", { class: "treaty-text" });
  const details = h("details", { class: "article" }, h("summary", {}, "Treaty text"), box);
  details.addEventListener("toggle", async () => {
    if (!details.open || box.childElementCount) return;
    try {
      const rule = await api(`/v1/rules/${encodeURIComponent(ruleId)}`);
      box.append(ruleBody(rule));
    } catch (err) {
      box.append(h("p", { class: "error" }, err.message));
    }
  });
  return details;
}

function sourceView(src, disputed = false) {
  const title = src.url ? h("a", { href: src.url, rel: "noopener", target: "_blank" }, src.title) : src.title;
  return h(
    "li",
    { class: disputed ? "source disputed" : "source" },
    disputed ? h("strong", {}, "Disputed by: ") : "",
    title,
    src.publisher ? `, ${src.publisher}` : "",
    src.date ? `, ${src.date}` : "",
    h("span", { class: "period" }, ` — ${src.period}`),
    src.quote ? h("blockquote", {}, `“${src.quote}”`) : "",
    src.note ? h("p", { class: "note" }, src.note) : "",
    h("span", { class: "location" }, src.location),
  );
}

const MARK = { holds: "✓", fails: "✗" };

function nodeSummary(status, sentence, atom, extra = []) {
  return h(
    "summary",
    {},
    h("span", { class: `mark ${status}`, "aria-hidden": "true" }, MARK[status]),
    h("span", { class: "visually-hidden" }, status === "holds" ? "Holds: " : "Does not hold: "),
    h("span", { class: "sentence" }, sentence),
    " ",
    h("code", { class: "atom" }, atom),
    extra,
  );
}

function renderProof(node, diff, open = true) {
  const kindLabel = { fact: "fact", assumed: "assumed", negation: "negation held", comparison: "comparison", cut: "cut short", rule: "" }[node.kind];
  const details = h(
    "details",
    { class: `node holds kind-${node.kind}`, open: open || null, "data-atom": node.atom },
    nodeSummary("holds", node.sentence, node.atom, kindLabel ? h("span", { class: `badge ${node.kind}` }, kindLabel) : ""),
  );
  const body = h("div", { class: "node-body" });
  if (node.rule) body.append(h("p", { class: "by" }, "by rule ", ruleLink(node.rule)), treatyText(node.rule.id));
  if (node.sources && node.sources.length) body.append(h("ul", { class: "sources" }, node.sources.map((s) => sourceView(s))));
  if (node.disputed && node.disputed.length) body.append(h("ul", { class: "sources" }, node.disputed.map((s) => sourceView(s, true))));
  if (node.kind === "assumed") body.append(h("p", { class: "note" }, "Assumed in this scenario."));
  if (node.note) body.append(h("p", { class: "note" }, node.note));
  if (node.premises && node.premises.length) {
    body.append(h("div", { class: "premises" }, node.premises.map((p) => renderProof(p, diff, open && p.kind === "rule"))));
  }
  details.append(body);
  return markAdded(details, `holds:${node.atom}`, diff);
}

const WHY_KIND = {
  "missing-fact": "No such fact as of the date asked.",
  retracted: "Retracted in this scenario.",
  "no-rule": "No rule derives this.",
  comparison: "The comparison is false.",
  recursive: "Already being explained above (recursive).",
  cut: "Explanation cut short here.",
  "rules-failed": "",
};

function bindingText(binding) {
  const pairs = Object.entries(binding || {});
  return pairs.length ? ` with ${pairs.map(([k, v]) => `${k} = ${v}`).join(", ")}` : "";
}

function renderWhyNot(w, diff) {
  const details = h("details", { class: `node fails kind-${w.kind}`, open: true, "data-atom": w.atom }, nodeSummary("fails", w.sentence, w.atom));
  const body = h("div", { class: "node-body" });
  if (w.note) body.append(h("p", { class: "note" }, w.note));
  else if (WHY_KIND[w.kind]) body.append(h("p", { class: "note" }, WHY_KIND[w.kind]));
  if (w.held_at_other_dates && w.held_at_other_dates.length) {
    body.append(h("p", {}, "Held at other dates:"), h("ul", { class: "sources" }, w.held_at_other_dates.map((s) => sourceView(s))));
  }
  if (w.instead && w.instead.length) {
    body.append(h("p", { class: "instead" }, `Instead: ${w.instead.join("; ")}.`));
  }
  for (const attempt of w.attempts || []) {
    const part = h(
      "div",
      { class: "attempt" },
      h("p", { class: "by" }, "Rule ", ruleLink(attempt.rule), bindingText(attempt.binding)),
      treatyText(attempt.rule.id),
    );
    if (attempt.held && attempt.held.length) {
      part.append(
        h("details", { class: "held" }, h("summary", {}, `${attempt.held.length} premise(s) held`), attempt.held.map((p) => renderProof(p, diff, false))),
      );
    }
    if (attempt.failed_premise) part.append(h("p", { class: "failed-premise" }, "but this failed: ", h("code", {}, attempt.failed_premise)));
    if (attempt.counter_proof) part.append(h("p", {}, "because it holds:"), renderProof(attempt.counter_proof, diff, false));
    if (attempt.failed) part.append(renderWhyNot(attempt.failed, diff));
    if (attempt.note) part.append(h("p", { class: "note" }, attempt.note));
    body.append(part);
  }
  details.append(body);
  return markAdded(details, `fails:${w.atom}`, diff);
}

// ---------------------------------------------------------------- rendering an answer

function renderAnswer(answer, scenario) {
  const prev = app.previous && scenarioKey(app.previous.scenario) === scenarioKey(scenario) ? app.previous.answer : null;
  const diff = prev ? diffAnswers(prev, answer) : null;
  app.state.assume = answer.assume || scenario.assume;
  app.state.retract = answer.retract || scenario.retract;
  pushState(app.state, { replace: true });

  const verdict = $("#verdict");
  verdict.textContent = answer.holds ? "Yes" : "No";
  verdict.dataset.verdict = answer.holds ? "yes" : "no";
  const change = $("#verdict-change");
  if (prev && prev.holds !== answer.holds) {
    change.textContent = `Changed: the answer was ${prev.holds ? "Yes" : "No"} before this change to the scenario.`;
    change.hidden = false;
    verdict.classList.add("changed");
  } else {
    change.hidden = true;
    verdict.classList.remove("changed");
  }
  $("#summary").textContent = answer.summary || "";
  document.title = `${answer.holds ? "Yes" : "No"}: ${answer.query} as of ${answer.as_of} · casus`;

  const box = $("#answers");
  box.replaceChildren();
  if (answer.holds) {
    box.append(h("h4", {}, answer.answers.length === 1 ? "Why: the proof" : `Why: ${answer.answers.length} answers, each with its proof`));
    answer.answers.forEach((item, i) => {
      const bindings = bindingText(item.bindings);
      if (bindings) box.append(h("p", { class: "binding" }, `Answer${bindings}`));
      // the first proof is open; the others start folded so that many answers stay readable
      if (item.proof) box.append(h("div", { class: "tree", role: "group", "aria-label": `Proof of ${item.atom}` }, renderProof(item.proof, diff, i === 0)));
    });
  } else if (answer.why_not) {
    box.append(h("h4", {}, "Why not"), h("div", { class: "tree", role: "group", "aria-label": "Why not" }, renderWhyNot(answer.why_not, diff)));
  }
  renderRemoved(diff);
  renderFactToggles(answer);
  renderSuggestions(answer);
  const truncated = (answer.truncated || []).length ? ` Cut short: ${answer.truncated.join("; ")}.` : "";
  $("#meta").textContent =
    `Answered in ${answer.elapsed_ms} ms with rules ${answer.versions.rules} and facts ${answer.versions.facts}.${truncated}`;
  app.previous = { scenario, answer };
  app.diagramFor = "";
  if ($("#diagram-box").open) renderDiagram();
  if (!$("#comparison").hidden) compareInterpretations();
}

function diffAnswers(prev, answer) {
  const before = nodeKeys(prev);
  const after = nodeKeys(answer);
  return {
    added: new Set([...after].filter((k) => !before.has(k))),
    removed: [...before].filter((k) => !after.has(k)),
  };
}

function renderRemoved(diff) {
  const box = $("#removed-nodes");
  if (!diff || !diff.removed.length) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.replaceChildren(
    h("h4", {}, "No longer in the explanation"),
    h("ul", {}, diff.removed.map((key) => {
      const [status, ...atom] = key.split(":");
      return h("li", {}, h("span", { class: `mark ${status}`, "aria-hidden": "true" }, MARK[status]), " ", h("code", {}, atom.join(":")), status === "holds" ? " (held)" : " (failed)");
    })),
  );
  box.hidden = false;
}

// ---------------------------------------------------------------- scenario: toggles and suggestions

/** True if an atom has no variables (only a ground fact can be assumed). */
function isGround(atom) {
  const parsed = splitQuery(atom);
  return Boolean(parsed) && parsed.args.every((a) => !/^[A-Z_]/.test(a));
}

/** Base facts in the explanation: facts that held, assumptions, and missing facts. */
function explanationFacts(answer) {
  const facts = new Map(); // atom -> {status, sentence}
  const add = (atom, status, sentence = "") => {
    const known = facts.get(atom);
    if (!known) facts.set(atom, { status, sentence });
    else if (!known.sentence) known.sentence = sentence;
  };
  visitExplanation(
    answer,
    (node) => {
      if (node.kind === "fact") add(node.atom, "base", node.sentence);
      if (node.kind === "assumed") add(node.atom, "assumed", node.sentence);
    },
    (w) => {
      // why-not sentences are negated, so these facts are shown by their atoms alone
      if (w.kind === "missing-fact" && isGround(w.atom)) add(w.atom, "missing");
      if (w.kind === "retracted") add(w.atom, "retracted");
    },
  );
  for (const atom of answer.assume || []) add(atom, "assumed");
  for (const atom of answer.retract || []) {
    const known = facts.get(atom);
    facts.set(atom, { status: "retracted", sentence: known ? known.sentence : "" });
  }
  return facts;
}

const TOGGLE_NOTE = { base: "holds (untick to retract)", assumed: "assumed", missing: "missing (tick to assume)", retracted: "retracted" };

function renderFactToggles(answer) {
  const list = $("#fact-toggles");
  list.replaceChildren();
  let i = 0;
  for (const [atom, { status, sentence }] of explanationFacts(answer)) {
    if (interpretationName(atom)) continue; // chosen under Interpretations
    const id = `fact-${i++}`;
    const checked = status === "base" || status === "assumed";
    const input = h("input", { type: "checkbox", id, checked, "data-fact": atom, "data-status": status });
    input.addEventListener("change", () => toggleFact(atom, status));
    const text = h("label", { for: id }, sentence ? [sentence, " "] : "", h("code", {}, atom), h("span", { class: "help" }, ` ${TOGGLE_NOTE[status]}`));
    list.append(h("li", { class: `toggle ${status}` }, input, text));
  }
  if (!list.childElementCount) list.append(h("li", { class: "help" }, "No base facts in this explanation."));
}

function toggleFact(atom, status) {
  const without = (xs) => xs.filter((x) => x !== atom);
  const s = app.state;
  if (status === "base") submitScenario({ retract: [...s.retract, atom] });
  else if (status === "retracted") submitScenario({ retract: without(s.retract) });
  else if (status === "assumed") submitScenario({ assume: without(s.assume) });
  else submitScenario(withAssumed([atom]));
}

/** The name in `interpretation(name)`, or null: such facts are chosen, not assumed. */
function interpretationName(atom) {
  const parsed = splitQuery(atom);
  return parsed && parsed.pred === "interpretation" && parsed.args.length === 1 ? parsed.args[0] : null;
}

/** The scenario with `atoms` made true: interpretations selected, retracted facts restored,
 * other facts assumed. */
function withAssumed(atoms) {
  const names = atoms.map(interpretationName);
  const { assume, retract } = app.state;
  const facts = atoms.filter((a, i) => !names[i] && !assume.includes(a) && !retract.includes(a));
  const chosen = names.filter((n) => n && !app.state.interpretation.includes(n));
  return {
    assume: [...app.state.assume, ...facts],
    retract: app.state.retract.filter((r) => !atoms.includes(r)),
    interpretation: [...app.state.interpretation, ...chosen],
  };
}

function renderSuggestions(answer) {
  const list = $("#suggestions");
  list.replaceChildren();
  for (const set of answer.would_hold_if || []) {
    list.append(
      h(
        "li",
        {},
        h("button", { type: "button", class: "suggest", onclick: () => submitScenario(withAssumed(set)) }, `Assume ${set.length === 1 ? "this" : `these ${set.length}`}`),
        h("ul", {}, set.map((a) => h("li", {}, h("code", {}, a)))),
      ),
    );
  }
  if (!list.childElementCount) {
    const why = answer.holds
      ? "It already holds."
      : isGround(answer.query)
        ? "No small set of missing facts would make it hold."
        : "Shown for questions without variables.";
    list.append(h("li", { class: "help" }, why));
  }
}

// ---------------------------------------------------------------- interpretations

function renderInterpretationChoices() {
  const box = $("#interpretations");
  box.replaceChildren();
  if (!app.interpretations.length) {
    box.append(h("p", { class: "help" }, "This knowledge base defines no interpretations."));
    $("#compare-button").hidden = true;
    return;
  }
  $("#compare-button").hidden = false;
  const group = h("fieldset", { class: "interp" }, h("legend", { class: "visually-hidden" }, "Interpretations to apply"));
  app.interpretations.forEach((interp, i) => {
    const id = `interp-${i}`;
    const input = h("input", { type: "checkbox", id, checked: app.state.interpretation.includes(interp.id) });
    input.addEventListener("change", () => {
      const chosen = input.checked
        ? [...app.state.interpretation, interp.id]
        : app.state.interpretation.filter((x) => x !== interp.id);
      submitScenario({ interpretation: chosen });
    });
    const label = h("label", { for: id }, interp.label || interp.id, " ", h("code", {}, interp.id), interp.note ? h("span", { class: "help note-line" }, interp.note) : "");
    group.append(h("div", { class: "toggle" }, input, label));
  });
  box.append(group);
}

async function compareInterpretations() {
  const box = $("#comparison");
  box.hidden = false;
  const list = $("#comparison-list");
  list.replaceChildren(h("p", { class: "help" }, "Comparing…"));
  const columns = [{ id: "", label: "No interpretation selected" }, ...app.interpretations];
  const results = await Promise.all(
    columns.map((c) =>
      api("/v1/ask", { json: askBody({ ...app.state, interpretation: c.id ? [c.id] : [] }, { explain: "summary" }) }).catch((err) => err),
    ),
  );
  const verdictOf = (r) => (r instanceof Error ? "error" : r.holds ? "yes" : "no");
  const plain = verdictOf(results[0]);
  list.replaceChildren(
    ...columns.map((c, i) => {
      const r = results[i];
      const failed = r instanceof Error;
      const verdict = verdictOf(r);
      const differs = i > 0 && verdict !== plain;
      return h(
        "li",
        { class: `compare-card ${verdict}${differs ? " differs" : ""}`, "data-interpretation": c.id },
        h("h4", {}, c.label || c.id, c.id ? [" ", h("code", {}, c.id)] : ""),
        h(
          "p",
          { class: `verdict-cell ${verdict}` },
          failed ? "Error" : r.holds ? "Yes" : "No",
          differs ? h("span", { class: "badge new" }, "differs from no interpretation") : "",
        ),
        h("p", {}, failed ? r.message : r.summary),
        c.id
          ? h("a", { href: urlFor({ ...app.state, interpretation: [c.id] }), "data-nav": true }, "Explore under this interpretation")
          : h("a", { href: urlFor({ ...app.state, interpretation: [] }), "data-nav": true }, "Explore without interpretations"),
      );
    }),
  );
}

// ---------------------------------------------------------------- diagram

let mermaidLoading = null;

function loadMermaid() {
  if (!mermaidLoading) {
    mermaidLoading = new Promise((resolve, reject) => {
      const script = h("script", { src: "/static/explorer/mermaid.min.js" });
      script.onload = () => {
        window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral", flowchart: { htmlLabels: false, useMaxWidth: true } });
        resolve(window.mermaid);
      };
      script.onerror = () => reject(new Error("could not load the diagram library"));
      document.head.append(script);
    });
  }
  return mermaidLoading;
}

let diagramCount = 0;

async function renderDiagram() {
  const scenario = app.previous ? app.previous.scenario : null;
  const box = $("#diagram");
  if (!scenario) {
    box.replaceChildren(h("p", { class: "help" }, "Ask a question first."));
    return;
  }
  const key = JSON.stringify(askBody(scenario));
  if (app.diagramFor === key) return;
  app.diagramFor = key;
  box.replaceChildren(h("p", { class: "help" }, "Drawing…"));
  try {
    const [body, mermaid] = await Promise.all([api("/v1/ask", { json: askBody(scenario, { format: "mermaid" }) }), loadMermaid()]);
    const text = typeof body === "string" ? body : body.mermaid || body.diagram || body.text;
    const { svg } = await mermaid.render(`casus-diagram-${++diagramCount}`, text);
    box.innerHTML = svg; // produced by Mermaid with securityLevel "strict"
    applyZoom();
  } catch (err) {
    app.diagramFor = "";
    box.replaceChildren(h("p", { class: "error" }, `No diagram: ${err.message}`));
  }
}

/** Fit the diagram to the page, or show it at its natural size (the box then scrolls). */
function applyZoom() {
  const actual = $("#diagram-zoom").getAttribute("aria-pressed") === "true";
  const svg = $("#diagram svg");
  if (svg) svg.style.width = actual ? svg.style.maxWidth : "";
}

// ---------------------------------------------------------------- rules browser

/** Paragraphs of comment text: blank lines separate them, single line breaks do not. */
function paragraphs(text) {
  return text.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, " ").trim()).filter(Boolean);
}

/** A rule's treaty article text beside the rule as written (a RuleDetail of the API). */
function ruleBody(rule) {
  return h(
    "div",
    { class: "rule-body" },
    rule.article
      ? h("blockquote", { class: "treaty" }, paragraphs(rule.article).map((text) => h("p", {}, text)))
      : h("p", { class: "help" }, "No treaty text is written above this rule."),
    h("pre", { class: "datalog" }, h("code", {}, rule.text)),
  );
}

function validText(rule) {
  if (rule.valid_from && rule.valid_until) return `valid from ${rule.valid_from} until ${rule.valid_until}`;
  if (rule.valid_from) return `valid from ${rule.valid_from}`;
  if (rule.valid_until) return `valid until ${rule.valid_until}`;
  return "";
}

/** Load the rules once, show them, and bring the rule named in the URL's #hash into view. */
async function showRules() {
  const list = $("#rules-list");
  if (!app.rules) {
    list.replaceChildren(h("p", { class: "help" }, "Loading rules…"));
    try {
      const summaries = await api("/v1/rules");
      app.rules = await Promise.all(summaries.map((r) => api(`/v1/rules/${encodeURIComponent(r.id)}`)));
    } catch (err) {
      list.replaceChildren(h("p", { class: "error" }, err.message));
      return;
    }
  }
  renderRules();
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target) {
    target.classList.add("target");
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  }
}

/** The rules matching the filter, grouped by the file they are written in. */
function renderRules() {
  const filter = $("#rule-filter").value.trim().toLowerCase();
  const shown = app.rules.filter((r) => !filter || JSON.stringify(r).toLowerCase().includes(filter));
  const files = new Map();
  for (const rule of shown) {
    const file = rule.location.split(":")[0];
    if (!files.has(file)) files.set(file, []);
    files.get(file).push(rule);
  }
  const list = $("#rules-list");
  list.replaceChildren(
    ...[...files].map(([file, rules]) =>
      h("section", { class: "rule-file", "aria-label": file }, h("h3", { class: "file" }, file), rules.map(ruleArticle)),
    ),
  );
  if (!shown.length) list.append(h("p", { class: "help" }, "No rule matches."));
}

function ruleArticle(rule) {
  return h(
    "article",
    { class: "rule panel", id: `rule-${rule.id}`, tabindex: "-1", "aria-labelledby": `rule-title-${rule.id}` },
    h("h4", { id: `rule-title-${rule.id}` }, h("code", {}, rule.id), " ", h("span", { class: "citation" }, rule.citation)),
    h("p", { class: "location" }, rule.location, validText(rule) ? ` · ${validText(rule)}` : ""),
    ruleBody(rule),
  );
}

// ---------------------------------------------------------------- entities and timelines

async function searchEntities(q) {
  const list = $("#entity-results");
  const found = q
    ? (await api(`/v1/entities?q=${encodeURIComponent(q)}`)).items
    : app.entities;
  const kinds = new Map();
  for (const e of found) {
    if (!kinds.has(e.kind)) kinds.set(e.kind, []);
    kinds.get(e.kind).push(e);
  }
  const open = Boolean(q) || !app.state.entity; // fold the lists away once an entity is shown
  list.replaceChildren(
    ...[...kinds].map(([kind, entities]) =>
      h(
        "details",
        { class: "kind-group", open },
        h("summary", {}, `${kind} (${entities.length})`),
        h(
          "ul",
          { class: "entity-results" },
          entities.map((e) => h("li", {}, h("a", { href: entityHref(e.id), "data-nav": true }, e.label || e.id), e.iso ? h("span", { class: "help" }, ` ${e.iso}`) : "")),
        ),
      ),
    ),
  );
  if (!found.length) list.append(h("p", { class: "help" }, "No entity matches."));
}

async function showEntities() {
  const q = $("#entity-search").value.trim();
  await searchEntities(q).catch((err) => renderError($("#entity-results"), err, "Could not search: "));
  const box = $("#entity-detail");
  const id = app.state.entity;
  if (!id) {
    box.replaceChildren(h("p", { class: "help" }, "Choose an entity to see its facts over time."));
    return;
  }
  try {
    if (!app.sources.size) app.sources = new Map((await api("/v1/sources")).map((src) => [src.id, src.url]));
    const page = await api(`/v1/facts?entity=${encodeURIComponent(id)}&limit=${TIMELINE_LIMIT}`);
    box.replaceChildren(
      h("h3", {}, labelOf(id), " ", h("code", {}, id)),
      timeline(page.items),
      page.total > page.items.length ? h("p", { class: "help" }, `Showing ${page.items.length} of ${page.total} facts.`) : "",
    );
  } catch (err) {
    box.replaceChildren(h("p", { class: "error" }, err.message));
  }
}

const DAY = 86400000;
const TIMELINE_LIMIT = 100;

/** A source's title, linked to where it can be read when the source has an address. */
function sourceLink(brief) {
  const url = app.sources.get(brief.id);
  return url ? h("a", { href: url, rel: "noopener", target: "_blank" }, brief.title) : brief.title;
}

/** A fact's atom with each other entity in it linked to that entity's timeline. */
function factAtom(f) {
  const args = f.args.map((arg, i) => {
    const known = typeof arg === "string" && arg !== app.state.entity && app.entities.some((e) => e.id === arg);
    return [i ? ", " : "", known ? h("a", { href: entityHref(arg), "data-nav": true }, arg) : String(arg)];
  });
  return h("code", {}, `${f.predicate}(`, args, ")");
}

function timeline(facts) {
  if (!facts.length) return h("p", { class: "help" }, "No facts about this entity.");
  const time = (d) => (d ? Date.parse(d) : null);
  const today = Date.now();
  const asOf = time(app.state.as_of);
  const starts = facts.map((f) => time(f.valid_from)).filter((t) => t !== null);
  const ends = facts.map((f) => time(f.valid_until)).filter((t) => t !== null);
  const lo = Math.min(...starts, ...(asOf ? [asOf] : []), today) - 365 * DAY;
  const hi = Math.max(...ends, ...(asOf ? [asOf] : []), today) + 90 * DAY;
  const pct = (t) => `${(((t - lo) / (hi - lo)) * 100).toFixed(2)}%`;
  const axis = h("div", { class: "axis", "aria-hidden": "true" });
  const first = new Date(lo).getUTCFullYear() + 1;
  const last = new Date(hi).getUTCFullYear();
  const step = Math.max(1, Math.ceil((last - first + 1) / 8));
  for (let y = first; y <= last; y += step) {
    axis.append(h("span", { class: "tick", style: `left:${pct(Date.UTC(y, 0, 1))}` }, String(y)));
  }
  const sorted = [...facts].sort((a, b) => (time(a.valid_from) ?? -Infinity) - (time(b.valid_from) ?? -Infinity) || a.atom.localeCompare(b.atom));
  const bar = (from, until, kind, title) => {
    const start = time(from) ?? lo;
    const end = time(until) ?? hi;
    const open = `${from ? "" : " open-start"}${until ? "" : " open-end"}`;
    return h("span", { class: `tl-bar ${kind}${open}`, style: `left:${pct(start)};width:calc(${pct(end)} - ${pct(start)})`, title });
  };
  const tick = () => (asOf ? h("span", { class: "as-of-tick", style: `left:${pct(asOf)}` }) : "");
  const rows = sorted.map((f) => {
    const claims = f.disputed || [];
    return h(
      "li",
      { class: "tl-row" },
      h("div", { class: "tl-label" }, factAtom(f), h("span", { class: "help" }, ` ${f.period}`), h("span", { class: "help" }, " · ", sourceLink(f.source))),
      h("div", { class: "tl-track", "aria-hidden": "true" }, bar(f.valid_from, f.valid_until, "main", `${f.atom} ${f.period}`), tick()),
      claims.map((c) =>
        h(
          "div",
          { class: "tl-claim" },
          h("span", { class: "help" }, `Disputed: ${c.source} dates it ${claimPeriod(c)}${c.note ? ` (${c.note})` : ""}`),
          h("div", { class: "tl-track thin", "aria-hidden": "true" }, bar(c.valid_from, c.valid_until, "disputed", `${c.source}: ${claimPeriod(c)}`)),
        ),
      ),
      f.quote ? h("blockquote", { class: "tl-quote" }, `“${f.quote}”`) : "",
    );
  });
  const marker = asOf ? h("div", { class: "as-of-line", style: `left:${pct(asOf)}`, "aria-hidden": "true" }, h("span", {}, `as of ${app.state.as_of}`)) : "";
  return h("div", { class: "timeline" }, h("div", { class: "tl-scale" }, axis, marker), h("ol", { class: "tl-rows", "aria-label": "Facts over time" }, rows));
}

function claimPeriod(c) {
  if (c.valid_from && c.valid_until) return `from ${c.valid_from} until ${c.valid_until}`;
  if (c.valid_from) return `from ${c.valid_from}`;
  if (c.valid_until) return `until ${c.valid_until}`;
  return "at all dates";
}

// ---------------------------------------------------------------- start-up

function formScenario() {
  return {
    query: $("#query").value.trim(),
    as_of: $("#as-of").value,
  };
}

function wire() {
  $("#question").addEventListener("change", () => {
    const question = app.questions.find((q) => q.name === $("#question").value);
    buildArgSelects(question);
    composeQuery();
  });
  $("#ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    submitScenario(formScenario()); // the scenario stays: it is about the world, not the question
  });
  $("#reset-scenario").addEventListener("click", () => submitScenario({ assume: [], retract: [], interpretation: [] }));
  $("#copy-link").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      $("#copy-status").textContent = "Link copied.";
    } catch {
      $("#copy-status").textContent = `Link: ${location.href}`;
    }
  });
  $("#assume-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const atom = $("#assume-input").value.trim();
    if (!atom) return;
    $("#assume-input").value = "";
    submitScenario(withAssumed([atom]));
  });
  $("#compare-button").addEventListener("click", compareInterpretations);
  $("#diagram-box").addEventListener("toggle", () => {
    if ($("#diagram-box").open) renderDiagram();
  });
  $("#diagram-zoom").addEventListener("click", () => {
    const button = $("#diagram-zoom");
    button.setAttribute("aria-pressed", String(button.getAttribute("aria-pressed") !== "true"));
    applyZoom();
  });
  $("#rule-filter").addEventListener("input", () => app.rules && renderRules());
  $("#entity-form").addEventListener("submit", (event) => {
    event.preventDefault();
    searchEntities($("#entity-search").value.trim()).catch((err) => renderError($("#entity-results"), err, "Could not search: "));
  });
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-nav], nav a[data-view]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(link.getAttribute("href"));
  });
  window.addEventListener("popstate", route);
}

async function start() {
  wire();
  try {
    const [questions, entities] = await Promise.all([api("/v1/questions"), api("/v1/entities")]);
    app.questions = questions;
    app.entities = entities.items;
    app.interpretations = app.entities.filter((e) => e.kind === "interpretation");
  } catch (err) {
    const box = $("#load-error");
    box.textContent = `Could not load the knowledge base: ${err.message}`;
    box.hidden = false;
  }
  $("#question").replaceChildren(...app.questions.map((q) => h("option", { value: q.name }, `${q.name}: ${q.true_text.replace(/[{}]/g, "")}`)));
  await route();
}

start();
