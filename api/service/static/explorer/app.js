// casus treaty explorer: plain JavaScript over the /v1 HTTP API, no build step.
// The scenario (query, as_of, assume, retract, interpretation, compare) and the view live in
// the URL. Plain English first; the Datalog behind it shows with "Show as Datalog".

import { $, code, h, api, dateWords, isIsoDate, periodWords } from "/static/explorer/dom.js";
import { choicesFor, humanize, isVariable, kb, labelOf, loadTerms, plainSummary, resolveName, sentence, sourceLink, splitAtom, suggestNames, templateWords } from "/static/explorer/words.js";
import { showMap, wireMap } from "/static/explorer/map.js";
import { renderRules, ruleBody, searchEntities, showEntities, showRules, withCitations } from "/static/explorer/browse.js";
import { fillBuilder, wireBuilder } from "/static/explorer/event.js";
import { showHistory } from "/static/explorer/history.js";
import { showReview, wireReview } from "/static/explorer/review.js";

const SEED_QUERY = "must_assist(russia, armenia, csto, karabakh_war_2020)";
const SEED_DATE = "2020-10-07";

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
const TEXT_PARAMS = ["query", "as_of", "entity", "treaty", "compare", "case"];

function readUrl() {
  const params = new URLSearchParams(location.search);
  const state = { view: params.get("view") || "ask" };
  for (const key of TEXT_PARAMS) state[key] = params.get(key) || "";
  for (const key of LIST_PARAMS) state[key] = params.getAll(key);
  return state;
}

export function urlFor(state) {
  const params = new URLSearchParams();
  if (state.view && state.view !== "ask") params.set("view", state.view);
  if (state.query) params.set("query", state.query);
  if (state.as_of) params.set("as_of", state.as_of);
  for (const key of LIST_PARAMS) for (const value of state[key] || []) params.append(key, value);
  for (const key of ["entity", "treaty", "compare", "case"]) if (state[key]) params.set(key, state[key]);
  const text = params.toString();
  return text ? `?${text}` : location.pathname;
}

function pushState(state, { replace = false } = {}) {
  const url = urlFor(state);
  if (url === location.search && !replace) return;
  history[replace ? "replaceState" : "pushState"](null, "", url);
}

// ---------------------------------------------------------------- app state

export const app = {
  state: readUrl(),
  questions: [],
  interpretations: [],
  previous: null, // the last answer shown, to highlight what changed
  rules: null,
  diagramFor: "",
  diagramZoomChosen: false, // the reader chose fitted or actual size (else: by screen width)
};

function ruleHref(id) {
  return urlFor({ ...app.state, view: "rules" }) + `#rule-${id}`;
}

export function entityHref(id) {
  return urlFor({ ...app.state, view: "entities", entity: id });
}

/** Constants the scenario's assumptions introduce (events built here): known names too. */
function scenarioConstants(assume = app.state.assume) {
  const known = new Set();
  for (const atom of assume || []) {
    const parsed = splitAtom(atom);
    if (parsed) for (const arg of parsed.args) if (!isVariable(arg) && !kb.byId.has(arg)) known.add(arg);
  }
  return [...known];
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
  if (view === "map") showMap(app.state);
  if (view === "history") showHistory(app.state);
  if (view === "review") showReview();
}

export function navigate(href) {
  history.pushState(null, "", href);
  route();
}

async function route() {
  app.state = readUrl();
  showView(app.state.view);
  if (app.state.view === "ask") {
    fillForm();
    fillBuilder(app.state);
    if (app.state.query && app.state.as_of) await runAsk();
    else clearAnswer();
  }
}

// ---------------------------------------------------------------- question form

function variableFor(arg) {
  const base = arg.name.replace(/[^A-Za-z0-9_]/g, "");
  return base.charAt(0).toUpperCase() + base.slice(1);
}

/** Default values for a question's arguments: the ones the form had by name or kind, then
 * entities of the right kind not yet used (so an ally is never also the victim). */
function defaultArgs(question, previous) {
  const used = new Set();
  const byName = new Map(previous.map((p) => [p.name, p.value]));
  const values = question.params.map((arg) => {
    const value = byName.get(arg.name);
    if (value && !isVariable(value) && !used.has(value)) {
      used.add(value);
      return value;
    }
    return null;
  });
  return values.map((value, i) => {
    if (value) return value;
    const arg = question.params[i];
    const same = previous.find((p) => p.kind === arg.kind && !used.has(p.value) && !isVariable(p.value));
    const pick = same ? same.value : (kb.entities.find((e) => e.kind === arg.kind && !used.has(e.id)) || {}).id;
    if (pick) used.add(pick);
    return pick || variableFor(arg);
  });
}

function buildArgSelects(question, values) {
  const box = $("#question-args");
  box.replaceChildren();
  const extra = scenarioConstants();
  question.params.forEach((arg, i) => {
    const id = `arg-${i}`;
    const options = kb.entities.filter((e) => !arg.kind || e.kind === arg.kind);
    const wanted = values[i];
    const variable = wanted && isVariable(wanted) ? wanted : variableFor(arg); // keep a typed name
    const known = options.some((e) => e.id === wanted) || wanted === variable;
    const select = h(
      "select",
      { id, "data-arg": i, "data-name": arg.name, "data-kind": arg.kind, onchange: composeQuery },
      h("option", { value: variable }, `any ${arg.kind || arg.name} (who?)`),
      options.map((e) => h("option", { value: e.id }, e.label || e.id)),
      // a name the scenario introduced, or any other typed constant, stays selectable
      [...new Set([...(!known && wanted ? [wanted] : []), ...extra.filter((c) => c !== wanted && arg.kind === "event")])]
        .map((c) => h("option", { value: c }, `${humanize(c)} (in this scenario)`)),
    );
    if (wanted) select.value = wanted;
    box.append(h("div", { class: "row" }, h("label", { for: id }, arg.name), select));
  });
}

function currentQuestion() {
  return app.questions.find((q) => q.name === $("#question").value);
}

function composeQuery() {
  const question = currentQuestion();
  if (!question) return;
  const args = [...document.querySelectorAll("#question-args select")].map((s) => s.value);
  $("#query").value = `${question.name}(${args.join(", ")})`;
  syncFormNote();
  markStale();
}

/** Set the choices from a typed query; a query that is not one of the questions turns the
 * choices off (with a note), so they never silently rewrite what was typed. */
function readTypedQuery() {
  const parsed = splitAtom($("#query").value);
  const question = parsed && app.questions.find((q) => q.name === parsed.pred && q.params.length === parsed.args.length);
  if (question) {
    $("#question").value = question.name;
    buildArgSelects(question, parsed.args);
  }
  syncFormNote();
  markStale();
}

function syncFormNote() {
  const parsed = splitAtom($("#query").value);
  const fits = parsed && app.questions.some((q) => q.name === parsed.pred && q.params.length === parsed.args.length);
  const note = $("#form-note");
  for (const el of document.querySelectorAll("#question, #question-args select")) el.disabled = !fits;
  note.hidden = Boolean(fits);
  note.textContent = fits ? "" : "The typed Datalog query is asked; the choices above do not apply to it.";
}

function fillForm() {
  const query = app.state.query || SEED_QUERY;
  const parsed = splitAtom(query);
  const select = $("#question");
  const current = parsed && app.questions.find((q) => q.name === parsed.pred && q.params.length === parsed.args.length);
  if (current) select.value = current.name;
  const question = currentQuestion();
  if (question) buildArgSelects(question, current ? parsed.args : defaultArgs(question, []));
  $("#query").value = query;
  $("#as-of").value = app.state.as_of || SEED_DATE;
  $("#as-of-words").textContent = dateWords($("#as-of").value);
  syncFormNote();
  renderInterpretationChoices();
}

/** A typed query with each name that means an entity (whatever its case: "Syunik",
 * "Russia") written as the entity's id; other capitalised words stay variables. */
function namesToIds(text) {
  const parsed = splitAtom(text);
  const pred = parsed && kb.predicates.get(parsed.pred);
  if (!pred || pred.params.length !== parsed.args.length) return text;
  const args = parsed.args.map((arg, i) => resolveName(arg.replace(/_/g, " "), pred.params[i].kind, scenarioConstants()) || arg);
  return `${parsed.pred}(${args.join(", ")})`;
}

/** Mark the shown answer out of date when the form no longer asks what it answered. */
function markStale() {
  const shown = app.previous ? app.previous.scenario : null;
  const stale = Boolean(shown) && (shown.query !== $("#query").value.trim() || shown.as_of !== $("#as-of").value.trim());
  $("#stale-note").hidden = !stale;
  $("#verdict-bar").classList.toggle("stale", stale);
}

// ---------------------------------------------------------------- asking

function scenarioKey(s) {
  return JSON.stringify([s.query, s.as_of]);
}

export async function submitScenario(changes, { focus = false } = {}) {
  app.state = { ...app.state, ...changes, view: "ask" };
  pushState(app.state);
  showView("ask");
  fillForm();
  await runAsk();
  if (focus) $("#verdict").focus({ preventScroll: false });
}

let askSeq = 0; // only the latest question's answer is shown when toggles come quickly

async function runAsk() {
  const scenario = { ...app.state };
  const seq = ++askSeq;
  const region = $("#verdict-bar");
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
  $("#stale-note").hidden = true;
  for (const id of ["#summary", "#meta"]) $(id).textContent = "";
  for (const id of ["#answers", "#fact-toggles", "#suggestions", "#diagram"]) $(id).replaceChildren();
  $("#removed-nodes").hidden = true;
  $("#verdict-bar").hidden = true;
  $("#answer-grid").hidden = true;
  $("#comparison").hidden = true;
  app.previous = null;
  app.diagramFor = "";
}

/** Hints from the API are entity ids or predicate names: shown by their labels. */
function hintWords(hint) {
  return kb.byId.has(hint) ? `${labelOf(hint)}` : hint;
}

export function renderError(box, err, lead) {
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
              p.message,
              p.hints && p.hints.length ? ` (did you mean ${p.hints.map(hintWords).join(", ")}?)` : "",
            ),
          ),
        )
      : "",
  );
  box.hidden = false;
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
    h("a", { href: ruleHref(rule.id), class: "rule-id", "data-nav": true }, rule.citation),
    rule.valid ? h("span", { class: "help" }, ` (${rule.valid})`) : "",
    " ",
    code(rule.id, "rule-code"),
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

export function sourceView(src, disputed = false) {
  const title = src.url ? h("a", { href: src.url, rel: "noopener", target: "_blank" }, src.title) : src.title;
  return h(
    "li",
    { class: disputed ? "source disputed" : "source" },
    disputed ? h("strong", {}, "Disputed by: ") : "",
    title,
    src.publisher ? `, ${src.publisher}` : "",
    src.date ? `, ${dateWords(src.date)}` : "",
    h("span", { class: "period" }, ` — ${periodWords(src.period)}`),
    src.quote ? h("blockquote", {}, `“${src.quote}”`) : "",
    src.note ? h("p", { class: "note" }, withCitations(src.note)) : "",
  );
}

const MARK = { holds: "✓", fails: "✗" };

/** A sentence from the API with the names of events built in this scenario in words
 * (the API writes a name it has no label for as it is: september_11_attacks). */
function readable(text) {
  let out = text;
  for (const name of scenarioConstants()) out = out.split(name).join(humanize(name));
  return out;
}

function nodeSummary(status, text, atom, extra = []) {
  return h(
    "summary",
    {},
    h("span", { class: `mark ${status}`, "aria-hidden": "true" }, MARK[status]),
    h("span", { class: "visually-hidden" }, status === "holds" ? "Holds: " : "Does not hold: "),
    h("span", { class: "sentence" }, readable(text)),
    " ",
    code(atom),
    extra,
  );
}

const KIND_LABEL = { fact: "fact", assumed: "assumed", negation: "nothing records otherwise", comparison: "comparison", cut: "cut short", rule: "" };

function renderProof(node, diff, open = true) {
  const kindLabel = KIND_LABEL[node.kind];
  const details = h(
    "details",
    { class: `node holds kind-${node.kind}`, open: open || null, "data-atom": node.atom },
    nodeSummary("holds", node.sentence, node.atom, kindLabel ? h("span", { class: `badge ${node.kind}` }, kindLabel) : ""),
  );
  const body = h("div", { class: "node-body" });
  if (node.rule) body.append(h("p", { class: "by" }, "by ", ruleLink(node.rule)), treatyText(node.rule.id));
  if (node.sources && node.sources.length) body.append(h("ul", { class: "sources" }, node.sources.map((s) => sourceView(s))));
  if (node.disputed && node.disputed.length) body.append(h("ul", { class: "sources" }, node.disputed.map((s) => sourceView(s, true))));
  if (node.kind === "assumed") body.append(h("p", { class: "note" }, "Assumed in this scenario."));
  if (node.kind === "negation") body.append(h("p", { class: "note" }, "Holds because no fact says otherwise as of this date."));
  if (node.note) body.append(h("p", { class: "note" }, node.note));
  if (node.premises && node.premises.length) {
    body.append(h("div", { class: "premises" }, node.premises.map((p) => renderProof(p, diff, open && p.kind === "rule"))));
  }
  details.append(body);
  return markAdded(details, `holds:${node.atom}`, diff);
}

const WHY_KIND = {
  "missing-fact": "No such fact as of the date asked.",
  retracted: "Taken away in this scenario.",
  "no-rule": "No rule derives this.",
  comparison: "The comparison is false.",
  recursive: "Already being explained above.",
  cut: "Explanation cut short here.",
  "rules-failed": "",
};

/** "with A = russia" as "for Russia" (the variable names show in Datalog mode). */
function bindingWords(binding) {
  const pairs = Object.entries(binding || {});
  if (!pairs.length) return "";
  return [" for ", pairs.map(([, v]) => labelOf(v)).join(", "), code(` (${pairs.map(([k, v]) => `${k} = ${v}`).join(", ")})`, "binding-code")];
}

/** The facts that hold instead of a missing one, each with its source (from /v1/facts). */
function insteadView(w) {
  const box = h("div", { class: "instead" }, h("p", {}, "Instead: ", w.instead.join("; "), "."));
  const parsed = splitAtom(w.atom);
  if (!parsed || !parsed.args.length || isVariable(parsed.args[0]) || !kb.byId.has(parsed.args[0])) return box;
  const asOf = (app.previous && app.previous.scenario.as_of) || app.state.as_of;
  api(`/v1/facts?predicate=${encodeURIComponent(parsed.pred)}&entity=${encodeURIComponent(parsed.args[0])}&as_of=${asOf}`)
    .then((page) => {
      const facts = page.items.filter((f) => f.args[0] === parsed.args[0] && f.atom !== w.atom);
      if (facts.length) box.append(h("ul", { class: "sources" }, facts.map((f) => h("li", { class: "source" }, sentence(f.atom), ": ", sourceLink(f.source), h("span", { class: "period" }, ` — ${periodWords(f.period)}`)))));
    })
    .catch(() => {});
  return box;
}

function renderWhyNot(w, diff) {
  const details = h("details", { class: `node fails kind-${w.kind}`, open: true, "data-atom": w.atom }, nodeSummary("fails", w.sentence, w.atom));
  const body = h("div", { class: "node-body" });
  if (WHY_KIND[w.kind]) body.append(h("p", { class: "note" }, WHY_KIND[w.kind]));
  else if (w.note) body.append(h("p", { class: "note" }, w.note));
  if (w.held_at_other_dates && w.held_at_other_dates.length) {
    body.append(h("p", {}, "Held at other dates:"), h("ul", { class: "sources" }, w.held_at_other_dates.map((s) => sourceView(s))));
  }
  if (w.instead && w.instead.length) body.append(insteadView(w));
  for (const attempt of w.attempts || []) {
    const part = h(
      "div",
      { class: "attempt" },
      h("p", { class: "by" }, "Under ", ruleLink(attempt.rule), bindingWords(attempt.binding)),
      treatyText(attempt.rule.id),
    );
    if (attempt.held && attempt.held.length) {
      part.append(
        h("details", { class: "held" }, h("summary", {}, attempt.held.length === 1 ? "1 condition held" : `${attempt.held.length} conditions held`), attempt.held.map((p) => renderProof(p, diff, false))),
      );
    }
    if (attempt.failed_premise && !attempt.failed) part.append(h("p", { class: "failed-premise" }, "but this failed: ", sentence(attempt.failed_premise), " ", code(attempt.failed_premise)));
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
  $("#verdict-bar").hidden = false;
  $("#answer-grid").hidden = false;

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
  $("#summary").textContent = readable(plainSummary(answer));
  document.title = `${answer.holds ? "Yes" : "No"}: ${sentence(answer.query)} · casus`;

  const box = $("#answers");
  box.replaceChildren();
  if (answer.holds) {
    box.append(h("h4", {}, answer.answers.length === 1 ? "The proof" : `${answer.answers.length} answers, each with its proof`));
    const label = (item) => Object.values(item.bindings || {}).map(labelOf).join(" ").replace(/^the /, "");
    const items = [...answer.answers].sort((a, b) => label(a).localeCompare(label(b)));
    items.forEach((item, i) => {
      const bindings = bindingWords(item.bindings);
      if (bindings) box.append(h("p", { class: "binding" }, "Answer", bindings));
      // the first proof is open; the others start folded so that many answers stay readable
      if (item.proof) box.append(h("div", { class: "tree", role: "group", "aria-label": `Proof of ${item.proof.sentence}` }, renderProof(item.proof, diff, i === 0)));
    });
  } else if (answer.why_not) {
    box.append(h("div", { class: "tree", role: "group", "aria-label": "Why not" }, renderWhyNot(answer.why_not, diff)));
  }
  renderRemoved(diff);
  renderFactToggles(answer);
  renderSuggestions(answer);
  renderPicker();
  const truncated = (answer.truncated || []).length ? ` Cut short: ${answer.truncated.join("; ")}.` : "";
  $("#meta").textContent = `Answered in ${answer.elapsed_ms} ms with rules ${answer.versions.rules} and facts ${answer.versions.facts}.${truncated}`;
  app.previous = { scenario, answer };
  markStale();
  app.diagramFor = "";
  if ($("#diagram-box").open) renderDiagram();
  if (app.state.compare) compareInterpretations();
  else $("#comparison").hidden = true;
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
      const [status, ...rest] = key.split(":");
      const atom = rest.join(":");
      return h("li", { "data-atom": atom }, h("span", { class: `mark ${status}`, "aria-hidden": "true" }, MARK[status]), " ", sentence(atom), " ", code(atom), status === "holds" ? " (held)" : " (failed)");
    })),
  );
  box.hidden = false;
}

// ---------------------------------------------------------------- scenario: toggles and suggestions

/** True if an atom has no variables (only a ground fact can be assumed). */
function isGround(atom) {
  const parsed = splitAtom(atom);
  return Boolean(parsed) && parsed.args.every((a) => !isVariable(a));
}

/** Base facts in the explanation: facts that held, assumptions, and missing facts. */
function explanationFacts(answer) {
  const facts = new Map(); // atom -> status
  const add = (atom, status) => {
    if (!facts.has(atom)) facts.set(atom, status);
  };
  visitExplanation(
    answer,
    (node) => {
      if (node.kind === "fact") add(node.atom, "base");
      if (node.kind === "assumed") add(node.atom, "assumed");
    },
    (w) => {
      if (w.kind === "missing-fact" && isGround(w.atom)) add(w.atom, "missing");
      if (w.kind === "retracted") add(w.atom, "retracted");
    },
  );
  for (const atom of answer.assume || []) add(atom, "assumed");
  for (const atom of answer.retract || []) facts.set(atom, "retracted");
  return facts;
}

const TOGGLE_NOTE = { base: "holds (untick to take it away)", assumed: "assumed", missing: "missing (tick to assume)", retracted: "taken away" };

function renderFactToggles(answer) {
  const list = $("#fact-toggles");
  list.replaceChildren();
  let i = 0;
  for (const [atom, status] of explanationFacts(answer)) {
    if (interpretationName(atom)) continue; // chosen under Interpretations
    const id = `fact-${i++}`;
    const checked = status === "base" || status === "assumed";
    const input = h("input", { type: "checkbox", id, checked, "data-fact": atom, "data-status": status });
    input.addEventListener("change", () => toggleFact(atom, status));
    const text = h("label", { for: id }, sentence(atom), " ", code(atom), h("span", { class: "help" }, ` ${TOGGLE_NOTE[status]}`));
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
  const parsed = splitAtom(atom);
  return parsed && parsed.pred === "interpretation" && parsed.args.length === 1 ? parsed.args[0] : null;
}

/** The scenario with `atoms` made true: interpretations selected, retracted facts restored,
 * other facts assumed. */
export function withAssumed(atoms) {
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
        h("ul", {}, set.map((a) => h("li", { "data-atom": a }, sentence(a), " ", code(a)))),
        h("button", { type: "button", class: "suggest", onclick: () => submitScenario(withAssumed(set), { focus: true }) }, `Assume ${set.length === 1 ? "this" : `these ${set.length}`}`),
      ),
    );
  }
  if (!list.childElementCount) {
    const why = answer.holds
      ? "It already holds."
      : isGround(answer.query)
        ? "No small set of missing facts would make it hold."
        : "Shown for questions about named states and events (not “any”).";
    list.append(h("li", { class: "help" }, why));
  }
}

// ---------------------------------------------------------------- assuming a fact as a sentence

function renderPicker() {
  const select = $("#pick-kind");
  if (select.childElementCount) return;
  const inputs = [...kb.predicates.values()].filter((p) => p.kind === "input" && p.name !== "interpretation");
  select.replaceChildren(...inputs.map((p) => h("option", { value: p.name }, templateWords(p))));
  if (inputs.some((p) => p.name === "hostilities_in")) select.value = "hostilities_in";
  renderPickArgs();
}

function renderPickArgs() {
  const pred = kb.predicates.get($("#pick-kind").value);
  const box = $("#pick-args");
  box.replaceChildren();
  if (!pred) return;
  const question = splitAtom(app.state.query);
  pred.params.forEach((p, i) => {
    const id = `pick-${i}`;
    const listId = `pick-list-${i}`;
    // prefill from the question where it names the same kind of thing (its event, its treaty)
    const qPred = question && kb.predicates.get(question.pred);
    const j = qPred ? qPred.params.findIndex((q) => q.kind === p.kind && (p.kind === "event" || p.kind === "treaty")) : -1;
    const value = j >= 0 && !isVariable(question.args[j]) ? labelOf(question.args[j]) : "";
    const extra = p.kind === "event" ? scenarioConstants().map(humanize) : [];
    box.append(
      h("div", { class: "row" }, h("label", { for: id }, p.name), h("input", { id, type: "text", list: listId, autocomplete: "off", value, "data-kind": p.kind })),
      h("datalist", { id: listId }, [...choicesFor(p.kind), ...extra.map((c) => [c, "in this scenario"])].map(([value, hint]) => h("option", { value, label: hint || null }))),
    );
  });
}

/** Resolve the picker's names to an atom; unknown names get a message and suggestions. */
async function submitPicked() {
  const pred = kb.predicates.get($("#pick-kind").value);
  const errors = $("#pick-errors");
  errors.hidden = true;
  const inputs = [...document.querySelectorAll("#pick-args input")];
  const ids = [];
  const problems = [];
  for (const [i, input] of inputs.entries()) {
    const kind = pred.params[i].kind;
    const typed = input.value.trim();
    const id = resolveName(typed, kind, scenarioConstants());
    if (id) ids.push(id);
    else problems.push({ input, typed, kind, name: pred.params[i].name });
  }
  if (problems.length) {
    const items = await Promise.all(problems.map(async (p) => {
      const near = p.typed ? await suggestNames(p.typed, p.kind).catch(() => []) : [];
      return h(
        "li",
        {},
        p.typed ? `No ${kindWords(p.kind)} is called “${p.typed}”.` : `Name the ${p.name}.`,
        near.length ? [" Did you mean ", near.map((n, k) => [k ? ", " : "", h("button", { type: "button", class: "link", onclick: () => { p.input.value = n; p.input.focus(); } }, n)]), "?"] : "",
      );
    }));
    errors.replaceChildren(h("p", {}, "Nothing was assumed:"), h("ul", {}, items));
    errors.hidden = false;
    return;
  }
  submitScenario(withAssumed([`${pred.name}(${ids.join(", ")})`]), { focus: true });
}

function kindWords(kind) {
  return { place: "state or place", state: "state", event: "event", treaty: "treaty", region: "region" }[kind] || kind;
}

/** A fact typed as Datalog: names are matched like the picker's (case-insensitive, by label
 * or id); unknown names and wrong shapes are reported here, and nothing is sent. */
async function submitTypedFact() {
  const errors = $("#assume-errors");
  errors.hidden = true;
  const text = $("#assume-input").value.trim();
  if (!text) return;
  const parsed = splitAtom(text);
  const pred = parsed && kb.predicates.get(parsed.pred);
  const fail = (...msg) => {
    errors.replaceChildren(h("p", {}, ...msg));
    errors.hidden = false;
  };
  if (!parsed) return fail("Write a fact as name(argument, …), e.g. hostilities_in(karabakh_war_2020, syunik), or pick one as a sentence above.");
  if (!pred || pred.kind !== "input") return fail(`“${parsed.pred}” is not a kind of fact that can be assumed.`);
  if (parsed.args.length !== pred.params.length) return fail(`${parsed.pred} takes ${pred.params.length} names (${pred.params.map((p) => p.name).join(", ")}), not ${parsed.args.length}.`);
  const ids = [];
  for (const [i, arg] of parsed.args.entries()) {
    const kind = pred.params[i].kind;
    const id = resolveName(arg.replace(/_/g, " "), kind, scenarioConstants()) || resolveName(arg, kind, scenarioConstants());
    if (!id) {
      const near = await suggestNames(arg.replace(/_/g, " "), kind).catch(() => []);
      return fail(`No ${kindWords(kind)} is called “${arg}”; nothing was assumed.`, near.length ? ` Did you mean ${near.join(", ")}?` : "");
    }
    ids.push(id);
  }
  $("#assume-input").value = "";
  submitScenario(withAssumed([`${pred.name}(${ids.join(", ")})`]), { focus: true });
}

// ---------------------------------------------------------------- interpretations

/** The treaty the question is about (its argument of kind treaty), or "" for any. */
function questionTreaty() {
  const parsed = splitAtom(app.state.query);
  const pred = parsed && kb.predicates.get(parsed.pred);
  if (!pred) return "";
  const i = pred.params.findIndex((p) => p.kind === "treaty");
  return i >= 0 && !isVariable(parsed.args[i]) ? parsed.args[i] : "";
}

/** Interpretations that state a practice of the question's treaty (or of any treaty). */
function relevantInterpretations() {
  const treaty = questionTreaty();
  return app.interpretations.filter((i) => !treaty || !(i.treaties || []).length || i.treaties.includes(treaty) || app.state.interpretation.includes(i.id));
}

function renderInterpretationChoices() {
  const box = $("#interpretations");
  box.replaceChildren();
  const shown = relevantInterpretations();
  $("#compare-button").hidden = !shown.length;
  if (!shown.length) {
    box.append(h("p", { class: "help" }, "No stated interpretation departs from this treaty's text; the answer follows the text."));
    return;
  }
  const group = h("fieldset", { class: "interp" }, h("legend", { class: "visually-hidden" }, "Interpretations to apply"));
  shown.forEach((interp, i) => {
    const id = `interp-${i}`;
    const input = h("input", { type: "checkbox", id, checked: app.state.interpretation.includes(interp.id) });
    input.addEventListener("change", () => {
      const chosen = input.checked
        ? [...app.state.interpretation, interp.id]
        : app.state.interpretation.filter((x) => x !== interp.id);
      submitScenario({ interpretation: chosen });
    });
    const label = h("label", { for: id }, interp.label || interp.id, " ", code(interp.id), interp.note ? h("span", { class: "help note-line" }, interp.note) : "");
    group.append(h("div", { class: "toggle" }, input, label));
  });
  box.append(group);
}

/** The verdict under the treaty text and under each relevant interpretation: a table of
 * verdicts, with the reason written out only where it differs from the text's. */
async function compareInterpretations() {
  const box = $("#comparison");
  const first = box.hidden;
  box.hidden = false;
  const list = $("#comparison-list");
  list.replaceChildren(h("p", { class: "help" }, "Comparing…"));
  const columns = [{ id: "", label: "Treaty text" }, ...relevantInterpretations()];
  const results = await Promise.all(
    columns.map((c) =>
      api("/v1/ask", { json: askBody({ ...app.state, interpretation: c.id ? [c.id] : [] }, { explain: "summary" }) }).catch((err) => err),
    ),
  );
  const verdictOf = (r) => (r instanceof Error ? "error" : r.holds ? "yes" : "no");
  const plain = verdictOf(results[0]);
  const rows = columns.map((c, i) => {
    const r = results[i];
    const verdict = verdictOf(r);
    const differs = i > 0 && verdict !== plain;
    const reason = r instanceof Error ? r.message : i === 0 || differs ? plainSummary(r) : "Same answer as the treaty text.";
    return h(
      "tr",
      { class: `compare-row ${verdict}${differs ? " differs" : ""}`, "data-interpretation": c.id },
      h("th", { scope: "row" }, c.label || c.id, c.note ? h("span", { class: "help note-line" }, c.note) : ""),
      h("td", { class: `verdict-cell ${verdict}` }, verdict === "error" ? "Error" : verdict === "yes" ? "Yes" : "No", differs ? h("span", { class: "badge new" }, "differs from the treaty text") : ""),
      h("td", {}, reason, " ", c.id ? h("a", { href: urlFor({ ...app.state, interpretation: [c.id], compare: "" }), "data-nav": true }, "Explore") : ""),
    );
  });
  list.replaceChildren(
    h("table", { class: "compare" }, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Reading"), h("th", { scope: "col" }, "Verdict"), h("th", { scope: "col" }, "Why"))), h("tbody", {}, rows)),
  );
  if (first) box.scrollIntoView({ block: "start", behavior: "smooth" });
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
  const narrow = window.matchMedia("(max-width: 40rem)").matches;
  const key = JSON.stringify(askBody(scenario));
  if (app.diagramFor === key) return;
  app.diagramFor = key;
  box.replaceChildren(h("p", { class: "help" }, "Drawing…"));
  try {
    const [body, mermaid] = await Promise.all([api("/v1/ask", { json: askBody(scenario, { format: "mermaid" }) }), loadMermaid()]);
    const text = typeof body === "string" ? body : body.mermaid || body.diagram || body.text;
    // on a phone a fitted diagram is too small to read: start at actual size, panned in its box
    if (narrow && !app.diagramZoomChosen) $("#diagram-zoom").setAttribute("aria-pressed", "true");
    const { svg } = await mermaid.render(`casus-diagram-${++diagramCount}`, text);
    box.innerHTML = svg; // produced by Mermaid with securityLevel "strict"
    applyZoom();
    box.scrollLeft = (box.scrollWidth - box.clientWidth) / 2; // the tree's root is centred
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

// ---------------------------------------------------------------- start-up

function wire() {
  $("#question").addEventListener("change", () => {
    const previous = [...document.querySelectorAll("#question-args select")].map((s) => ({ name: s.dataset.name, kind: s.dataset.kind, value: s.value }));
    const question = currentQuestion();
    buildArgSelects(question, defaultArgs(question, previous));
    composeQuery();
  });
  $("#query").addEventListener("input", readTypedQuery);
  $("#as-of").addEventListener("input", () => {
    const value = $("#as-of").value.trim();
    $("#as-of-words").textContent = isIsoDate(value) ? dateWords(value) : "Write the date as year-month-day, e.g. 2020-10-07.";
    markStale();
  });
  $("#ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const as_of = $("#as-of").value.trim();
    if (!isIsoDate(as_of)) {
      $("#as-of-words").textContent = "Write the date as year-month-day, e.g. 2020-10-07.";
      $("#as-of").focus();
      return;
    }
    const query = namesToIds($("#query").value.trim());
    $("#query").value = query;
    submitScenario({ query, as_of }); // the scenario stays: it is about the world
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
  $("#pick-kind").addEventListener("change", renderPickArgs);
  $("#pick-form").addEventListener("submit", (event) => {
    event.preventDefault();
    submitPicked();
  });
  $("#assume-form").addEventListener("submit", (event) => {
    event.preventDefault();
    submitTypedFact();
  });
  $("#compare-button").addEventListener("click", () => {
    app.state.compare = "1";
    pushState(app.state);
    compareInterpretations();
  });
  $("#diagram-box").addEventListener("toggle", () => {
    if ($("#diagram-box").open) renderDiagram();
  });
  $("#diagram-zoom").addEventListener("click", () => {
    const button = $("#diagram-zoom");
    app.diagramZoomChosen = true;
    button.setAttribute("aria-pressed", String(button.getAttribute("aria-pressed") !== "true"));
    applyZoom();
  });
  $("#rule-filter").addEventListener("input", () => app.rules && renderRules());
  $("#entity-form").addEventListener("submit", (event) => {
    event.preventDefault();
    searchEntities($("#entity-search").value.trim()).catch((err) => renderError($("#entity-results"), err, "Could not search: "));
  });
  const datalog = $("#show-datalog");
  datalog.checked = localStorage.getItem("casus-datalog") === "1";
  document.body.classList.toggle("datalog", datalog.checked);
  datalog.addEventListener("change", () => {
    document.body.classList.toggle("datalog", datalog.checked);
    localStorage.setItem("casus-datalog", datalog.checked ? "1" : "0");
  });
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-nav], nav a[data-view]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(link.getAttribute("href"));
  });
  window.addEventListener("popstate", route);
  wireReview();
  wireBuilder({ submit: (changes) => submitScenario(changes, { focus: true }) });
  wireMap({ navigate, urlFor, replaceUrl: (changes) => { app.state = { ...app.state, ...changes }; pushState(app.state, { replace: true }); } });
}

async function start() {
  wire();
  try {
    const [questions, entities, predicates, sources] = await Promise.all([api("/v1/questions"), api("/v1/entities"), api("/v1/predicates"), api("/v1/sources")]);
    app.questions = questions;
    loadTerms(entities.items, predicates);
    kb.sources = new Map(sources.map((src) => [src.id, src]));
    app.interpretations = kb.entities.filter((e) => e.kind === "interpretation");
  } catch (err) {
    const box = $("#load-error");
    box.textContent = `Could not load the knowledge base: ${err.message}`;
    box.hidden = false;
  }
  $("#question").replaceChildren(...app.questions.map((q) => h("option", { value: q.name }, templateWords(q))));
  const options = (kind) => choicesFor(kind).map(([value, hint]) => h("option", { value, label: hint || null }));
  $("#list-state").replaceChildren(...options("state"));
  $("#list-place").replaceChildren(...options("place"));
  await route();
}

start();
