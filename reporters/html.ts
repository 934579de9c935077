import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedExchange } from '../src/client/exchange.ts';
import type { OperationCoverage, SpecCoverage } from '../src/coverage/model.ts';
import type { CheckResult, RequirementResult, RunResult, Verdict } from '../src/engine/types.ts';
import { renderCheckHar } from './har.ts';
import { escapeHtml, selfContainedPage } from './html-page.ts';
import {
  byOperation,
  documentCitation,
  messageBeyondExpected,
  premiseOf,
  prepareReport,
  type ReportView,
  requirementsByVerdict,
  VERDICTS,
  verdictCounts,
  verdictHeadline,
  worstOf,
} from './summary.ts';
import type { ReporterFactory, ReporterOptions } from './types.ts';

/** The file the HTML reporter writes in the output folder. */
export const HTML_REPORT_FILE = 'report.html';

/** Exchanges shown per non-passing check; the JSON report has them all. */
const EXCHANGES_PER_CHECK = 5;

/** Characters of a body shown in an exchange; longer bodies are cut (the JSON report has them). */
const BODY_SHOWN = 8000;

export { escapeHtml };

const esc = escapeHtml;

const VERDICT_LABEL: Record<Verdict, string> = {
  fail: 'failed',
  error: 'errors',
  warn: 'warned',
  pass: 'passed',
  skip: 'skipped',
};

/**
 * One self-contained HTML page for a run: no network asset (inline CSS and script, locked by a
 * Content-Security-Policy with their hashes). A header with the verdict and counts; the
 * requirement matrix (verdict per requirement and principal, with the document reference),
 * filterable by verdict, endpoint and text; clicking a row reveals its checks, and for each
 * non-passing check its exchanges (redacted request and response) and curl lines.
 */
export function renderHtml(
  result: RunResult,
  options: Pick<ReporterOptions, 'secrets' | 'curl' | 'coverageGate'>,
): string {
  const view = prepareReport(result, options);
  const run = view.result;
  const counts = verdictCounts(run.requirements);
  const principals = principalsOf(run);
  const operations = [...new Set(run.requirements.flatMap((r) => r.operations))].sort();
  const headline = verdictHeadline(run);
  const verdictClass = run.stopped
    ? 'error'
    : run.verdict === 'fail'
      ? 'fail'
      : run.exitCode === 2
        ? 'error'
        : 'pass';
  const m = run.manifest;
  const gate = options.coverageGate?.(run);
  // The job exits 1 on a failed gate: said under the heading, which may read "Conformant".
  const gateLine = gate
    ? `<p class="gate ${gate.met ? 'v-pass' : 'v-fail'}" id="gate">${gate.met ? 'Gate met' : '❌ Gate failed'}: ${esc(gate.line)}${gate.met ? '' : '; exit 1'}</p>\n`
    : '';

  const meta = [
    `profile <b>${esc(m.profile.name)}</b> (${esc(m.profile.environment)})`,
    ...Object.entries(m.targets).map(([family, url]) => `${esc(family)} <code>${esc(url)}</code>`),
    `orgs ${esc(m.orgs.join(', ') || '—')}`,
    `seed ${esc(String(m.seed))}`,
    m.shard ? `shard ${m.shard.index}/${m.shard.total}` : '',
    m.shards ? `merged from ${m.shards.length} shards` : '',
    `started ${esc(m.startedAt)}`,
    `${(m.durationMs / 1000).toFixed(1)} s`,
    `${run.totals.exchanges} exchanges`,
    `${esc(m.tool.name)} ${esc(m.tool.version)}`,
    run.stopped ? `<b>${esc(run.stopped.message)}</b>` : '',
  ].filter(Boolean);

  const countItems = VERDICTS.map(
    (v) =>
      `<li class="count v-${v}"><span class="n" id="count-${v}" data-testid="count-${v}">${counts[v]}</span> ${VERDICT_LABEL[v]}</li>`,
  ).join('');

  const verdictBoxes = VERDICTS.map(
    (v) =>
      `<label class="chip v-${v}"><input type="checkbox" name="verdict" value="${v}" checked> ${v} (${counts[v]})</label>`,
  ).join('');
  const endpointOptions = operations.map((op) => `<option value="${esc(op)}">${esc(op)}</option>`).join('');

  const head = `<tr><th>Verdict</th><th>Requirement</th><th>Level</th><th>Title</th><th>Endpoints</th><th>Document</th>${principals
    .map((p) => `<th class="p">${esc(p)}</th>`)
    .join('')}</tr>`;
  const columns = 6 + principals.length;
  const rows = requirementsByVerdict(run)
    .map((r, index) => matrixRows(r, index, principals, columns, view))
    .join('\n');

  const endpointRows = [...byOperation(run)]
    .map(
      ([op, row]) =>
        `<tr><td><code>${esc(op)}</code></td>${VERDICTS.map((v) => `<td class="num${row[v] ? ` v-${v}` : ''}">${row[v]}</td>`).join('')}</tr>`,
    )
    .join('');
  const scenarioRows = run.scenarios
    .map(
      (s) =>
        `<tr><td>${badge(s.verdict)}</td><td><code>${esc(s.scenarioId)}</code></td><td>${esc(s.principal)}</td><td>${esc(s.title)}</td><td class="num">${s.durationMs}</td><td>${esc(s.reason ?? '')}</td></tr>`,
    )
    .join('');

  const body = `<header class="run v-${verdictClass}">
<h1>Loyalty API conformance: <span id="verdict">${esc(headline)}</span></h1>
${gateLine}<p class="meta">${meta.join(' · ')}</p>
<ul class="counts" aria-label="Requirements by verdict">${countItems}</ul>
<p class="of">of ${run.requirements.length} requirements</p>
</header>
<main>
<section class="filters" aria-label="Filters">
<fieldset><legend>Verdict</legend>${verdictBoxes}</fieldset>
<label>Endpoint <select id="endpoint"><option value="">all endpoints</option>${endpointOptions}</select></label>
<label>Search <input id="search" type="search" placeholder="ID, title, document…"></label>
<button type="button" id="expand-problems">Show evidence of failures</button>
<button type="button" id="collapse-all">Collapse all</button>
<span id="shown" aria-live="polite"></span>
</section>
<p class="hint">Click a requirement to see its checks and, for failures, the request, the response and a curl line.</p>
<table id="matrix">
<thead>${head}</thead>
<tbody>
${rows}
</tbody>
</table>
<h2>By endpoint</h2>
<table class="small"><thead><tr><th>Endpoint</th>${VERDICTS.map((v) => `<th>${v}</th>`).join('')}</tr></thead><tbody>${endpointRows}</tbody></table>
${run.coverage ? coverageSection(run.coverage) : ''}
<details class="scenarios"><summary>Scenario runs (${run.scenarios.length})</summary>
<table class="small"><thead><tr><th>Verdict</th><th>Scenario</th><th>Principal</th><th>Title</th><th>ms</th><th>Reason</th></tr></thead><tbody>${scenarioRows}</tbody></table>
</details>
</main>`;

  const page = selfContainedPage({
    title: `${headline} — loyalty conformance — ${m.profile.name}`,
    style: STYLE,
    script: SCRIPT,
    dataImages: true,
    body,
  });
  return view.scrub(page);
}

/** The principals of a run, in manifest order (orgs, then `fabric`), then any other. */
function principalsOf(run: RunResult): string[] {
  const seen = new Set<string>();
  for (const r of run.requirements) for (const c of r.checks) seen.add(c.principal);
  const ordered = [...run.manifest.orgs, 'fabric'].filter((p) => seen.has(p));
  return [...ordered, ...[...seen].filter((p) => !ordered.includes(p)).sort()];
}

const badge = (v: Verdict) => `<span class="badge v-${v}">${v.toUpperCase()}</span>`;

function matrixRows(
  r: RequirementResult,
  index: number,
  principals: readonly string[],
  columns: number,
  view: ReportView,
): string {
  const cells = principals
    .map((p) => {
      const verdicts = r.checks.filter((c) => c.principal === p).map((c) => c.verdict);
      if (verdicts.length === 0) return '<td class="p none">—</td>';
      const v = worstOf(verdicts);
      return `<td class="p v-${v}">${v}</td>`;
    })
    .join('');
  const id = `detail-${index}`;
  // `id="req-<ID>"`: the anchor `compare` links each cell of a comparison to.
  const row = `<tr class="req v-${r.verdict}" id="req-${esc(r.id)}" data-verdict="${r.verdict}" data-ops="${esc(r.operations.join(' '))}" data-id="${esc(r.id)}" tabindex="0" aria-expanded="false" aria-controls="${id}">
<td>${badge(r.verdict)}</td><td class="rid"><code>${esc(r.id)}</code></td><td>${esc(r.level)}</td><td>${esc(r.title)}</td><td class="ops">${r.operations
    .map((op) => `<code>${esc(op)}</code>`)
    .join(' ')}</td><td class="doc">${esc(documentCitation(r).text)}</td>${cells}</tr>`;
  return `${row}\n<tr class="detail" id="${id}" hidden><td colspan="${columns}">${detail(r, view)}</td></tr>`;
}

/**
 * The requirement's source: a link to the vendor's public page (a link, not an asset: the CSP
 * loads nothing from it; no referrer leaves the report), or plain text for the project's own choice.
 */
function sourceLink(r: RequirementResult): string {
  const { text, url } = documentCitation(r);
  if (!url) return esc(text);
  return `<a href="${esc(url)}" rel="noreferrer" target="_blank">${esc(text)}</a> <span class="url">${esc(url)}</span>`;
}

function detail(r: RequirementResult, view: ReportView): string {
  const parts: string[] = [`<p class="source">${esc(r.id)} [${esc(r.level)}] — source: ${sourceLink(r)}</p>`];
  if (r.uncoveredReason) parts.push(`<p class="uncovered">Not judged: ${esc(r.uncoveredReason)}</p>`);
  const nonPassing = r.checks.filter((c) => c.verdict !== 'pass');
  const passing = r.checks.filter((c) => c.verdict === 'pass');
  for (const check of sortChecks(nonPassing)) parts.push(checkBlock(check, view));
  if (passing.length > 0) {
    parts.push(
      `<p class="passed">Passed: ${passing
        .map(
          (c) =>
            `<code>${esc(c.checkId)}</code> @${esc(c.principal)}${c.occurrences ? ` ×${c.occurrences}` : ''}`,
        )
        .join(', ')}</p>`,
    );
  }
  return parts.join('\n');
}

const sortChecks = (checks: readonly CheckResult[]) =>
  [...checks].sort((a, b) => VERDICTS.indexOf(a.verdict) - VERDICTS.indexOf(b.verdict));

function checkBlock(check: CheckResult, view: ReportView): string {
  const lines = [
    `<div class="check v-${check.verdict}">`,
    `<p class="ch">${badge(check.verdict)} <code>${esc(check.checkId)}</code> @${esc(check.principal)}${harLink(check, view)}</p>`,
  ];
  const beyond = messageBeyondExpected(check);
  if (beyond !== undefined) lines.push(`<p class="msg">${esc(beyond)}</p>`);
  const terms: string[] = [];
  if (check.expected !== undefined || check.actual !== undefined) {
    terms.push(
      `<dt>expected</dt><dd>${esc(check.expected ?? '—')}</dd><dt>actual</dt><dd>${esc(check.actual ?? '—')}</dd>`,
    );
  }
  // Beside expected and actual, as the console shows it: if the target's org is set otherwise,
  // the profile is wrong, not the target (README, "Whose failure is it?").
  const premise = premiseOf(view.result, check);
  if (premise !== undefined) terms.push(`<dt>premise</dt><dd>the profile declares ${esc(premise)}</dd>`);
  if (terms.length > 0) lines.push(`<dl class="ea">${terms.join('')}</dl>`);
  for (const id of check.exchangeIds.slice(0, EXCHANGES_PER_CHECK)) {
    const exchange = view.exchanges.get(id);
    if (exchange) lines.push(exchangeBlock(exchange, view.curl.get(id) ?? ''));
  }
  if (check.exchangeIds.length > EXCHANGES_PER_CHECK) {
    lines.push(
      `<p class="more">${check.exchangeIds.length - EXCHANGES_PER_CHECK} more exchange(s) in conformance.json</p>`,
    );
  }
  lines.push('</div>');
  return lines.join('\n');
}

/**
 * A failing check's "download HAR" link: every exchange of the check as a HAR 1.2 file, inline in a
 * `data:` URL (a download, not a fetch: the CSP loads nothing, and the report stays one file).
 * The HAR text is scrubbed before it is encoded, where the page's own scrub could not see it.
 */
function harLink(check: CheckResult, view: ReportView): string {
  if (check.verdict !== 'fail') return '';
  const har = renderCheckHar(view, check);
  if (har === undefined) return '';
  const file = `${check.requirementId}-${check.checkId}-${check.principal}`.replace(/[^\w.-]+/g, '_');
  return ` <a class="har" download="${esc(file)}.har" href="data:application/json;base64,${Buffer.from(har).toString('base64')}">download HAR</a>`;
}

function exchangeBlock(exchange: RecordedExchange, curl: string): string {
  const { request, response, error } = exchange;
  const answer = response ? `${response.status}` : `no response (${error?.code ?? 'error'})`;
  const requestText = [
    `${request.method} ${request.url}`,
    ...Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`),
    '',
    request.bodyText ?? (request.body === undefined ? '' : JSON.stringify(request.body, null, 2)),
  ].join('\n');
  const responseText = response
    ? [
        `HTTP ${response.status}`,
        ...Object.entries(response.headers).map(([k, v]) => `${k}: ${v}`),
        '',
        response.body === undefined ? response.bodyText : JSON.stringify(response.body, null, 2),
        response.truncated ? '[body truncated by the client]' : '',
      ].join('\n')
    : `${error?.code ?? 'error'}: ${error?.message ?? ''}`;
  return `<div class="exchange">
<p class="xh">exchange #${exchange.id} <code>${esc(exchange.operationId ?? request.method)}</code> @${esc(exchange.principal)} → <b>${esc(answer)}</b> in ${esc(String(exchange.durationMs))} ms${exchange.attempts > 1 ? ` (${exchange.attempts} attempts)` : ''}</p>
<div class="curl"><button type="button" class="copy">copy</button><pre class="curl-line">${esc(curl)}</pre></div>
<div class="rr"><div><h4>Request</h4><pre>${esc(cut(requestText))}</pre></div><div><h4>Response</h4><pre>${esc(cut(responseText))}</pre></div></div>
</div>`;
}

const cut = (text: string) =>
  text.length > BODY_SHOWN
    ? `${text.slice(0, BODY_SHOWN)}\n… ${text.length - BODY_SHOWN} more characters`
    : text;

/**
 * The spec coverage section: the run's figures, then per operation (collapsed) a small table of
 * each declared status, documented error code and parameter, exercised or not.
 */
function coverageSection(coverage: SpecCoverage): string {
  const { statusesAndCodes: sc, parameters: p } = coverage.totals;
  const operations = coverage.operations.map(operationCoverage).join('\n');
  return `<section id="coverage" aria-label="Spec coverage">
<h2>Spec coverage</h2>
<p class="hint" id="coverage-totals">${sc.percent}% of the declared statuses and error codes exercised (${sc.exercised} of ${sc.declared}); parameters sent ${p.percent}% (${p.exercised} of ${p.declared}); from ${coverage.exchanges} exchanges. Endpoints outside the four documents are listed, not counted.</p>
${operations}
</section>`;
}

function operationCoverage(o: OperationCoverage): string {
  const cell = (done: boolean, yes: string, no: string) =>
    done ? `<td class="v-pass">${yes}</td>` : `<td class="none">${no}</td>`;
  const rows = [
    ...o.statuses.map(
      (s) =>
        `<tr><td>status</td><td><code>${esc(s.status)}</code></td>${cell(s.received, 'received', 'not received')}</tr>`,
    ),
    ...o.errorCodes.map(
      (c) =>
        `<tr><td>error code</td><td><code>${esc(String(c.code))}</code></td>${cell(c.received, c.sent ? 'received (asked for)' : 'received', c.sent ? 'not received (asked for)' : 'not received')}</tr>`,
    ),
    ...o.parameters.map(
      (q) =>
        `<tr><td>parameter</td><td><code>${esc(`${q.in}.${q.name}`)}</code></td>${cell(q.sent, 'sent', 'not sent')}</tr>`,
    ),
  ].join('');
  const sc = o.totals.statusesAndCodes;
  const p = o.totals.parameters;
  const missing = [
    ...o.statuses.filter((s) => !s.received).map((s) => s.status),
    ...o.errorCodes.filter((c) => !c.received).map((c) => String(c.code)),
  ];
  return `<details class="coverage" data-op="${esc(o.operationId)}"><summary><code>${esc(o.operationId)}</code> ${esc(o.method)} <code>${esc(o.path)}</code>${o.counted ? '' : ' (outside the four documents, not counted)'}: <b>${sc.percent}%</b> (${sc.exercised} of ${sc.declared}); parameters ${p.percent}% (${p.exercised} of ${p.declared})${missing.length ? `; not exercised: ${esc(missing.join(', '))}` : ''}</summary>
<table class="small"><thead><tr><th>Declared</th><th></th><th>This run</th></tr></thead><tbody>${rows}</tbody></table>
</details>`;
}

const STYLE = `
:root{--fail:#c62828;--error:#8e24aa;--warn:#b26a00;--pass:#2e7d32;--skip:#757575;--bg:#fafafa;--line:#ddd}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#222;background:var(--bg)}
header.run{padding:16px 24px;background:#fff;border-bottom:4px solid var(--line)}
header.run.v-fail{border-color:var(--fail)}header.run.v-pass{border-color:var(--pass)}header.run.v-error{border-color:var(--error)}
h1{margin:0 0 4px;font-size:22px}
header.v-fail #verdict{color:var(--fail)}header.v-pass #verdict{color:var(--pass)}header.v-error #verdict{color:var(--error)}
.meta{margin:0 0 10px;color:#555}
.counts{display:flex;gap:12px;list-style:none;margin:0;padding:0;flex-wrap:wrap}
.count{padding:6px 12px;border-radius:6px;background:#f0f0f0;font-weight:600}
.count .n{font-size:20px;margin-right:4px}
.count.v-fail{background:#fdecea;color:var(--fail)}.count.v-error{background:#f5e9f7;color:var(--error)}
.count.v-warn{background:#fff4e0;color:var(--warn)}.count.v-pass{background:#e8f5e9;color:var(--pass)}.count.v-skip{color:var(--skip)}
.of{margin:6px 0 0;color:#777}
main{padding:12px 24px 40px}
.filters{display:flex;gap:14px;align-items:center;flex-wrap:wrap;padding:10px 12px;background:#fff;border:1px solid var(--line);border-radius:6px}
.filters fieldset{border:0;margin:0;padding:0;display:flex;gap:6px;align-items:center}
.filters legend{float:left;margin-right:6px;font-weight:600}
.chip{padding:2px 8px;border:1px solid var(--line);border-radius:12px;cursor:pointer}
button{font:inherit;padding:3px 10px;border:1px solid #bbb;border-radius:4px;background:#f7f7f7;cursor:pointer}
#shown{color:#555}
.hint{color:#666;margin:8px 0}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3;position:sticky;top:0;font-weight:600}
tr.req{cursor:pointer}
tr.req:hover,tr.req:focus{background:#eef4ff;outline:none}
tr.req[aria-expanded=true]{background:#e3ecfb}
td.p,th.p{text-align:center;white-space:nowrap}
td.v-fail,.num.v-fail{color:var(--fail);font-weight:600}td.v-error,.num.v-error{color:var(--error);font-weight:600}
td.v-warn,.num.v-warn{color:var(--warn)}td.v-pass{color:var(--pass)}td.v-skip,td.none{color:var(--skip)}
td.doc{color:#555;font-size:12px}
td.ops code{font-size:12px}
.badge{display:inline-block;min-width:44px;text-align:center;padding:1px 6px;border-radius:4px;font-size:11px;font-weight:700;color:#fff;background:var(--skip)}
.badge.v-fail{background:var(--fail)}.badge.v-error{background:var(--error)}.badge.v-warn{background:var(--warn)}.badge.v-pass{background:var(--pass)}
tr.detail>td{background:#f7f9fc;padding:10px 16px}
.check{border-left:4px solid var(--line);padding:4px 12px;margin:8px 0;background:#fff}
.check.v-fail{border-color:var(--fail)}.check.v-error{border-color:var(--error)}.check.v-warn{border-color:var(--warn)}
.ch,.msg,.source,.passed,.uncovered{margin:4px 0}
.source .url{color:#666;font-size:.9em;word-break:break-all}
dl.ea{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:4px 0}
dl.ea dt{font-weight:600;color:#555}dl.ea dd{margin:0;font-family:ui-monospace,"DejaVu Sans Mono",monospace;white-space:pre-wrap;word-break:break-word}
.exchange{border:1px solid var(--line);border-radius:4px;margin:8px 0;padding:6px 8px;background:#fcfcfc}
.xh{margin:0 0 4px}
.curl{display:flex;gap:6px;align-items:flex-start}
pre{margin:0;padding:6px 8px;background:#f4f4f4;border-radius:3px;white-space:pre-wrap;word-break:break-all;font:12px/1.4 ui-monospace,"DejaVu Sans Mono",monospace;max-height:360px;overflow:auto}
.curl pre{flex:1;min-width:0;background:#263238;color:#eceff1}
.rr{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:8px;margin-top:6px}
.rr h4{margin:0 0 2px;font-size:12px;color:#555}
table.small{width:auto;min-width:50%}
.num{text-align:right}
details.scenarios{margin-top:20px}
h2{font-size:17px;margin:22px 0 8px}
`;

const SCRIPT = `
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.req'));
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name=verdict]'));
  var endpoint = document.getElementById('endpoint');
  var search = document.getElementById('search');
  var shown = document.getElementById('shown');
  function detailOf(row) { return document.getElementById(row.getAttribute('aria-controls')); }
  function setOpen(row, open) {
    row.setAttribute('aria-expanded', open ? 'true' : 'false');
    detailOf(row).hidden = !open || row.hidden;
  }
  function apply() {
    var verdicts = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    var op = endpoint.value;
    var q = search.value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (row) {
      var ok = verdicts.indexOf(row.getAttribute('data-verdict')) >= 0 &&
        (!op || row.getAttribute('data-ops').split(' ').indexOf(op) >= 0) &&
        (!q || row.textContent.toLowerCase().indexOf(q) >= 0);
      row.hidden = !ok;
      setOpen(row, row.getAttribute('aria-expanded') === 'true');
      if (ok) n += 1;
    });
    shown.textContent = n + ' of ' + rows.length + ' requirements shown';
  }
  rows.forEach(function (row) {
    row.addEventListener('click', function () { setOpen(row, row.getAttribute('aria-expanded') !== 'true'); });
    row.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        setOpen(row, row.getAttribute('aria-expanded') !== 'true');
      }
    });
  });
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  endpoint.addEventListener('change', apply);
  search.addEventListener('input', apply);
  document.getElementById('expand-problems').addEventListener('click', function () {
    rows.forEach(function (row) {
      var v = row.getAttribute('data-verdict');
      if (v === 'fail' || v === 'error') setOpen(row, true);
    });
  });
  document.getElementById('collapse-all').addEventListener('click', function () {
    rows.forEach(function (row) { setOpen(row, false); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('button.copy'), function (button) {
    button.addEventListener('click', function () {
      var pre = button.parentNode.querySelector('pre');
      var text = pre.textContent;
      var done = function () { button.textContent = 'copied'; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { select(pre); });
      } else {
        select(pre);
      }
    });
  });
  function select(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  apply();
})();
`;

/** Writes `report.html` at the end of the run. */
export const htmlReporter: ReporterFactory = (options) => ({
  onRunEnd(result) {
    mkdirSync(options.outDir, { recursive: true });
    writeFileSync(join(options.outDir, HTML_REPORT_FILE), renderHtml(result, options));
  },
});
