// The map of where a treaty's guarantee reaches on a date: parties shaded, frozen members
// marked, covered territory outlined, disputed places listed; one GET /v1/coverage per date.
// Each answer says the period (since..until) over which it holds, so other dates in it
// (the slider's years, playback) reuse it without asking. The world is projected once;
// a new date only changes the classes of the countries whose standing changed.
// Drawn with the vendored d3-geo and topojson-client over world-atlas (ISO numeric ids).

import { $, h, api, dateWords, isIsoDate, todayIso } from "/static/explorer/dom.js";
import { kb, labelOf, plainSummary } from "/static/explorer/words.js";

const LIBS = ["d3-array.min.js", "d3-geo.min.js", "topojson-client.min.js"];
const WIDTH = 960;
const HEIGHT = 500;
const FIRST_YEAR = 1949;
const EVENT = "attack_here"; // the event a click on the map imagines
const KEPT = 200; // pictures kept in the page (a NATO picture is up to about 35 kB of JSON)

const map = {
  deps: null,
  ready: null, // promise of the drawn base map
  paths: new Map(), // ISO numeric -> [path]
  names: new Map(), // ISO numeric -> world-atlas name
  pending: new Map(), // "treaty|date" -> promise of coverage being fetched
  pictures: [], // coverages fetched, oldest first, each holding for its since..until
  coverage: null,
  zoomedTo: null, // the treaty whose parties the view frames
  painted: [], // paths coloured for the current date
  playing: null,
  seq: 0,
};

function loadScript(name) {
  return new Promise((resolve, reject) => {
    const script = h("script", { src: `/static/explorer/${name}` });
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${name}`));
    document.head.append(script);
  });
}

/** Load the libraries and the world once and draw every country (classes change later). */
function baseMap() {
  if (!map.ready) {
    map.ready = (async () => {
      for (const name of LIBS) await loadScript(name); // d3-geo needs d3-array first
      // 1:110m shapes repaint fast; the few states too small for them (Malta) come from 1:50m
      const [coarse, fine] = await Promise.all([api("/static/explorer/countries-110m.json"), api("/static/explorer/countries-50m.json")]);
      const features = window.topojson.feature(coarse, coarse.objects.countries).features;
      const drawn = new Set(features.map((f) => f.id));
      features.push(...window.topojson.feature(fine, fine.objects.countries).features.filter((f) => f.id && !drawn.has(f.id)));
      const projection = window.d3.geoNaturalEarth1().fitExtent([[4, 4], [WIDTH - 4, HEIGHT - 4]], { type: "Sphere" });
      const path = window.d3.geoPath(projection);
      const svg = h("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "world", role: "presentation" });
      svg.append(
        h("defs", {}, h("pattern", { id: "hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }, h("path", { d: "M0 0 V6", class: "hatch-line" }))),
        h("path", { d: path({ type: "Sphere" }), class: "sphere" }),
      );
      const group = h("g", {});
      for (const f of features) {
        const d = path(f);
        if (!d) continue;
        const el = h("path", { d, class: "country", "data-iso": f.id || "" }, h("title", {}, f.properties.name));
        group.append(el);
        if (f.id) {
          if (!map.paths.has(f.id)) map.paths.set(f.id, []);
          map.paths.get(f.id).push(el);
          map.names.set(f.id, f.properties.name);
        }
      }
      svg.append(group);
      svg.addEventListener("click", (event) => {
        const target = event.target.closest("path.country");
        if (target) clickCountry(target.dataset.iso);
      });
      $("#map").replaceChildren(svg);
    })();
  }
  return map.ready;
}

const holds = (c, treaty, asOf) => c.treaty === treaty && (!c.since || c.since <= asOf) && (!c.until || asOf < c.until);

/** The treaty's picture on the date: one fetched for the same period, else from the server. */
function coverageFor(treaty, asOf) {
  const kept = map.pictures.find((c) => holds(c, treaty, asOf));
  if (kept) return Promise.resolve(kept);
  const key = `${treaty}|${asOf}`;
  if (!map.pending.has(key)) {
    const request = api(`/v1/coverage?treaty=${encodeURIComponent(treaty)}&as_of=${asOf}`).then((coverage) => {
      if (!map.pictures.some((c) => holds(c, treaty, asOf))) map.pictures.push(coverage);
      if (map.pictures.length > KEPT) map.pictures.shift();
      return coverage;
    });
    request.finally(() => map.pending.delete(key)).catch(() => {});
    map.pending.set(key, request);
  }
  return map.pending.get(key);
}

/** The view's treaty and date: from the URL, else NATO today. */
function chosen(state) {
  const treaty = state.treaty || "nato";
  const asOf = isIsoDate(state.as_of) ? state.as_of : todayIso();
  return { treaty, asOf };
}

export async function showMap(state) {
  const { treaty, asOf } = chosen(state);
  const select = $("#map-treaty");
  if (!select.childElementCount) {
    select.replaceChildren(...kb.entities.filter((e) => e.kind === "treaty").map((t) => h("option", { value: t.id }, t.label)));
  }
  select.value = treaty;
  $("#map-date").value = asOf;
  $("#map-date-words").textContent = dateWords(asOf);
  const year = $("#map-year");
  year.max = String(new Date().getUTCFullYear());
  year.value = asOf.slice(0, 4);
  await draw(treaty, asOf);
}

/** Fetch (or reuse) the date's coverage and recolour the drawn map and the table. */
async function draw(treaty, asOf) {
  const seq = ++map.seq;
  $("#map-error").hidden = true;
  try {
    const [coverage] = await Promise.all([coverageFor(treaty, asOf), baseMap()]);
    if (seq !== map.seq) return;
    if (coverage !== map.coverage) { // a date of the same period changes only the caption
      paint(coverage);
      if (map.zoomedTo !== treaty) zoomToParties(treaty);
      renderTable(coverage);
    }
    $("#map-table caption").textContent = caption(coverage, asOf);
    $("#map").dataset.drawn = `${treaty} ${asOf}`;
  } catch (err) {
    if (seq !== map.seq) return;
    $("#map-error").textContent = `Could not draw the map: ${err.message}`;
    $("#map-error").hidden = false;
  }
}

/** Recolour the countries whose standing changed (touching every path costs a repaint). */
function paint(coverage) {
  map.coverage = coverage;
  const wanted = new Map(); // path -> [class, title]
  for (const s of coverage.states) {
    const classes = ["country", "known"];
    if (s.party) classes.push(s.frozen ? "frozen" : "party");
    if (s.covered.includes(s.id)) classes.push("covered");
    for (const el of (s.numeric && map.paths.get(s.numeric)) || []) {
      wanted.set(el, [classes.join(" "), `${s.label}: ${standing(s)}`]);
    }
  }
  for (const el of map.painted) if (!wanted.has(el)) el.setAttribute("class", "country");
  for (const [el, [cls, title]] of wanted) {
    if (el.getAttribute("class") !== cls) el.setAttribute("class", cls);
    if (el.firstChild.textContent !== title) el.firstChild.textContent = title;
  }
  map.painted = [...wanted.keys()];
}

/** Frame the treaty's parties (the whole world when it has none on the date): a viewBox
 * change, so nothing is redrawn. */
function zoomToParties(treaty) {
  const svg = $("#map svg");
  const boxes = [...svg.querySelectorAll("path.party, path.frozen")].map((el) => el.getBBox());
  map.zoomedTo = boxes.length ? treaty : null;
  if (!boxes.length) return svg.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.width));
  const y1 = Math.max(...boxes.map((b) => b.y + b.height));
  const pad = 0.08 * Math.max(x1 - x0, y1 - y0) + 10;
  // keep the map's shape: widen the shorter side so the frame has the world's proportions
  let [x, y, w, h2] = [x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad];
  if (w / h2 < WIDTH / HEIGHT) { const nw = h2 * (WIDTH / HEIGHT); x -= (nw - w) / 2; w = nw; }
  else { const nh = w / (WIDTH / HEIGHT); y -= (nh - h2) / 2; h2 = nh; }
  svg.setAttribute("viewBox", `${x.toFixed(1)} ${y.toFixed(1)} ${w.toFixed(1)} ${h2.toFixed(1)}`);
}

function standing(s) {
  if (!s.party) return "not a party";
  const parts = [s.frozen ? "party, participation frozen" : "party"];
  if (s.covered.includes(s.id)) parts.push("its territory is covered");
  else parts.push("its own territory is not covered by the clause");
  return parts.join("; ");
}

function placeStatus(p) {
  const parts = [];
  if (p.recognised_as.length) parts.push(`recognised as territory of ${p.recognised_as.map(labelOf).join(" and ")}`);
  else parts.push("no recognised sovereign recorded");
  const held = p.administered_by.filter((s) => !p.recognised_as.includes(s));
  if (held.length) parts.push(`held by ${held.map(labelOf).join(" and ")}`);
  return parts.join("; ");
}

function caption(coverage, asOf) {
  const count = coverage.states.filter((s) => s.party).length;
  return `${coverage.label} on ${dateWords(asOf)}: ${count} ${count === 1 ? "party" : "parties"}`;
}

/** The same picture as a table, for screen readers and for asking about places (the
 * caption names the date: see draw). */
function renderTable(coverage) {
  const parties = coverage.states.filter((s) => s.party);
  // places the clause covers, and disputed places held or claimed by a party
  const partyIds = new Set(parties.map((s) => s.id));
  const places = coverage.places.filter((p) => p.covered_as.length || (p.disputed && [...p.recognised_as, ...p.administered_by].some((s) => partyIds.has(s))));
  const ask = (label, victim, place) => h("button", { type: "button", class: "secondary small", "aria-label": `An armed attack on ${label}: who must assist?`, onclick: () => askAttack(victim, place, label) }, "Ask");
  $("#map-table").replaceChildren(
    h(
      "table",
      { class: "coverage-table" },
      h("caption", {}),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "State or place"), h("th", { scope: "col" }, "Standing"), h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Ask")))),
      h(
        "tbody",
        {},
        parties.map((s) =>
          h(
            "tr",
            { "data-id": s.id, class: s.frozen ? "frozen" : "party" },
            h("th", { scope: "row" }, s.label),
            h("td", {}, standing(s), s.covered.filter((p) => p !== s.id).length ? `; also covered: ${s.covered.filter((p) => p !== s.id).map(labelOf).join(", ")}` : "", s.suspended_towards.length ? `; has suspended its obligations towards ${s.suspended_towards.map(labelOf).join(", ")}` : ""),
            h("td", {}, ask(s.label, s.id, s.id)),
          ),
        ),
        places.map((p) =>
          h(
            "tr",
            { "data-id": p.id, class: p.disputed ? "disputed" : "place" },
            h("th", { scope: "row" }, p.label),
            h("td", {}, p.disputed ? "disputed: " : "", placeStatus(p), p.covered_as.length ? "; covered by the clause" : "; not covered by the clause"),
            h("td", {}, p.recognised_as.length || p.administered_by.length ? ask(p.label, p.recognised_as[0] || p.administered_by[0], p.id) : ""),
          ),
        ),
      ),
    ),
    parties.length ? "" : h("p", { class: "help" }, "No state is a party on this date."),
  );
}

function clickCountry(numeric) {
  const state = map.coverage && map.coverage.states.find((s) => s.numeric === numeric);
  if (!state) {
    const name = map.names.get(numeric) || "this place";
    $("#map-answer").replaceChildren(h("p", { class: "help" }, `casus has no facts about ${name}.`));
    return;
  }
  askAttack(state.id, state.id, state.label);
}

/** "An armed attack here on this date: does the clause apply, and who must assist?" */
async function askAttack(victim, place, label) {
  const { treaty, as_of: asOf } = { treaty: $("#map-treaty").value, as_of: $("#map-date").value };
  const scenario = {
    query: `must_assist(A, ${victim}, ${treaty}, ${EVENT})`,
    as_of: asOf,
    assume: [`armed_attack(${EVENT})`, `target(${EVENT}, ${victim})`, `hostilities_in(${EVENT}, ${place})`],
  };
  const box = $("#map-answer");
  box.replaceChildren(h("p", { class: "help" }, `Asking about an armed attack on ${label}…`));
  try {
    const answer = await api("/v1/ask", { json: { ...scenario, explain: "summary" } });
    const bare = (text) => text.replace(/^the /, "");
    const allies = answer.answers.map((a) => labelOf(a.bindings.A)).sort((x, y) => bare(x).localeCompare(bare(y)));
    const href = map.deps.urlFor({ view: "ask", ...scenario, retract: [], interpretation: [] });
    box.replaceChildren(
      h("h3", {}, `An armed attack on ${label} on ${dateWords(asOf)}`),
      h("p", { class: `verdict-cell ${answer.holds ? "yes" : "no"}` }, answer.holds ? `The clause applies: ${allies.length} ${allies.length === 1 ? "party" : "parties"} must assist.` : "The clause does not apply: no party must assist."),
      answer.holds ? h("p", { class: "allies" }, "Must assist: ", allies.join(", "), ".") : h("p", {}, plainSummary(answer)),
      h("a", { href, "data-nav": true }, "Open the full explanation"),
    );
    box.scrollIntoView({ block: "nearest" }); // below the map on a phone
  } catch (err) {
    box.replaceChildren(h("p", { class: "error" }, err.message));
  }
}

/** Change the date (from the field, the slider or play) and redraw. */
function setDate(asOf) {
  $("#map-date").value = asOf;
  $("#map-date-words").textContent = dateWords(asOf);
  $("#map-year").value = asOf.slice(0, 4);
  map.deps.replaceUrl({ view: "map", treaty: $("#map-treaty").value, as_of: asOf });
  return draw($("#map-treaty").value, asOf);
}

function yearDate(year) {
  return year >= new Date().getUTCFullYear() ? todayIso() : `${year}-01-01`;
}

function stopPlaying() {
  clearInterval(map.playing);
  map.playing = null;
  $("#map-play").textContent = "Play";
  $("#map-play").setAttribute("aria-pressed", "false");
}

export function wireMap(deps) {
  map.deps = deps;
  $("#map-form").addEventListener("submit", (event) => event.preventDefault());
  $("#map-treaty").addEventListener("change", () => setDate($("#map-date").value));
  $("#map-date").addEventListener("input", () => {
    const value = $("#map-date").value.trim();
    if (isIsoDate(value)) setDate(value);
    else $("#map-date-words").textContent = "Write the date as year-month-day, e.g. 1960-01-01.";
  });
  $("#map-year").addEventListener("input", () => setDate(yearDate(Number($("#map-year").value))));
  $("#map-play").addEventListener("click", () => {
    if (map.playing) return stopPlaying();
    const last = new Date().getUTCFullYear();
    let year = Number($("#map-year").value);
    if (year >= last) year = FIRST_YEAR;
    $("#map-play").textContent = "Pause";
    $("#map-play").setAttribute("aria-pressed", "true");
    setDate(yearDate(year));
    map.playing = setInterval(() => {
      year += 1;
      if (year > last) return stopPlaying();
      setDate(yearDate(year));
    }, 700);
  });
}
