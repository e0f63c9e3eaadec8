// "Review an article": the facts an article states, marked in its text, each with how it was
// found, how sure the reader is and what the knowledge base already says; what accepting them
// would change; the accepted ones as a facts file to download (or written by the server when
// it allows writes). The server reads the article again for the patch, so the accepted facts
// are always the article's own.

import { $, h, api, code, dateWords, isIsoDate } from "/static/explorer/dom.js";
import { humanize, kb, labelOf, sentence } from "/static/explorer/words.js";

const STATUS = {
  new: ["new", "new to the knowledge base"],
  known: ["known", "already in the knowledge base"],
  contradicts: ["contradicts", "contradicts the knowledge base"],
  absent: ["known", "the knowledge base agrees: it does not hold"],
};

const review = {
  page: null, // an opened HTML page: {name, html}; its main text is read on the server
  body: null, // the request the shown result answers (reused for the patch and the write)
  result: null,
  text: "", // the text the candidates' spans count in
  decisions: new Map(), // candidate number -> "accept" | "reject"
  labels: new Map(), // ids the knowledge base lacks (the new event, proposed places) -> words
  maxBytes: 1024 * 1024,
  writes: false,
  versionLoaded: false,
  stale: false, // the form changed since the shown facts were found
};

// ---------------------------------------------------------------- words

/** A candidate's (or conclusion's) atom as a sentence, with this article's new names. */
function words(atom, holds = true, someone = "") {
  let text = sentence(atom, holds, someone);
  for (const [id, label] of review.labels) text = text.split(humanize(id)).join(label);
  return capital(text);
}

function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An explanation's summary line in plain words: no rule ids, dates in words, names. */
function plainExplanation(text) {
  const first = (text || "").split("\n\n")[0];
  return first
    .replace(/ \(rule [\w.]+\)/g, "")
    .replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (d) => dateWords(d))
    .replace(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g, (id) => review.labels.get(id) || labelOf(id));
}

function percent(confidence) {
  return `${Math.round(confidence * 100)}%`;
}

// ---------------------------------------------------------------- form

function showErrors(message) {
  const box = $("#rv-errors");
  box.replaceChildren(...[].concat(message));
  box.hidden = !message || (Array.isArray(message) && !message.length);
}

function problemText(err) {
  const items = (err.body && err.body.errors) || [];
  const hints = items.flatMap((e) => e.hints || []);
  return hints.length && err.body.code !== "not-a-candidate" ? `${err.message} (${hints.join(", ")})` : err.message;
}

/** The request for the form as it stands, or null after saying what is wrong. */
function readForm() {
  const text = $("#rv-text").value;
  const published = $("#rv-published").value.trim();
  const problems = [];
  const source = review.page ? review.page.html : text;
  if (!source.trim()) problems.push("Paste the article's text, or open a file.");
  if (new Blob([source]).size > review.maxBytes - 4096) {
    problems.push(`The article is too long: at most ${Math.floor(review.maxBytes / 1024)} KB can be read.`);
  }
  if (published && !isIsoDate(published)) problems.push("Write the publication date as year-month-day, e.g. 2031-02-04.");
  const url = $("#rv-url").value.trim();
  if (url && !/^https?:\/\/\S+$/i.test(url)) problems.push("The address should start with http:// or https://.");
  if (problems.length) {
    showErrors(h("ul", {}, problems.map((p) => h("li", {}, p))));
    return null;
  }
  showErrors(null);
  const body = { text: source, html: Boolean(review.page) };
  if (published) body.published = published;
  for (const [key, id] of [["title", "#rv-title"], ["publisher", "#rv-publisher"], ["url", "#rv-url"]]) {
    const value = $(id).value.trim();
    if (value) body[key] = value;
  }
  return body;
}

async function openFile(input) {
  const file = input.files && input.files[0];
  const note = $("#rv-file-note");
  if (!file) return;
  if (file.size > review.maxBytes - 4096) {
    showErrors(`${file.name} is too large (${Math.ceil(file.size / 1024)} KB): at most ${Math.floor(review.maxBytes / 1024)} KB can be read.`);
    input.value = "";
    return;
  }
  const content = await file.text();
  if (/\.html?$/i.test(file.name) || file.type === "text/html") {
    review.page = { name: file.name, html: content };
    $("#rv-text").value = "";
    note.textContent = `Opened the web page ${file.name}: its article text is read when you press Find facts. Type in the box to use your own text instead.`;
  } else {
    review.page = null;
    $("#rv-text").value = content;
    note.textContent = `Opened ${file.name}.`;
  }
  showErrors(null);
  markStale();
}

function markStale() {
  if (!review.result) return;
  review.stale = true;
  $("#rv-status").textContent = "The form changed: press Find facts again to review this text.";
  updateDecisions();
}

let findSeq = 0; // only the latest reading's impact is shown

async function find() {
  const body = readForm();
  if (!body) return;
  const seq = ++findSeq;
  const status = $("#rv-status");
  status.textContent = "Reading the article…";
  $("#rv-find").disabled = true;
  let result;
  try {
    result = await api("/v1/extract", { json: body });
  } catch (err) {
    status.textContent = "";
    showErrors(`Could not read the article: ${problemText(err)}`);
    return;
  } finally {
    $("#rv-find").disabled = false;
  }
  review.body = body;
  review.result = result;
  review.stale = false;
  review.text = result.text || body.text;
  review.decisions = new Map();
  review.labels = new Map();
  const meta = result.metadata;
  if (!kb.byId.has(meta.event)) {
    const when = meta.event_start || meta.published;
    review.labels.set(meta.event, `the reported event${when ? ` (${dateWords(when)})` : ""}`);
  }
  for (const place of result.proposed_entities || []) review.labels.set(place.id, place.label);
  status.textContent = `Found ${result.candidates.length} fact${result.candidates.length === 1 ? "" : "s"}.`;
  $("#rv-result").hidden = false;
  renderArticle();
  renderCandidates();
  updateDecisions();
  $("#rv-save-status").replaceChildren();
  $("#rv-cands-title").scrollIntoView({ block: "start" });
  await findImpact(body, seq);
}

/** What accepting every fact found would change: slower (every question is asked twice),
 * so it is asked for after the facts are shown. */
async function findImpact(body, seq) {
  const box = $("#rv-impact");
  box.setAttribute("aria-busy", "true");
  box.replaceChildren(h("p", { class: "help" }, "Working out what these facts would change (this can take several seconds)…"));
  let impact = null;
  let note = "";
  try {
    impact = (await api("/v1/extract", { json: { ...body, impact: true } })).impact;
  } catch (err) {
    note = err.body && err.body.code === "no-date"
      ? "The article's date is unknown, so what it would change cannot be worked out: give the publication date and press Find facts again."
      : `Could not work out what these facts would change: ${problemText(err)}`;
  }
  if (seq !== findSeq) return;
  box.removeAttribute("aria-busy");
  renderImpact(impact, note);
}

// ---------------------------------------------------------------- the text with its marks

/** Candidates grouped by the stretch of text that states them, in reading order. */
function spans() {
  const groups = [];
  review.result.candidates.forEach((c, i) => {
    const [begin, end] = c.span;
    const last = groups[groups.length - 1];
    const same = groups.find((g) => g.begin === begin && g.end === end);
    if (same) same.numbers.push(i + 1);
    else if (last && begin < last.end) last.numbers.push(i + 1); // overlapping: the earlier mark
    else groups.push({ begin, end, numbers: [i + 1] });
  });
  return groups.sort((a, b) => a.begin - b.begin);
}

function factList(numbers) {
  return numbers.length === 1 ? `fact ${numbers[0]}` : `facts ${numbers.join(", ")}`;
}

function renderArticle() {
  const meta = review.result.metadata;
  const about = [
    meta.title && !review.text.trimStart().startsWith(meta.title) ? `${meta.title} · ` : "",
    meta.publisher ? `${meta.publisher} · ` : "publisher unknown · ",
    meta.published ? `published ${dateWords(meta.published)}` : "publication date unknown",
  ];
  const parts = [];
  let at = 0;
  for (const group of spans()) {
    if (group.begin > at) parts.push(review.text.slice(at, group.begin));
    parts.push(
      h(
        "mark",
        { class: "fact-mark", id: `rv-mark-${group.numbers[0]}`, "data-numbers": group.numbers.join(" "), tabindex: "0", title: `Found here: ${factList(group.numbers)}` },
        review.text.slice(group.begin, group.end),
        h("span", { class: "visually-hidden" }, ` (${factList(group.numbers)})`),
      ),
      h("sup", { class: "mark-refs", "aria-hidden": "true" }, group.numbers.join(",")),
    );
    at = Math.max(at, group.end);
  }
  parts.push(review.text.slice(at));
  $("#rv-article").replaceChildren(h("p", { class: "help article-meta" }, about), h("div", { class: "article-body" }, parts));
}

function goToCard(number) {
  const card = $(`#rv-cand-${number}`);
  if (!card) return;
  card.scrollIntoView({ block: "center" });
  card.focus({ preventScroll: true });
}

function goToMark(number) {
  const mark = [...document.querySelectorAll("#rv-article .fact-mark")].find((m) => m.dataset.numbers.split(" ").includes(String(number)));
  if (!mark) return;
  mark.scrollIntoView({ block: "center" });
  mark.focus({ preventScroll: true });
  mark.classList.add("flash");
  setTimeout(() => mark.classList.remove("flash"), 1200);
}

// ---------------------------------------------------------------- candidates

function candidateCard(c, number) {
  const [cls, statusWords] = STATUS[c.kb_status] || ["", c.kb_status];
  const facts = [
    h("span", { class: `badge kb-${cls}` }, statusWords),
    h("span", {}, `confidence ${percent(c.confidence)}`),
    h("span", {}, `found by the “${humanize(c.pattern).replace(/-/g, " ")}” pattern`),
    c.valid_from ? h("span", {}, `from ${dateWords(c.valid_from)}`) : null,
    c.attributed_to ? h("span", {}, `according to ${labelOf(c.attributed_to)}`) : null,
  ];
  const choice = c.holds
    ? h(
        "fieldset",
        { class: "decide" },
        h("legend", { class: "visually-hidden" }, `Fact ${number}: accept or reject`),
        ["accept", "reject"].map((value) =>
          h(
            "label",
            { class: `choice ${value}` },
            h("input", { type: "radio", name: `rv-decide-${number}`, value, onchange: () => decide(number, value) }),
            value === "accept" ? " Accept" : " Reject",
          ),
        ),
      )
    : h("p", { class: "help" }, "The article says this does not hold. It is shown for you to check; it is not added as a fact.");
  return h(
    "li",
    { id: `rv-cand-${number}`, class: `candidate${c.holds ? "" : " against"}`, tabindex: "-1", "data-fact": c.fact },
    h("p", { class: "cand-sentence" }, h("span", { class: "num" }, `${number}.`), " ", words(c.fact, c.holds)),
    code(c.holds ? c.fact : `not ${c.fact}`),
    h("p", { class: "cand-facts" }, facts),
    h("div", { class: "cand-actions" }, choice, h("button", { type: "button", class: "link", onclick: () => goToMark(number) }, "Show in the article")),
  );
}

function renderCandidates() {
  const items = review.result.candidates.map((c, i) => candidateCard(c, i + 1));
  $("#rv-candidates").replaceChildren(...items);
  if (!items.length) $("#rv-candidates").replaceChildren(h("li", { class: "help" }, "No facts were found in this text."));
}

function decide(number, value) {
  review.decisions.set(number, value);
  updateDecisions();
}

function acceptedFacts() {
  const facts = review.result.candidates.filter((c, i) => c.holds && review.decisions.get(i + 1) === "accept").map((c) => c.fact);
  return [...new Set(facts)];
}

function updateDecisions() {
  const candidates = review.result.candidates;
  let accepted = 0;
  let rejected = 0;
  let open = 0;
  candidates.forEach((c, i) => {
    const choice = review.decisions.get(i + 1);
    const card = $(`#rv-cand-${i + 1}`);
    if (card) card.dataset.decision = choice || "";
    for (const input of card ? card.querySelectorAll("input[type=radio]") : []) input.checked = input.value === choice;
    if (!c.holds) return;
    if (choice === "accept") accepted += 1;
    else if (choice === "reject") rejected += 1;
    else open += 1;
  });
  for (const mark of document.querySelectorAll("#rv-article .fact-mark")) {
    const choices = mark.dataset.numbers.split(" ").map((n) => review.decisions.get(Number(n)));
    mark.dataset.decision = choices.every((d) => d === "reject") ? "reject" : choices.some((d) => d === "accept") ? "accept" : "";
  }
  $("#rv-tally").textContent = `${accepted} accepted, ${rejected} rejected, ${open} to decide.`;
  $("#rv-accept-rest").disabled = open === 0;
  $("#rv-download").disabled = accepted === 0 || review.stale;
  $("#rv-write").disabled = accepted === 0 || review.stale;
}

function acceptRest() {
  review.result.candidates.forEach((c, i) => {
    if (c.holds && !review.decisions.has(i + 1)) review.decisions.set(i + 1, "accept");
  });
  updateDecisions();
}

// ---------------------------------------------------------------- impact

const CHANGE = { added: "would now hold", removed: "would no longer hold", changed: "same answer, other reasons" };

/** Changes of the same kind and question that differ only in their first argument, together. */
function groupChanges(changes) {
  const groups = new Map();
  for (const change of changes) {
    const match = /^(\w+)\((.*)\)$/.exec(change.conclusion);
    const args = match ? match[2].split(",").map((s) => s.trim()) : [];
    const key = `${change.kind}|${match ? match[1] : change.conclusion}|${args.slice(1).join(",")}`;
    if (!groups.has(key)) groups.set(key, { kind: change.kind, pred: match && match[1], rest: args.slice(1), changes: [] });
    groups.get(key).changes.push({ change, first: args[0] });
  }
  return [...groups.values()];
}

function groupSentence(group) {
  if (group.changes.length === 1) return words(group.changes[0].change.conclusion);
  const open = `${group.pred}(Someone, ${group.rest.join(", ")})`;
  const who = group.changes.map((c) => labelOf(c.first)).sort((a, b) => a.replace(/^the /, "").localeCompare(b.replace(/^the /, "")));
  return `${words(open, true, "each of these")}: ${who.join(", ")}${who.length > 3 ? ` (${who.length})` : ""}.`;
}

function changeView(group) {
  const change = group.changes[0].change;
  const side = change.kind === "removed" ? change.before : change.after;
  return h(
    "li",
    { class: `change ${group.kind}` },
    h(
      "details",
      {},
      h("summary", {}, h("span", { class: `badge change-${group.kind}` }, CHANGE[group.kind] || group.kind), " ", groupSentence(group)),
      h("p", { class: "explain" }, group.changes.length > 1 ? `For example: ${plainExplanation(side.explanation)}` : capital(plainExplanation(side.explanation))),
      code(group.changes.map((c) => c.change.conclusion).join("\n"), "atom block"),
    ),
  );
}

function renderImpact(impact, note) {
  const box = $("#rv-impact");
  if (!impact) {
    box.replaceChildren(h("p", { class: "help" }, note || "Not worked out."));
    return;
  }
  const groups = groupChanges(impact.changes);
  const verdicts = groups.filter((g) => g.kind !== "changed");
  const reasons = groups.filter((g) => g.kind === "changed");
  const count = impact.changes.filter((c) => c.kind !== "changed").length;
  const lead = h(
    "p",
    {},
    count
      ? `As of ${dateWords(impact.as_of)}, accepting the ${impact.assumed.length} facts would change the answer to ${count} question${count === 1 ? "" : "s"}:`
      : `As of ${dateWords(impact.as_of)}, accepting the ${impact.assumed.length} facts would change no answer.`,
  );
  const parts = [lead, h("ul", { class: "changes" }, verdicts.map(changeView))];
  if (reasons.length) {
    const n = reasons.reduce((sum, g) => sum + g.changes.length, 0);
    parts.push(
      h(
        "details",
        { class: "same-answers" },
        h("summary", {}, `${n} answer${n === 1 ? "" : "s"} would stay the same, with these facts among the reasons`),
        h("ul", { class: "changes" }, reasons.map(changeView)),
      ),
    );
  }
  if (impact.skipped.length) parts.push(h("p", { class: "help" }, `Not assumed: ${impact.skipped.map((s) => plainExplanation(s)).join("; ")}`));
  box.replaceChildren(...parts);
}

// ---------------------------------------------------------------- saving

async function post(path, accept) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, application/yaml" },
    body: JSON.stringify({ ...review.body, accept }),
  });
  if (!response.ok) {
    const body = await response.json().catch(() => ({ message: `HTTP ${response.status}` }));
    throw Object.assign(new Error(body.message || `HTTP ${response.status}`), { body });
  }
  return response;
}

function saveStatus(...content) {
  $("#rv-save-status").replaceChildren(...content);
}

/** The writer's reasons for facts it left out, as the patch lists them under its header. */
function leftOut(patch) {
  const lines = patch.split("\n");
  const start = lines.indexOf("# Not included:");
  if (start < 0) return [];
  const found = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith("#   ")) break;
    found.push(line.slice(4));
  }
  return found;
}

/** Facts left out, each with its reason in words ("unknown entity klaipeda" names a place
 * the knowledge base has yet to get). */
function notWritten(reasons) {
  if (!reasons.length) return "";
  const items = reasons.map((reason) => {
    const match = /^(\w+\([^)]*\)): (.*)$/.exec(reason);
    if (!match) return h("li", {}, reason);
    const why = match[2].replace(/^unknown entit(?:y|ies) ([\w, ]+?) \(add to entities\.yaml first\)$/, (m, ids) => `it names ${ids.split(", ").map((id) => review.labels.get(id) || labelOf(id)).join(", ")}, which the knowledge base does not have yet (add ${ids.includes(",") ? "them" : "it"} to the entities first)`);
    return h("li", {}, `${words(match[1])}: ${why}.`, " ", code(match[1]));
  });
  return h("details", { open: true }, h("summary", {}, `${reasons.length} not included`), h("ul", {}, items));
}

async function download() {
  const accept = acceptedFacts();
  try {
    const response = await post("/v1/extract/patch", accept);
    const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") || "");
    const file = name ? name[1] : "casus-facts.yaml";
    const text = await response.text();
    const url = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
    const link = h("a", { href: url, download: file, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    const left = leftOut(text);
    const kept = accept.length - left.length;
    saveStatus(h(
      "div",
      { class: "note written" },
      h("p", {}, `Downloaded ${file} with ${kept} of the ${accept.length} accepted facts, marked unreviewed. Its first lines say which source (and event) to add before the facts.`),
      notWritten(left),
    ));
  } catch (err) {
    saveStatus(h("p", { class: "error" }, `Could not make the file: ${problemText(err)}`));
  }
}

async function write() {
  const accept = acceptedFacts();
  try {
    const done = await (await post("/v1/extract/write", accept)).json();
    const lines = [
      `${done.added.length} fact${done.added.length === 1 ? "" : "s"} added to ${done.file}, unreviewed, citing the source ${done.source}.`,
      done.corroborated.length ? `${done.corroborated.length} fact${done.corroborated.length === 1 ? "" : "s"} the knowledge base already had gained this source.` : "",
      done.events_added.length ? `${done.events_added.length === 1 ? "The new event was" : "The new events were"} added to the entities, for review.` : "",
      "They are used in answers once a person reviews them (casus review), or when the server includes unreviewed facts.",
    ].filter(Boolean);
    saveStatus(h("div", { class: "note written" }, lines.map((l) => h("p", {}, l)), notWritten(done.skipped)));
  } catch (err) {
    saveStatus(h("p", { class: "error" }, `Could not write the facts: ${problemText(err)}`));
  }
}

// ---------------------------------------------------------------- wiring

export async function showReview() {
  if (review.versionLoaded) return;
  review.versionLoaded = true;
  try {
    const version = await api("/v1/version");
    review.maxBytes = version.limits.max_body_bytes;
    review.writes = Boolean(version.writes);
  } catch {
    review.writes = false;
  }
  $("#rv-write").hidden = !review.writes;
}

export function wireReview() {
  $("#review-form").addEventListener("submit", (event) => {
    event.preventDefault();
    find();
  });
  $("#rv-file").addEventListener("change", (event) => openFile(event.target));
  $("#rv-text").addEventListener("input", () => {
    if (review.page) {
      review.page = null;
      $("#rv-file-note").textContent = "";
    }
    markStale();
  });
  for (const id of ["#rv-published", "#rv-publisher", "#rv-title", "#rv-url"]) $(id).addEventListener("input", markStale);
  $("#rv-published").addEventListener("input", () => {
    const value = $("#rv-published").value.trim();
    $("#rv-published-words").textContent = isIsoDate(value) ? dateWords(value) : "";
  });
  $("#rv-accept-rest").addEventListener("click", acceptRest);
  $("#rv-download").addEventListener("click", download);
  $("#rv-write").addEventListener("click", write);
  $("#rv-article").addEventListener("click", (event) => {
    const mark = event.target.closest(".fact-mark");
    if (mark) goToCard(mark.dataset.numbers.split(" ")[0]);
  });
  $("#rv-article").addEventListener("keydown", (event) => {
    const mark = event.target.closest(".fact-mark");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      goToCard(mark.dataset.numbers.split(" ")[0]);
    }
  });
}
