// The reference views of the explorer: the rules beside their treaty texts (grouped by
// instrument, citation keys linked to their sources) and each entity's facts over time.

import { $, code, dateWords, h, api, periodWords } from "/static/explorer/dom.js";
import { kb, labelOf, sentence, sourceLink } from "/static/explorer/words.js";
import { app, entityHref, renderError } from "/static/explorer/app.js";

/** Paragraphs of comment text: blank lines separate them, single line breaks do not. */
function paragraphs(text) {
  return text.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, " ").trim()).filter(Boolean);
}

/** Text with its citation keys ("[cst-art4-2010-en, nato-art5]") linked to their sources. */
export function withCitations(text) {
  const parts = [];
  let last = 0;
  for (const m of text.matchAll(/\[([a-z0-9][\w.-]*(?:\s*,\s*[a-z0-9][\w.-]*)*)\]/g)) {
    const keys = m[1].split(/\s*,\s*/);
    if (!keys.every((k) => kb.sources.has(k))) continue;
    parts.push(text.slice(last, m.index), "[", keys.map((k, i) => [i ? ", " : "", sourceLink({ id: k, title: kb.sources.get(k).title })]), "]");
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/** A rule's treaty article text beside the rule as written (a RuleDetail of the API). */
export function ruleBody(rule) {
  return h(
    "div",
    { class: "rule-body" },
    rule.article
      ? h("blockquote", { class: "treaty" }, paragraphs(rule.article).map((text) => h("p", {}, withCitations(text))))
      : h("p", { class: "help" }, "No treaty text is written above this rule."),
    h("pre", { class: "datalog" }, h("code", {}, rule.text)),
  );
}

function validText(rule) {
  if (rule.valid_from && rule.valid_until) return `in force from ${dateWords(rule.valid_from)} until ${dateWords(rule.valid_until)}`;
  if (rule.valid_from) return `in force from ${dateWords(rule.valid_from)}`;
  if (rule.valid_until) return `in force until ${dateWords(rule.valid_until)}`;
  return "";
}

/** Load the rules once, show them, and bring the rule named in the URL's #hash into view. */
export async function showRules() {
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

/** Lower case, with "Article 4" and "Art. 4" written alike so either finds the other. */
function searchable(text) {
  return text.toLowerCase().replace(/\barticles?\s*/g, "art. ").replace(/\bart\.?\s*/g, "art. ");
}

/** The instrument a rule belongs to: its citation up to the article ("North Atlantic Treaty"). */
function groupOf(rule) {
  return rule.citation.split(/,|:| \(/)[0].trim();
}

/** The rules matching the filter, grouped by the instrument they come from. */
export function renderRules() {
  const filter = searchable($("#rule-filter").value.trim());
  const shown = app.rules.filter((r) => !filter || searchable([r.id, r.citation, r.article || "", r.text].join(" ")).includes(filter));
  const groups = new Map();
  for (const rule of shown) {
    const group = groupOf(rule);
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push(rule);
  }
  const list = $("#rules-list");
  list.replaceChildren(
    ...[...groups].map(([group, rules]) =>
      h("section", { class: "rule-file", "aria-label": group }, h("h3", { class: "file" }, group), rules.map(ruleArticle)),
    ),
  );
  if (!shown.length) list.append(h("p", { class: "help" }, "No rule matches."));
}

function ruleArticle(rule) {
  return h(
    "article",
    { class: "rule panel", id: `rule-${rule.id}`, tabindex: "-1", "aria-labelledby": `rule-title-${rule.id}` },
    h("h4", { id: `rule-title-${rule.id}` }, h("span", { class: "citation" }, rule.citation), " ", h("code", { class: "rule-code" }, rule.id)),
    validText(rule) ? h("p", { class: "help" }, validText(rule)) : "",
    ruleBody(rule),
  );
}

// ---------------------------------------------------------------- entities and timelines

export async function searchEntities(q) {
  const list = $("#entity-results");
  const found = q ? (await api(`/v1/entities?q=${encodeURIComponent(q)}`)).items : kb.entities;
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

export async function showEntities() {
  const q = $("#entity-search").value.trim();
  await searchEntities(q).catch((err) => renderError($("#entity-results"), err, "Could not search: "));
  const box = $("#entity-detail");
  const id = app.state.entity;
  if (!id) {
    box.replaceChildren(h("p", { class: "help" }, "Choose an entity to see its facts over time."));
    return;
  }
  try {
    const page = await api(`/v1/facts?entity=${encodeURIComponent(id)}&limit=${TIMELINE_LIMIT}`);
    box.replaceChildren(
      h("h3", {}, labelOf(id), " ", code(id, "entity-code")),
      timeline(page.items),
      page.total > page.items.length ? h("p", { class: "help" }, `Showing ${page.items.length} of ${page.total} facts.`) : "",
    );
  } catch (err) {
    box.replaceChildren(h("p", { class: "error" }, err.message));
  }
}

const DAY = 86400000;
const TIMELINE_LIMIT = 100;

/** A fact as a sentence, each other entity in it linked to that entity's timeline. */
function factSentence(f) {
  const pred = kb.predicates.get(f.predicate);
  if (!pred) return sentence(f.atom);
  const parts = [];
  let last = 0;
  const template = pred.true_text;
  for (const m of template.matchAll(/\{([^{}]*)\}/g)) {
    const i = pred.params.findIndex((p) => p.name === m[1]);
    const arg = f.args[i];
    parts.push(template.slice(last, m.index));
    const linked = typeof arg === "string" && arg !== app.state.entity && kb.byId.has(arg);
    parts.push(linked ? h("a", { href: entityHref(arg), "data-nav": true }, labelOf(arg)) : labelOf(arg));
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  return h("span", { class: "fact-sentence" }, parts);
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
  const step = Math.max(1, Math.ceil((last - first + 1) / 6));
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
      { class: "tl-row", "data-atom": f.atom },
      h("div", { class: "tl-label" }, factSentence(f), " ", code(f.atom), h("span", { class: "help" }, ` ${periodWords(f.period)}`), h("span", { class: "help" }, " · ", sourceLink(f.source))),
      h("div", { class: "tl-track", "aria-hidden": "true" }, bar(f.valid_from, f.valid_until, "main", `${sentence(f.atom)} ${periodWords(f.period)}`), tick()),
      claims.map((c) =>
        h(
          "div",
          { class: "tl-claim" },
          h("span", { class: "help" }, "Disputed: ", sourceLink({ id: c.source, title: (kb.sources.get(c.source) || {}).title || c.source }), ` dates it ${claimPeriod(c)}${c.note ? ` (${c.note})` : ""}`),
          h("div", { class: "tl-track thin", "aria-hidden": "true" }, bar(c.valid_from, c.valid_until, "disputed", `${c.source}: ${claimPeriod(c)}`)),
        ),
      ),
      f.quote ? h("blockquote", { class: "tl-quote" }, `“${f.quote}”`) : "",
    );
  });
  // the date's label sits left of its line when the line is in the right half
  const flip = asOf && (asOf - lo) / (hi - lo) > 0.5 ? " flip" : "";
  const marker = asOf ? h("div", { class: `as-of-line${flip}`, style: `left:${pct(asOf)}`, "aria-hidden": "true" }, h("span", {}, `as of ${dateWords(app.state.as_of)}`)) : "";
  return h("div", { class: "timeline" }, h("div", { class: "tl-scale" }, axis, marker), h("ol", { class: "tl-rows", "aria-label": "Facts over time" }, rows));
}

function claimPeriod(c) {
  if (c.valid_from && c.valid_until) return `from ${dateWords(c.valid_from)} until ${dateWords(c.valid_until)}`;
  if (c.valid_from) return `from ${dateWords(c.valid_from)}`;
  if (c.valid_until) return `until ${dateWords(c.valid_until)}`;
  return "at all dates";
}

