// History: the casebook's real cases (GET /v1/cases) with its overall figures on top; one
// case (GET /v1/cases/{id}) shows the treaty text's verdict, what the allies actually did and
// each interpretation's verdict, side by side, all in plain English with sources linked.

import { $, h, api, dateWords } from "/static/explorer/dom.js";
import { kb, labelOf, plainSummary } from "/static/explorer/words.js";
import { app, renderError, sourceView, urlFor } from "/static/explorer/app.js";
import { withCitations } from "/static/explorer/browse.js";

/** Each question a case raises, as the reader would ask it, and what "happened" means. */
const QUESTIONS = {
  must_assist: { ask: "Were the allies obliged to assist?", short: "Assist", did: "Did the allies assist?" },
  must_consult: { ask: "Were the allies obliged to consult?", short: "Consult", did: "Did the allies consult (or do more)?" },
};
const questionOf = (q) => q.split("(")[0];
const question = (q) => QUESTIONS[questionOf(q)] || { ask: q, short: q, did: q };

/** What the allies did, in a few words, by the outcome record's kind. */
const DID = {
  assisted: "assisted",
  consulted: "consulted",
  fact_finding: "sent a fact-finding mission",
  declined: "declined to help",
  no_action: "took no collective measure",
};

const casebook = {
  book: null, // promise of the casebook (asked once: every case under every reading)
  shown: "", // the case whose detail is on screen
  seq: 0,
};

const cap = (text) => text.charAt(0).toUpperCase() + text.slice(1);
const caseHref = (id) => urlFor({ ...app.state, view: "history", case: id });

function yesNo(holds) {
  return h("span", { class: `verdict-cell ${holds ? "yes" : "no"}` }, holds ? "Yes" : "No");
}

function matchBadge(matches) {
  return h("span", { class: `badge ${matches ? "match" : "miss"}` }, matches ? "✓ as the allies did" : "✗ not what the allies did");
}

// ---------------------------------------------------------------- the figures and the list

function range(cases) {
  return cases.length ? `from ${dateWords(cases[0].as_of)} to ${dateWords(cases[cases.length - 1].as_of)}` : "";
}

/** The casebook's overall figures as sentences, each interpretation by its label. */
function renderFigures(book) {
  const f = book.figures;
  const ofAll = (n) => `${n} of ${f.cases}`;
  const byQuestion = Object.entries(f.text_by_question).map(([q, score]) => h("li", {}, `${question(q).ask} The text is right in ${score} cases.`));
  const interps = Object.entries(f.by_interpretation).sort((a, b) => b[1] - a[1] || labelOf(a[0]).localeCompare(labelOf(b[0])));
  const better = f.best_interpretation && f.best_predicts > f.text_predicts;
  return h(
    "section",
    { class: "panel figures", "aria-labelledby": "figures-title" },
    h("h3", { id: "figures-title" }, "The casebook in figures"),
    h("p", { class: "figure-lead" }, h("strong", {}, `${f.cases} real cases`), ` ${range(book.cases)}. `,
      "The treaty text alone predicts what the allies did in ", h("strong", { "data-figure": "text" }, ofAll(f.text_predicts)), " cases."),
    h("ul", { class: "figure-list" }, byQuestion),
    h("p", {}, better
      ? ["The best single interpretation, “", labelOf(f.best_interpretation), "”, predicts ", h("strong", {}, ofAll(f.best_predicts)), "."]
      : "No single interpretation predicts more cases than the text."),
    h("details", { class: "figure-more" },
      h("summary", {}, "Each interpretation’s score"),
      h("ul", {}, interps.map(([id, n]) => h("li", {}, `${cap(labelOf(id))}: ${ofAll(n)}`))),
      h("p", { class: "help" }, "Each interpretation is asked on every case whose treaty's rules it can change; on the other cases the text's verdict counts.")),
    h("p", { class: "help" }, `Neither the text nor any interpretation predicts ${f.unexplained.length} of the cases. `,
      "Each case is asked as of the day of the allies' first recorded response; the text (or an interpretation) predicts it when every verdict (obliged to assist? to consult?) matches what the allies did."),
  );
}

/** What the allies did, in a few words: "consulted, then declined to help". */
function didWords(report) {
  const kinds = [...new Set(report.outcomes.map((o) => o.kind))];
  return kinds.length ? cap(kinds.map((k) => DID[k] || k).join(", then ")) : "Nothing recorded";
}

function caseRow(report) {
  const text = report.predicted_by.includes("text");
  const any = report.predicted_by.length > 0;
  const current = report.id === app.state.case;
  return h(
    "li",
    { class: `case-row${current ? " current" : ""}`, "data-case": report.id },
    h("a", { href: caseHref(report.id), "data-nav": true, "aria-current": current ? "true" : null },
      h("span", { class: "case-date" }, dateWords(report.as_of)),
      h("span", { class: "case-treaty" }, cap(report.treaty_label)),
      h("span", { class: "case-event" }, cap(report.event_label)),
      h("span", { class: "case-did" }, h("span", { class: "case-label" }, "What the allies did: "), didWords(report)),
      h("span", { class: `case-score ${text ? "match" : "miss"}` }, h("span", { class: "case-label" }, "Did the text predict it? "), text ? "✓ Yes" : any ? "✗ No (an interpretation does)" : "✗ No")),
  );
}

function renderList(book) {
  return h(
    "section",
    { class: "panel cases", "aria-labelledby": "cases-title" },
    h("h3", { id: "cases-title" }, "The cases"),
    h("p", { class: "help" }, "Choose a case to see the verdicts beside what happened."),
    h("div", { class: "case-head", "aria-hidden": "true" }, ["When the allies responded", "Treaty", "Event", "What the allies did", "Did the text predict it?"].map((t) => h("span", {}, t))),
    h("ol", { class: "case-list" }, book.cases.map(caseRow)),
  );
}

// ---------------------------------------------------------------- one case

/** A verdict in words: the summary without rule ids or code, dates written out. */
function verdictText(verdict) {
  return verdict.answer ? plainSummary(verdict.answer) : "";
}

function textColumn(report) {
  const reading = report.readings[0];
  return h(
    "section",
    { class: "case-col", "data-reading": "text", "aria-labelledby": "col-text" },
    h("h4", { id: "col-text" }, "What the treaty text says"),
    reading.verdicts.map((v) =>
      h("div", { class: "case-verdict", "data-question": questionOf(v.question) },
        h("p", { class: "case-q" }, question(v.question).ask, " ", yesNo(v.holds), " ", matchBadge(v.matches)),
        h("p", { class: "case-why" }, verdictText(v)))),
  );
}

/** True when the parties of `treaty` stated the interpretation (or it names no treaty). */
function statedFor(id, treaty) {
  const treaties = (kb.byId.get(id) || {}).treaties || [];
  return !treaties.length || treaties.includes(treaty);
}

/** One line of verdicts per interpretation ("Assist: Yes · Consult: Yes"); the reason is
 * written out only where a verdict differs from the text's. Interpretations stated by
 * another treaty's parties (the casebook asks them too) fold away below. */
function interpretationColumn(report) {
  const text = report.readings[0];
  const others = report.readings.slice(1);
  const own = others.filter((r) => statedFor(r.interpretation, report.treaty));
  const foreign = others.filter((r) => !statedFor(r.interpretation, report.treaty));
  const treatyNames = [...new Set(foreign.flatMap((r) => (kb.byId.get(r.interpretation) || {}).treaties || []))].map(labelOf);
  const note = (id) => (kb.byId.get(id) || {}).note;
  const item = (r) => {
    const differing = r.verdicts.filter((v, i) => v.holds !== text.verdicts[i].holds);
    return h(
      "li",
      { "data-interpretation": r.interpretation },
      h("p", { class: "interp-name" }, cap(labelOf(r.interpretation)), note(r.interpretation) ? h("span", { class: "help note-line" }, note(r.interpretation)) : ""),
      h("p", { class: "interp-line" },
        r.verdicts.map((v, i) => h("span", { class: "interp-verdict", "data-question": questionOf(v.question) }, i ? " · " : "", `${question(v.question).short}: `, yesNo(v.holds))),
        " ", matchBadge(r.predicts)),
      differing.length
        ? differing.map((v) => h("p", { class: "case-why" }, verdictText(v)))
        : h("p", { class: "help" }, "Same verdicts as the treaty text."),
      h("a", { class: "small-link", href: whatIfHref(report, [r.interpretation]), "data-nav": true }, "Ask it with this interpretation"),
    );
  };
  return h(
    "section",
    { class: "case-col", "data-reading": "interpretations", "aria-labelledby": "col-interp" },
    h("h4", { id: "col-interp" }, "Under each interpretation"),
    own.length
      ? h("ul", { class: "interp-verdicts" }, own.map(item))
      : h("p", { class: "help" }, `The parties to ${report.treaty_label} have stated no interpretation that departs from the treaty's text: the text's verdict stands.`),
    foreign.length
      ? h("details", { class: "interp-foreign" },
          h("summary", {}, `Interpretations stated for ${treatyNames.join(" and ")} (${foreign.length})`),
          h("ul", { class: "interp-verdicts" }, foreign.map(item)))
      : "",
  );
}

function recordItem(record) {
  return h(
    "li",
    { class: "record", "data-kind": record.kind },
    h("p", {}, record.date ? h("strong", {}, `${dateWords(record.date)}: `) : "", cap(record.sentence), "."),
    record.sources.map((s) => h("p", { class: "record-source help" }, s.note ? [withCitations(cap(s.note)), ". "] : "",
      "Source: ", s.url ? h("a", { href: s.url, rel: "noopener", target: "_blank" }, s.title) : s.title,
      s.publisher ? `, ${s.publisher}` : "", s.date ? `, ${dateWords(s.date)}` : "")),
  );
}

function happenedColumn(report) {
  const records = [...report.invoked, ...report.outcomes, ...report.affirmed].sort((a, b) => (a.date || "").localeCompare(b.date || ""));
  return h(
    "section",
    { class: "case-col", "data-reading": "happened", "aria-labelledby": "col-happened" },
    h("h4", { id: "col-happened" }, "What actually happened"),
    report.readings[0].verdicts.map((v) =>
      h("p", { class: "case-q", "data-question": questionOf(v.question) }, question(v.question).did, " ", yesNo(v.happened))),
    h("ul", { class: "records" }, records.map(recordItem)),
  );
}

/** The ask view on this case: its first question, on its date, the reader free to change
 * the facts (with an interpretation selected, if given). */
function whatIfHref(report, interpretation = []) {
  return urlFor({ view: "ask", query: report.questions[0], as_of: report.as_of, assume: [], retract: [], interpretation, compare: "" });
}

/** Which readings predict the case, in a sentence. */
function predictedWords(report) {
  const by = report.predicted_by;
  if (!by.length) return "Neither the treaty text nor any interpretation predicts what the allies did.";
  if (by.length === report.readings.length && by.length > 1) return "The treaty text and every interpretation predict what the allies did.";
  const names = by.map((r) => (r === "text" ? "the treaty text" : `“${labelOf(r)}”`));
  return `${cap(names.join(", "))} ${by.length === 1 ? "predicts" : "predict"} what the allies did.`;
}

function renderCase(report) {
  return h(
    "article",
    { id: "history-case", class: "panel case", "data-case": report.id, "aria-labelledby": "case-title" },
    h("h3", { id: "case-title", tabindex: "-1" }, cap(report.event_label), h("span", { class: "case-sub" }, ` under ${report.treaty_label}`)),
    h("p", { class: "case-when" }, `Asked as of ${dateWords(report.as_of)}, the day of the allies' first recorded response. `, predictedWords(report)),
    h("p", { class: "actions" },
      h("a", { class: "button", href: whatIfHref(report), "data-nav": true }, "Open this case as a what-if"),
      h("a", { href: urlFor({ ...app.state, view: "history", case: "" }), "data-nav": true }, "All cases")),
    h("div", { class: "case-grid" }, textColumn(report), happenedColumn(report), interpretationColumn(report)),
    h("details", { class: "case-facts" },
      h("summary", {}, `The facts these verdicts rest on (${report.event_facts.length})`),
      h("ul", { class: "records" }, report.event_facts.map(recordItem))),
    h("details", { class: "case-facts" },
      h("summary", {}, `Every source on this event (${report.sources.length})`),
      h("ul", { class: "sources" }, report.sources.map((s) => sourceView(s)))),
  );
}

// ---------------------------------------------------------------- the view

async function showCase(id) {
  const box = $("#history-detail");
  if (!id) {
    casebook.shown = "";
    box.replaceChildren();
    document.title = "History · casus";
    return;
  }
  if (casebook.shown === id) return;
  const seq = ++casebook.seq;
  box.replaceChildren(h("p", { class: "panel help" }, "Asking this case under the text and each interpretation…"));
  try {
    const report = await api(`/v1/cases/${encodeURIComponent(id)}`);
    if (seq !== casebook.seq) return;
    casebook.shown = id;
    box.replaceChildren(renderCase(report));
    document.title = `${cap(report.event_label)} · History · casus`;
    $("#case-title").focus();
  } catch (err) {
    if (seq !== casebook.seq) return;
    casebook.shown = "";
    box.replaceChildren(await caseError(err, id));
  }
}

/** An unknown case (a mistyped link) with the cases it probably meant, by name; any other
 * failure with the API's message. */
async function caseError(err, id) {
  const error = h("div", { class: "error", role: "alert" });
  const hints = err.body && err.body.code === "unknown-case" ? (err.body.errors || []).flatMap((e) => e.hints || []) : [];
  if (!hints.length) {
    renderError(error, err, "Could not open this case: ");
    return error;
  }
  const book = await casebook.book.catch(() => ({ cases: [] }));
  const meant = hints.map((hint) => book.cases.find((c) => c.id === hint)).filter(Boolean);
  error.append(
    h("p", {}, `The casebook has no case “${id}”.`),
    meant.length ? h("p", {}, "Did you mean ", meant.map((c, i) => [i ? ", " : "", h("a", { href: caseHref(c.id), "data-nav": true }, `${cap(c.event_label)} under ${c.treaty_label}`)]), "?") : "",
  );
  return error;
}

/** Show the figures and the list (asked once), and the case the URL names. */
export async function showHistory(state) {
  const list = $("#history-list");
  if (!casebook.book) {
    list.replaceChildren(h("p", { class: "panel help" }, "Asking every case under every reading… (a second or two)"));
    casebook.book = api("/v1/cases");
  }
  try {
    const book = await casebook.book;
    if (!list.querySelector(".cases")) {
      $("#history-figures").replaceChildren(renderFigures(book));
      list.replaceChildren(renderList(book));
    }
    for (const row of list.querySelectorAll(".case-row")) {
      const current = row.dataset.case === state.case;
      row.classList.toggle("current", current);
      const link = row.querySelector("a");
      link.href = caseHref(row.dataset.case);
      if (current) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    }
  } catch (err) {
    casebook.book = null;
    const error = h("div", { class: "error", role: "alert" });
    renderError(error, err, "Could not load the casebook: ");
    list.replaceChildren(error);
  }
  await showCase(state.case);
}
