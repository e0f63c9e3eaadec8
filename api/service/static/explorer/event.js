// "A new event": who attacked whom, where, when and how, built as the scenario's assumed
// facts about a new event, then asked as "who must assist the attacked state?".

import { $, h, dateWords, isIsoDate } from "/static/explorer/dom.js";
import { humanize, isVariable, kb, labelOf, resolveName, splitAtom, suggestNames } from "/static/explorer/words.js";

/** A new event's id from its name: lower case words joined by "_", never an existing id. */
function eventId(name) {
  const base = name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "new_event";
  const id = /^[a-z]/.test(base) ? base : `event_${base}`;
  return kb.byId.has(id) ? `${id}_scenario` : id;
}

function field(id) {
  return $(`#${id}`);
}

/** Resolve each named field; returns ids, or null after listing the unknown names. */
async function resolveFields(specs) {
  const ids = {};
  const problems = [];
  for (const [key, input, kind, label] of specs) {
    const typed = input.value.trim();
    const id = typed ? resolveName(typed, kind) : null;
    if (id) ids[key] = id;
    else problems.push({ input, typed, kind, label });
  }
  if (!problems.length) return ids;
  const items = await Promise.all(problems.map(async (p) => {
    const near = p.typed ? await suggestNames(p.typed, p.kind).catch(() => []) : [];
    return h(
      "li",
      {},
      p.typed ? `${p.label}: nothing in the knowledge base is called “${p.typed}”.` : `${p.label}: please name one.`,
      near.length ? [" Did you mean ", near.map((n, k) => [k ? ", " : "", h("button", { type: "button", class: "link", onclick: () => { p.input.value = n; p.input.focus(); } }, n)]), "?"] : "",
    );
  }));
  showErrors(h("ul", {}, items));
  return null;
}

function showErrors(...content) {
  const box = field("event-errors");
  box.replaceChildren(h("p", {}, "The event was not built:"), ...content);
  box.hidden = false;
}

/** The builder's fields as a scenario: the question, its date and the assumed facts. */
async function buildScenario() {
  field("event-errors").hidden = true;
  const name = field("ev-name").value.trim() || "new event";
  const when = field("ev-date").value.trim();
  if (!isIsoDate(when)) {
    showErrors(h("p", {}, "When: write the date as year-month-day, e.g. 2001-09-11."));
    return null;
  }
  const attackerKind = field("ev-attacker-kind").value;
  const specs = [["victim", field("ev-victim"), "state", "Which state was attacked"]];
  if (field("ev-where").value.trim()) specs.push(["where", field("ev-where"), "place", "Where"]);
  if (attackerKind === "state") specs.push(["attacker", field("ev-attacker"), "state", "Attacking state"]);
  const ids = await resolveFields(specs);
  if (!ids) return null;
  if (ids.attacker && ids.attacker === ids.victim) {
    showErrors(h("p", {}, "The attacking state and the attacked state are the same."));
    return null;
  }
  const treaty = field("ev-treaty").value;
  const ev = eventId(name);
  const kind = document.querySelector('input[name="ev-kind"]:checked').value;
  const assume = [`event(${ev})`, `${kind}(${ev})`, `target(${ev}, ${ids.victim})`, `hostilities_in(${ev}, ${ids.where || ids.victim})`];
  if (attackerKind === "state") assume.push(`attacker(${ev}, ${ids.attacker})`);
  if (attackerKind === "nonstate") assume.push(`non_state_attacker(${ev})`);
  if (field("ev-forces").checked) assume.push(`attack_on_forces(${ev}, ${ids.victim})`);
  if (field("ev-request").checked) assume.push(`requested_assistance(${ids.victim}, ${treaty}, ${ev})`);
  return { query: `must_assist(A, ${ids.victim}, ${treaty}, ${ev})`, as_of: when, assume, retract: [], interpretation: [], compare: "" };
}

/** Fill the builder back from a scenario it made (the URL keeps the event). */
export function fillBuilder(state) {
  const treaties = kb.entities.filter((e) => e.kind === "treaty");
  const select = field("ev-treaty");
  if (!select.childElementCount) select.replaceChildren(...treaties.map((t) => h("option", { value: t.id }, t.label)));
  const q = splitAtom(state.query);
  if (!q || q.pred !== "must_assist" || q.args.length !== 4) return;
  const ev = q.args[3];
  if (isVariable(ev) || kb.byId.has(ev)) return;
  const facts = (state.assume || []).map(splitAtom).filter((a) => a && a.args.includes(ev));
  if (!facts.length) return;
  const has = (pred) => facts.find((f) => f.pred === pred);
  field("ev-name").value = humanize(ev);
  field("ev-date").value = state.as_of;
  if (has("target")) field("ev-victim").value = labelOf(has("target").args[1]);
  if (has("hostilities_in")) field("ev-where").value = labelOf(has("hostilities_in").args[1]);
  field("ev-attacker-kind").value = has("attacker") ? "state" : has("non_state_attacker") ? "nonstate" : "unknown";
  field("ev-attacker-row").hidden = !has("attacker");
  if (has("attacker")) field("ev-attacker").value = labelOf(has("attacker").args[1]);
  const kind = has("border_incident") ? "border_incident" : "armed_attack";
  document.querySelector(`input[name="ev-kind"][value="${kind}"]`).checked = true;
  field("ev-forces").checked = Boolean(has("attack_on_forces"));
  field("ev-request").checked = Boolean(has("requested_assistance"));
  if (!isVariable(q.args[2])) select.value = q.args[2];
  field("event-builder").open = true;
}

export function wireBuilder({ submit }) {
  field("ev-attacker-kind").addEventListener("change", () => {
    field("ev-attacker-row").hidden = field("ev-attacker-kind").value !== "state";
  });
  field("ev-date").addEventListener("input", () => {
    const value = field("ev-date").value.trim();
    field("ev-date").title = isIsoDate(value) ? dateWords(value) : "";
  });
  field("event-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const scenario = await buildScenario();
    if (scenario) submit(scenario);
  });
}
