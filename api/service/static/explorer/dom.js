// Shared pieces of the explorer's scripts: element building, API access, and dates in words.

export const $ = (sel) => document.querySelector(sel);

/** Build an element; strings become text nodes, so data is never parsed as HTML. */
export function h(tag, attrs = {}, ...children) {
  const el = tag === "svg" || tag === "path" || tag === "g" || tag === "pattern" || tag === "defs" || tag === "title"
    ? document.createElementNS("http://www.w3.org/2000/svg", tag)
    : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.setAttribute("class", value);
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

export class ApiError extends Error {
  constructor(body, status) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.body = body || {};
    this.status = status;
  }
}

export async function api(path, options = {}) {
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

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** "2020-10-07" -> "7 October 2020" (never month-first or day-first numbers). */
export function dateWords(iso) {
  if (!isIsoDate(iso)) return iso || "";
  const [y, m, d] = iso.split("-").map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

export function todayIso() {
  return new Date().toISOString().slice(0, 10);
}

/** Plain text, with the code behind it shown only in Datalog mode. */
export function code(text, cls = "atom") {
  return h("code", { class: `${cls} datalog-only` }, text);
}

/** "from 1994-04-20 until 1999-04-20" in words. */
export function periodWords(period) {
  if (!period || period === "at all dates") return "at all dates";
  return period.replace(/\d{4}-\d{2}-\d{2}/g, (d) => dateWords(d));
}

