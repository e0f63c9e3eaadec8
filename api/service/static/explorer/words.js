// Plain English for the knowledge base's terms: entity labels, sentences for facts, and typed
// names resolved to entities (case-insensitive, by label, alias or id; never guessed).

import { api, dateWords, h } from "/static/explorer/dom.js";

export const kb = {
  entities: [],
  byId: new Map(),
  predicates: new Map(), // name -> {params, true_text, false_text, kind}
  sources: new Map(), // id -> {url, title, publisher}
};

export function loadTerms(entities, predicates) {
  kb.entities = entities;
  kb.byId = new Map(entities.map((e) => [e.id, e]));
  kb.predicates = new Map(predicates.map((p) => [p.name, p]));
}

/** A constant that names no entity (an event built in this scenario): its words. */
export function humanize(id) {
  return String(id).replace(/_/g, " ");
}

export function labelOf(id) {
  const entity = kb.byId.get(id);
  return entity ? entity.label || id : humanize(id);
}

/** Split `p(a, B, c)` into its predicate and argument texts (null if it is not that shape). */
export function splitAtom(text) {
  const match = /^\s*([a-z][A-Za-z0-9_]*)\s*\((.*)\)\s*\.?\s*$/.exec(text || "");
  if (!match) return null;
  const args = match[2].trim() ? match[2].split(",").map((s) => s.trim()) : [];
  return { pred: match[1], args };
}

export const isVariable = (arg) => /^[A-Z_]/.test(arg);

/** Fill a sentence template: {name} becomes the label of the argument in that place. */
function fill(template, params, args, someone) {
  const words = {};
  params.forEach((p, i) => {
    const arg = args[i];
    words[p.name] = arg === undefined || isVariable(arg) ? someone || `some ${p.kind || p.name}` : labelOf(arg);
  });
  return template.replace(/\{([^{}]*)\}/g, (m, name) => words[name] ?? m);
}

/** An atom as a plain-English sentence (the atom itself when its predicate is unknown). */
export function sentence(atom, holds = true, someone = "") {
  const parsed = splitAtom(atom);
  const pred = parsed && kb.predicates.get(parsed.pred);
  if (!pred) return atom;
  return fill(holds ? pred.true_text : pred.false_text, pred.params, parsed.args, someone);
}

/** A predicate's sentence with blanks: "hostilities in … took place in …". */
export function templateWords(pred) {
  return pred.true_text.replace(/\{([^{}]*)\}/g, (m, name) => `[${name}]`);
}

/** Entity kinds a parameter of `kind` accepts: a state's id also names its territory. */
export function kindsFor(kind) {
  if (kind === "place") return ["place", "state", "region"];
  if (kind === "region") return ["region", "place"];
  return kind ? [kind] : null;
}

function names(e) {
  const label = e.label || "";
  return [e.id, label, label.replace(/^the /i, ""), ...(e.aliases || []), e.iso || ""].filter(Boolean);
}

/** The entity a typed name means, or null: exact (case-insensitive) id, label, alias or ISO
 * code among entities of the accepted kinds, plus constants this scenario introduced. */
export function resolveName(text, kind, extra = []) {
  const needle = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (!needle) return null;
  const kinds = kindsFor(kind);
  const pool = kb.entities.filter((e) => !kinds || kinds.includes(e.kind));
  const hit = pool.find((e) => names(e).some((n) => n.toLowerCase() === needle));
  if (hit) return hit.id;
  const slug = needle.replace(/ /g, "_");
  return extra.includes(slug) ? slug : null;
}

/** Near names for an unknown one, from the API's entity search (labels, for the reader). */
export async function suggestNames(text, kind) {
  const kinds = kindsFor(kind);
  const found = await api(`/v1/entities?q=${encodeURIComponent(text.trim())}`);
  const items = found.items.filter((e) => !kinds || kinds.includes(e.kind)).slice(0, 5);
  if (items.length) return items.map((e) => e.label);
  return (found.suggestions || [])
    .map((id) => kb.byId.get(id))
    .filter((e) => e && (!kinds || kinds.includes(e.kind)))
    .map((e) => e.label);
}

/** [value, hint] pairs for a <datalist> of the entities a parameter accepts: the label is
 * the value; the aliases are the hint, which browsers also match (typing "Zangezur" offers
 * Syunik). */
export function choicesFor(kind) {
  const kinds = kindsFor(kind);
  return kb.entities.filter((e) => !kinds || kinds.includes(e.kind)).map((e) => [e.label || e.id, (e.aliases || []).join(", ")]);
}

/** The summary without atoms: its "It would hold if a(x) and b(y)." tail in sentences. */
export function plainSummary(answer) {
  let text = answer.summary || "";
  const tail = text.indexOf(" It would hold if ");
  if (tail >= 0 && answer.would_hold_if && answer.would_hold_if.length) {
    text = `${text.slice(0, tail)} It would hold if ${answer.would_hold_if[0].map((a) => sentence(a)).join(" and ")}.`;
  }
  text = text.replace(/ \(rule [\w.]+\)/g, "");
  text = text.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (d) => dateWords(d));
  if (!answer.holds || !answer.answers.length || Object.keys(answer.answers[0].bindings || {}).length === 0) return text;
  // an open question: name the answers instead of listing atoms; a variable with the same
  // value in every answer (the victim of must_assist(A, V, …)) is written into the sentence
  const first = answer.answers[0].bindings;
  const fixed = Object.keys(first).filter((v) => answer.answers.every((a) => a.bindings[v] === first[v]));
  const varying = Object.keys(first).filter((v) => !fixed.includes(v) || answer.answers.length === 1);
  const parsed = splitAtom(answer.query);
  const query = parsed ? `${parsed.pred}(${parsed.args.map((a) => (fixed.includes(a) && !varying.includes(a) ? first[a] : a)).join(", ")})` : answer.query;
  const bare = (text) => text.replace(/^the /, "");
  const who = answer.answers.map((a) => varying.map((v) => labelOf(a.bindings[v])).join(" with ")).sort((x, y) => bare(x).localeCompare(bare(y)));
  return `Yes, as of ${dateWords(answer.as_of)}, ${sentence(query, true, "each of these")}: ${who.join(", ")} (${who.length}).`;
}


/** A source's title, linked to where it can be read when the source has an address. */
export function sourceLink(brief) {
  const src = kb.sources.get(brief.id);
  return src && src.url ? h("a", { href: src.url, rel: "noopener", target: "_blank" }, brief.title) : brief.title;
}

