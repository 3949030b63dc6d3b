"""The grading report as one HTML page a mentor opens in a browser.

``render(document)`` takes the JSON report (docs/REPORT_SCHEMA.md) and returns a page
that needs nothing else: the CSS and the script are inline, and nothing is fetched, so
it can be mailed, attached to a ticket or opened from a laptop offline. A
Content-Security-Policy in the page allows only its own style and script (by hash) and
no request at all.

Everything in the report comes from learners (folder names, paths, failure messages),
so none of it is written as HTML: the document travels as JSON inside
``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped, and the
script builds the page with ``textContent`` and ``setAttribute``, never ``innerHTML``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from typing import Any

REPORT_FORMAT = "mpkatas-report"

# Non-ASCII characters are written as JavaScript escapes, so the script's hash cannot
# depend on how the page's bytes are decoded.
SCRIPT = r"""
"use strict";
(() => {
  const STATUSES = {
    passing: {symbol: "\u2713", word: "pass", name: "passing", rank: 0},
    failing: {symbol: "\u2717", word: "fail", name: "failing", rank: 1},
    not_attempted: {symbol: "\u25cb", word: "not attempted", name: "not attempted", rank: 2},
    not_graded: {symbol: "\u26a0", word: "not graded", name: "not graded", rank: 3},
  };
  const UNKNOWN = {symbol: "?", word: "no data", name: "no data", rank: 4};
  const SPEED = "\u21b7";
  const DOT = " \u00b7 ";

  /** An element built from text only: children that are strings become text nodes. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "onclick") node.addEventListener("click", value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  const statusOf = (kata) => (kata && STATUSES[kata.status]) || UNKNOWN;
  const count = (value) => (Number.isFinite(value) ? value : 0);
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  const kataNumber = (id) => parseInt(String(id).slice(1), 10) || 0;

  const report = JSON.parse(document.getElementById("report-data").textContent);
  const methods = Array.isArray(report.start_methods) ? report.start_methods : [];
  const rows = (Array.isArray(report.learners) ? report.learners : []).map((learner, index) => ({
    learner,
    index,
    byKata: new Map((learner.katas || []).map((kata) => [kata.kata, kata])),
  }));
  const katas = new Map();
  for (const row of rows) {
    for (const kata of row.learner.katas || []) if (!katas.has(kata.kata)) katas.set(kata.kata, kata);
  }
  const kataIds = [...katas.keys()].sort((a, b) => kataNumber(a) - kataNumber(b));
  const collator = new Intl.Collator(undefined, {numeric: true, sensitivity: "base"});

  const directory = String(report.directory || "");
  document.title = `mpkatas report: ${directory.split("/").filter(Boolean).pop() || directory}`;

  // --- Header and legend -------------------------------------------------------------

  const skippedTests = rows.reduce(
    (sum, row) => sum + [...row.byKata.values()].reduce((s, kata) => s + count(kata.totals && kata.totals.skipped), 0),
    0,
  );
  const broken = rows.filter((row) => row.learner.error).length;
  document.getElementById("meta").append(
    el("p", {}, "Graded ", el("code", {}, directory), ` at ${report.generated_at || "?"} under `,
       methods.join(", ") || "no start method", "."),
    el("p", {},
       `${plural(rows.length, "learner", "learners")}, ${plural(kataIds.length, "kata", "katas")}.`,
       broken ? ` ${plural(broken, "learner", "learners")} could not be graded.` : "",
       skippedTests ? ` ${plural(skippedTests, "speed check", "speed checks")} skipped ` +
         "(the machine could not show a speed-up at that moment; not a failure)." : ""),
  );
  const legend = document.getElementById("legend");
  for (const [key, status] of Object.entries(STATUSES)) {
    legend.append(el("li", {}, el("span", {class: `chip status-${key}`}, status.symbol, " ", status.word), " ",
                     {passing: "every test passed",
                      failing: "some test failed (the count says how many of how many)",
                      not_attempted: "nothing written yet",
                      not_graded: "the graders could not run it (the reason is in its details)"}[key]));
  }
  legend.append(el("li", {}, el("span", {class: "chip speed"}, SPEED, " n"), " ",
                   "n speed checks skipped: counted, not failed"));

  // --- Per kata: where the cohort struggles -------------------------------------------

  function tallyOf(id) {
    const tally = {passing: 0, failing: 0, not_attempted: 0, not_graded: 0, speed: 0, missing: 0};
    for (const row of rows) {
      const kata = row.byKata.get(id);
      if (!kata || !(kata.status in STATUSES)) { tally.missing += 1; continue; }
      tally[kata.status] += 1;
      if (count(kata.totals && kata.totals.skipped) > 0) tally.speed += 1;
    }
    return tally;
  }
  const tallies = new Map(kataIds.map((id) => [id, tallyOf(id)]));
  const fewest = Math.min(...kataIds.map((id) => tallies.get(id).passing));
  const hardest = (id) => rows.length > 0 && tallies.get(id).passing === fewest && fewest < rows.length;

  const struggles = document.querySelector("#katas tbody");
  const byDifficulty = [...kataIds].sort(
    (a, b) => tallies.get(a).passing - tallies.get(b).passing || kataNumber(a) - kataNumber(b));
  for (const id of byDifficulty) {
    const tally = tallies.get(id);
    const share = rows.length ? tally.passing / rows.length : 0;
    const bar = el("span", {class: "bar", "aria-hidden": "true"}, el("span", {class: "fill"}));
    bar.firstChild.style.width = `${Math.round(share * 100)}%`;
    struggles.append(el("tr", {"data-kata": id, class: hardest(id) ? "hardest" : ""},
      el("th", {scope: "row"}, id, hardest(id) ? el("span", {class: "flag"}, " hardest") : ""),
      el("td", {class: "question"}, katas.get(id).question || ""),
      el("td", {class: "num passed"}, bar, `${tally.passing} of ${rows.length}`),
      el("td", {class: "num"}, tally.failing),
      el("td", {class: "num"}, tally.not_attempted),
      el("td", {class: "num"}, tally.not_graded),
      el("td", {class: "num"}, tally.speed),
    ));
  }

  // --- The matrix ----------------------------------------------------------------------

  const matrix = document.getElementById("matrix");
  const body = matrix.querySelector("tbody");
  const detail = document.getElementById("detail");
  let selected = null;

  function cellText(kata) {
    const status = statusOf(kata);
    const parts = [el("span", {class: "sym", "aria-hidden": "true"}, status.symbol), " ", status.word];
    if (kata && kata.status === "failing") {
      const t = kata.totals || {};
      const bad = count(t.failed) + count(t.not_attempted);
      const all = bad + count(t.passed) + count(t.skipped);
      parts.push(el("span", {class: "ratio"}, ` ${bad}/${all}`));
    }
    const skipped = count(kata && kata.totals && kata.totals.skipped);
    if (skipped) parts.push(el("span", {class: "speed", title: plural(skipped, "speed check skipped", "speed checks skipped")}, ` ${SPEED}${skipped}`));
    return parts;
  }

  const header = matrix.querySelector("thead tr");
  const sorters = [];
  function sortHeader(label, key, title, firstDirection) {
    const arrow = el("span", {class: "arrow", "aria-hidden": "true"});
    const button = el("button", {type: "button", class: "sort", title}, label, arrow);
    const th = el("th", {scope: "col", "aria-sort": "none", "data-sort": key}, button);
    sorters.push({key, th, arrow, firstDirection});
    button.addEventListener("click", () => sortBy(key));
    return th;
  }
  header.append(sortHeader("Learner", "learner", "Sort by learner name", 1));
  for (const id of kataIds) {
    header.append(sortHeader(id, `kata:${id}`, `${id}: ${katas.get(id).question || ""} (sort by status)`, 1));
  }
  header.append(sortHeader("Passing", "passing", "Sort by the number of katas passing", -1));

  for (const row of rows) {
    const learner = row.learner;
    const name = String(learner.name);
    const nameButton = el("button", {type: "button", class: "learner", "aria-controls": "detail",
                                     "aria-expanded": "false", title: String(learner.path || "")}, name);
    nameButton.addEventListener("click", () => show(nameButton, () => learnerDetail(row)));
    const th = el("th", {scope: "row"}, nameButton,
                  learner.error ? el("span", {class: "flag status-not_graded"}, " \u26a0 could not be graded") : "");
    const tr = el("tr", {"data-learner": row.index}, th);
    for (const id of kataIds) {
      const kata = row.byKata.get(id);
      const status = statusOf(kata);
      const button = el("button", {
        type: "button", class: `cell status-${kata ? kata.status : "missing"}`, "aria-controls": "detail",
        "aria-expanded": "false", "data-kata": id, title: kata ? String(kata.verdict) : "no data",
        "aria-label": `${name}, ${id}: ${kata ? kata.verdict : status.name}. Show details.`,
      }, cellText(kata));
      button.addEventListener("click", () => show(button, () => kataDetail(row, id)));
      tr.append(el("td", {}, button));
    }
    const passing = [...row.byKata.values()].filter((kata) => kata.status === "passing").length;
    row.passing = passing;
    tr.append(el("td", {class: "num"}, `${passing} of ${kataIds.length}`));
    row.tr = tr;
    body.append(tr);
  }

  const footer = matrix.querySelector("tfoot tr");
  footer.append(el("th", {scope: "row"}, "Passed"));
  for (const id of kataIds) {
    footer.append(el("td", {class: hardest(id) ? "num hardest" : "num", "data-kata": id},
                     `${tallies.get(id).passing}/${rows.length}`));
  }
  footer.append(el("td"));

  // --- Sorting -------------------------------------------------------------------------

  function kataKey(row, id) {
    const kata = row.byKata.get(id);
    const t = (kata && kata.totals) || {};
    const bad = count(t.failed) + count(t.not_attempted);
    const all = bad + count(t.passed) + count(t.skipped);
    return [statusOf(kata).rank, all ? bad / all : 0];
  }
  function compare(key) {
    if (key === "learner") return (a, b) => collator.compare(String(a.learner.name), String(b.learner.name)) || a.index - b.index;
    if (key === "passing") return (a, b) => a.passing - b.passing || a.index - b.index;
    const id = key.slice("kata:".length);
    return (a, b) => {
      const [x, y] = [kataKey(a, id), kataKey(b, id)];
      return x[0] - y[0] || x[1] - y[1] || a.index - b.index;
    };
  }
  let current = {key: null, direction: 1};
  function sortBy(key) {
    const sorter = sorters.find((s) => s.key === key);
    const direction = current.key === key ? -current.direction : sorter.firstDirection;
    current = {key, direction};
    const order = compare(key);
    body.append(...[...rows].sort((a, b) => direction * order(a, b)).map((row) => row.tr));
    for (const s of sorters) {
      const active = s.key === key;
      s.th.setAttribute("aria-sort", active ? (direction > 0 ? "ascending" : "descending") : "none");
      s.arrow.textContent = active ? (direction > 0 ? " \u25b2" : " \u25bc") : "";
    }
  }

  // --- Details -------------------------------------------------------------------------

  function show(button, build) {
    if (selected) selected.setAttribute("aria-expanded", "false");
    selected = button;
    button.setAttribute("aria-expanded", "true");
    const content = document.getElementById("detail-content");
    content.replaceChildren(...build().flat(Infinity).filter((node) => node instanceof Node));
    detail.hidden = false;
    const heading = content.querySelector("h2");
    heading.setAttribute("tabindex", "-1");
    heading.focus({preventScroll: true});
    detail.scrollIntoView({block: "nearest"});
  }
  function close() {
    detail.hidden = true;
    if (selected) { selected.setAttribute("aria-expanded", "false"); selected.focus(); }
    selected = null;
  }
  document.getElementById("detail-close").addEventListener("click", close);
  document.addEventListener("keydown", (event) => { if (event.key === "Escape" && !detail.hidden) close(); });

  const quote = (text) => `'${String(text).replace(/'/g, "'\\''")}'`;

  function learnerError(learner) {
    return learner.error
      ? el("div", {class: "error"}, el("p", {}, el("strong", {}, "The graders could not run on this copy:")),
           el("pre", {class: "message"}, String(learner.error)))
      : null;
  }

  function learnerDetail(row) {
    const learner = row.learner;
    const summary = learner.summary || {};
    const items = kataIds.map((id) => {
      const kata = row.byKata.get(id);
      const status = statusOf(kata);
      return el("li", {}, el("span", {class: `chip status-${kata ? kata.status : "missing"}`}, status.symbol, " ", id),
                " ", kata ? String(kata.verdict) : "no data");
    });
    return [
      el("h2", {}, String(learner.name)),
      el("p", {}, "Copy: ", el("code", {}, String(learner.path || ""))),
      learnerError(learner),
      el("p", {}, Object.keys(STATUSES).map((key) => `${count(summary[key])} ${STATUSES[key].name}`).join(DOT)),
      el("ul", {class: "verdicts"}, items),
    ];
  }

  function testList(title, tests, kata, learner) {
    if (!tests.length) return null;
    return el("section", {class: "tests"}, el("h3", {}, title), tests.map((test) => {
      const message = String(test.message || "");
      const details = String(test.details || "");
      const grader = `katas/${kata.kata}/test_${kata.module}`;
      return el("article", {class: "test"},
        el("h4", {}, el("code", {}, String(test.test))),
        el("pre", {class: "message"}, message || "(no message)"),
        details && details.trim() !== message.trim()
          ? el("details", {}, el("summary", {}, "Message and traceback"), el("pre", {class: "traceback"}, details))
          : null,
        el("p", {class: "rerun"}, "Run it alone: ",
           el("code", {}, `pytest ${quote(`${grader}::${test.test}`)} --submission ${quote(learner.path || "")}`)));
    }));
  }

  function kataDetail(row, id) {
    const learner = row.learner;
    const kata = row.byKata.get(id);
    const heading = el("h2", {}, `${learner.name}${DOT}${id}`);
    if (!kata) return [heading, el("p", {}, "The report has no entry for this kata.")];
    const status = statusOf(kata);
    const perMethod = Array.isArray(kata.start_methods) ? kata.start_methods : [];
    const table = el("table", {class: "methods"},
      el("caption", {}, "Tests per start method"),
      el("thead", {}, el("tr", {}, ["start method", "passed", "failed", "not attempted", "skipped",
                                    "not attempted functions"].map((h) => el("th", {scope: "col"}, h)))),
      el("tbody", {}, perMethod.map((m) => el("tr", {},
        el("th", {scope: "row"}, String(m.start_method)),
        el("td", {class: "num"}, count(m.passed)),
        el("td", {class: count(m.failed) ? "num bad" : "num"}, count(m.failed)),
        el("td", {class: "num"}, count(m.not_attempted)),
        el("td", {class: "num"}, count(m.skipped)),
        el("td", {}, (m.not_attempted_functions || []).join(", "))))));
    const sections = [];
    for (const m of perMethod) {
      sections.push(testList(`Failures under ${m.start_method} (${(m.failures || []).length})`, m.failures || [], kata, learner));
    }
    for (const m of perMethod) {
      sections.push(testList(`Skipped under ${m.start_method}: the speed could not be measured`, m.skips || [], kata, learner));
    }
    return [
      heading,
      el("p", {class: "question"}, String(kata.question || "")),
      el("p", {}, el("span", {class: `chip status-${kata.status}`}, status.symbol, " ", String(kata.verdict)),
         " ", el("code", {}, String(kata.module)),
         kata.module_found ? "" : " was not found in the copy: every test counts as not attempted."),
      learnerError(learner),
      table,
      sections,
    ];
  }
})();
"""

STYLE = """
:root { color-scheme: light; --pass: #1a7f37; --fail: #b42318; --todo: #57606a; --broken: #8a5a00; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto;
       padding: 1rem 1.5rem 3rem; max-width: 110rem; color: #1f2328; background: #fff; }
h1 { margin: .2rem 0; font-size: 1.6rem; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
h4 { font-size: .95rem; margin: .8rem 0 .3rem; font-weight: 600; overflow-wrap: anywhere; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88em; }
code { overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; border: 1px solid #d0d7de;
      border-radius: 6px; padding: .6rem .8rem; max-height: 28rem; overflow: auto; margin: .3rem 0; }
table { border-collapse: collapse; }
th, td { padding: .25rem .45rem; text-align: left; vertical-align: middle; }
thead th { border-bottom: 2px solid #d0d7de; white-space: nowrap; }
tbody tr + tr > * { border-top: 1px solid #eaeef2; }
tfoot th, tfoot td { border-top: 2px solid #d0d7de; font-weight: 600; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.scroll { overflow-x: auto; }
button { font: inherit; color: inherit; cursor: pointer; }
button:focus-visible, h2:focus-visible { outline: 3px solid #0969da; outline-offset: 1px; }
button.sort, button.learner { background: none; border: 0; padding: .15rem .2rem; font-weight: 600; text-align: left; }
button.learner { overflow-wrap: anywhere; }
#matrix tbody th { min-width: 9rem; max-width: 16rem; }
#matrix tbody th .flag { display: block; }
button.sort:hover, button.learner:hover { text-decoration: underline; }
button.cell { width: 100%; min-width: 5.5rem; padding: .2rem .35rem; font-size: .9em; border-radius: 5px; text-align: left;
              border: 1px solid transparent; white-space: nowrap; }
button.cell[aria-expanded="true"] { outline: 3px solid #0969da; }
.chip { display: inline-block; padding: 0 .45rem; border-radius: 5px; border: 1px solid transparent; white-space: nowrap; }
.status-passing { background: #dafbe1; color: #0b4d1f; border-color: var(--pass); }
.status-failing { background: #ffebe9; color: #82071e; border-color: var(--fail); font-weight: 600; }
.status-not_attempted { background: #f6f8fa; color: #424a53; border-color: #afb8c1; }
.status-not_graded { background: #fff8c5; color: #6b4400; border: 1px dashed var(--broken); }
.status-missing { background: #fff; color: #57606a; border: 1px dotted #8c959f; }
.flag.status-not_graded { border: 0; background: none; font-size: .85em; }
.speed { color: #6639ba; font-size: .85em; }
.chip.speed { border-color: #8250df; background: #fbefff; font-size: 1em; }
.ratio { font-variant-numeric: tabular-nums; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem 1.4rem; list-style: none; padding: 0; margin: .6rem 0; }
tr.hardest th, td.hardest { color: var(--fail); font-weight: 700; }
.flag { font-size: .85em; }
td.question { max-width: 36rem; }
.bar { display: inline-block; width: 5rem; height: .6rem; background: #ffebe9; border: 1px solid #d0d7de;
       border-radius: 3px; margin-right: .5rem; vertical-align: middle; overflow: hidden; }
.bar .fill { display: block; height: 100%; background: var(--pass); }
#detail { border: 1px solid #d0d7de; border-radius: 8px; padding: .2rem 1.2rem 1rem; margin-top: 1.5rem; position: relative; }
#detail-close { position: absolute; top: .8rem; right: .8rem; padding: .2rem .7rem; border-radius: 5px;
                border: 1px solid #d0d7de; background: #f6f8fa; }
#detail h2 { margin-right: 5rem; overflow-wrap: anywhere; }
.methods td, .methods th { border: 1px solid #eaeef2; }
.methods .bad { color: var(--fail); font-weight: 700; }
.error { border-left: 4px solid var(--broken); padding-left: .8rem; }
.test { border-top: 1px solid #eaeef2; padding-top: .2rem; }
.rerun { font-size: .85em; color: #57606a; }
.verdicts { list-style: none; padding: 0; columns: 2 22rem; }
.verdicts li { margin: .15rem 0; }
p.question { font-style: italic; }
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<title>mpkatas report</title>
<style>{style}</style>
</head>
<body>
<header>
<h1>mpkatas report</h1>
<div id="meta"></div>
<ul class="legend" id="legend" aria-label="What the colours and symbols mean"></ul>
</header>
<noscript><p>This report is drawn by its own inline script: allow scripts for this file to see it.</p></noscript>
<main>
<section aria-labelledby="matrix-title">
<h2 id="matrix-title">Learners and katas</h2>
<p>Click a cell for the tests under each start method and the failure messages; click a column heading to sort.</p>
<div class="scroll">
<table id="matrix">
<caption>Each learner's status on each kata</caption>
<thead><tr></tr></thead>
<tbody></tbody>
<tfoot><tr></tr></tfoot>
</table>
</div>
</section>
<section id="detail" hidden aria-live="polite">
<button type="button" id="detail-close">Close</button>
<div id="detail-content"></div>
</section>
<section aria-labelledby="katas-title">
<h2 id="katas-title">Where the cohort struggles</h2>
<div class="scroll">
<table id="katas">
<caption>Katas, fewest learners passing first</caption>
<thead><tr><th scope="col">kata</th><th scope="col">question</th><th scope="col">passing</th>
<th scope="col">failing</th><th scope="col">not attempted</th><th scope="col">not graded</th>
<th scope="col">speed not measured</th></tr></thead>
<tbody></tbody>
</table>
</div>
</section>
</main>
<script type="application/json" id="report-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""


def render(document: Mapping[str, Any]) -> str:
    """The report as one self-contained page; the data is JSON the page's script reads."""
    if document.get("format") != REPORT_FORMAT:
        raise ValueError(f"not an mpkatas report: format is {document.get('format')!r}")
    policy = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_source_hash(SCRIPT)}",
            f"style-src {_source_hash(STYLE)}",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    return PAGE.format(policy=policy, style=STYLE, data=embedded_json(document), script=SCRIPT)


def embedded_json(document: Mapping[str, Any]) -> str:
    """JSON that cannot end its ``<script>`` element or open a comment or a tag.

    With ``<``, ``>`` and ``&`` written as ``\\u003c`` and so on, no learner's text can
    reach the HTML parser: ``JSON.parse`` turns the escapes back into the characters.
    """
    text = json.dumps(document, separators=(",", ":"))  # ASCII: a stray surrogate cannot break the page
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _source_hash(source: str) -> str:
    """The CSP hash of an inline element's text, so only the page's own code runs."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
