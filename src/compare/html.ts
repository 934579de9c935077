import { escapeHtml, selfContainedPage } from '../../reporters/html-page.ts';
import type { Verdict } from '../engine/types.ts';
import { comparisonHeadline, targetFacts, targetHeadline } from './describe.ts';
import {
  type ComparedCell,
  type ComparedRow,
  type Comparison,
  comparisonCountsLine,
  DIFFERENCE_DEFINITION,
  ROW_KIND_TITLES,
  ROW_KINDS,
  type RowKind,
} from './model.ts';

/** The file `compare` writes the HTML comparison to. */
export const COMPARISON_HTML_FILE = 'comparison.html';

const esc = escapeHtml;

/** What each kind's section says under its heading. */
const KIND_INTRO: Record<RowKind, string> = {
  difference: `A difference is ${DIFFERENCE_DEFINITION.difference}.`,
  failing: `${DIFFERENCE_DEFINITION.failing[0]!.toUpperCase()}${DIFFERENCE_DEFINITION.failing.slice(1)}.`,
  coverage: `A coverage difference: ${DIFFERENCE_DEFINITION.coverage}.`,
  same: 'Every target that judged the requirement gave the same verdict, and every target judged it (or none did).',
};

/**
 * The comparison as one self-contained HTML page, like `report.html`: no network asset and no
 * script; the inline style is pinned by a Content-Security-Policy hash. The targets with their
 * manifests, the notes, then one table per kind of row (differences first, "same" folded), each
 * cell a link to the requirement in that target's report.
 */
export function renderComparisonHtml(comparison: Comparison): string {
  const headline = comparisonHeadline(comparison);
  const gate = comparison.counts.difference > 0 || comparison.failing > 0 ? 'fail' : 'pass';
  const counts = ROW_KINDS.map(
    (kind) =>
      `<li class="count k-${kind}"><span class="n" data-testid="count-${kind}">${comparison.counts[kind]}</span> ${esc(ROW_KIND_TITLES[kind].toLowerCase())}</li>`,
  ).join('');
  const notes =
    comparison.notes.length > 0
      ? `<ul class="notes" aria-label="Notes">${comparison.notes.map((n) => `<li>note: ${esc(n)}</li>`).join('')}</ul>`
      : '';
  const sections = ROW_KINDS.map((kind) => section(kind, comparison)).join('\n');
  const body = `<header class="run v-${gate}">
<h1>Loyalty API comparison: <span id="headline">${esc(headline)}</span></h1>
<p class="meta">${comparison.targets.length} targets · ${comparison.rows.length} requirements · ${esc(comparisonCountsLine(comparison))}</p>
<ul class="counts" aria-label="Requirements by kind">${counts}</ul>
${notes}
</header>
<main>
<h2>Targets</h2>
<div class="targets">
${comparison.targets.map(targetCard).join('\n')}
</div>
${sections}
</main>`;
  return selfContainedPage({
    title: `Loyalty API comparison — ${comparison.targets.map((t) => t.label).join(' vs ')}`,
    style: STYLE,
    body,
  });
}

function targetCard(target: Comparison['targets'][number]): string {
  const headline = targetHeadline(target);
  const links = [
    ...(target.links.html ? [`<a href="${esc(target.links.html)}">report.html</a>`] : []),
    `<a href="${esc(target.links.json)}">conformance.json</a>`,
  ].join(' · ');
  const facts = targetFacts(target)
    .map((f) => `<dt>${esc(f.name)}</dt><dd>${esc(f.value)}</dd>`)
    .join('');
  const verdict = headline === 'CONFORMANT' ? 'pass' : headline === 'NON-CONFORMANT' ? 'fail' : 'error';
  return `<section class="target v-${verdict}" id="target-${target.index}" data-testid="target">
<h3><span class="tn">T${target.index}</span> ${esc(target.label)}</h3>
<p class="links">${links}</p>
<dl>${facts}</dl>
</section>`;
}

/** One kind's table: a heading with its count and definition; "same" folded in a details element. */
function section(kind: RowKind, comparison: Comparison): string {
  const rows = comparison.rows.filter((r) => r.kind === kind);
  if (rows.length === 0) return '';
  const table = `<table class="matrix" data-kind="${kind}">
<thead>${head(comparison)}</thead>
<tbody>
${rows.map((row) => rowHtml(row, comparison)).join('\n')}
</tbody>
</table>`;
  const title = `${esc(ROW_KIND_TITLES[kind])} (${rows.length})`;
  const intro = `<p class="def">${esc(KIND_INTRO[kind])}</p>`;
  return kind === 'same'
    ? `<details class="kind k-same" id="same"><summary><h2>${title}</h2></summary>\n${intro}\n${table}\n</details>`
    : `<section class="kind k-${kind}" id="${kind}"><h2>${title}</h2>\n${intro}\n${table}\n</section>`;
}

/** Two header rows: the targets over their principals. */
function head(comparison: Comparison): string {
  const targets = comparison.targets
    .map((t, i) => {
      const span = comparison.columns.filter((c) => c.target === i).length;
      return span > 0
        ? `<th class="t" colspan="${span}" title="${esc(t.path)}">T${t.index} ${esc(t.label)}</th>`
        : '';
    })
    .join('');
  const principals = comparison.columns
    .map((c, i) => `<th class="p${first(comparison, i) ? ' first' : ''}">@${esc(c.principal)}</th>`)
    .join('');
  return `<tr><th rowspan="2">Requirement</th><th rowspan="2">Level</th><th rowspan="2">Title</th>${targets}</tr>\n<tr>${principals}</tr>`;
}

/** Whether column `i` is its target's first (a border separates targets). */
const first = (comparison: Comparison, i: number) =>
  i === 0 || comparison.columns[i - 1]!.target !== comparison.columns[i]!.target;

/**
 * A verdict linking to its evidence; for an absent one (nothing to link to) `n/a` where the
 * requirement cannot apply to the principal (its reason as the title), else `—` (not run there).
 */
function cellHtml(cell: ComparedCell, firstOfTarget: boolean): string {
  const v: Verdict | 'none' | 'na' = cell.verdict ?? (cell.notApplicable ? 'na' : 'none');
  const text = cell.verdict
    ? `<a href="${esc(cell.href)}" title="${esc(cell.hrefTitle)}">${cell.verdict}</a>`
    : cell.notApplicable
      ? `<span title="${esc(cell.notApplicable)}">n/a</span>`
      : '<span title="no check for this principal">—</span>';
  return `<td class="c v-${v}${firstOfTarget ? ' first' : ''}">${text}</td>`;
}

function rowHtml(row: ComparedRow, comparison: Comparison): string {
  const cells = row.cells.map((cell, i) => cellHtml(cell, first(comparison, i))).join('');
  const evidence = row.cells.flatMap((cell, i) => {
    const e = cell.evidence;
    if (!e) return [];
    const column = comparison.columns[i]!;
    const words =
      e.expected !== undefined || e.actual !== undefined
        ? `expected ${e.expected ?? '—'}; actual ${e.actual ?? '—'}`
        : e.message;
    return [
      `<li><b>T${column.target + 1} @${esc(column.principal)}</b> ${esc(cell.verdict ?? '')} <code>${esc(e.checkId)}</code>: ${esc(words)}</li>`,
    ];
  });
  const reasons = row.reasons.map((r) => `<li>${esc(r)}</li>`);
  const more =
    reasons.length + evidence.length > 0
      ? `<details class="why"><summary>why</summary><ul>${[...reasons, ...evidence].join('')}</ul></details>`
      : '';
  return `<tr class="req k-${row.kind}${row.failing ? ' failing' : ''}" data-id="${esc(row.id)}" data-kind="${row.kind}">
<td class="rid"><code>${esc(row.id)}</code></td><td>${esc(row.level)}</td><td class="title">${esc(row.title)}<div class="doc">${esc(row.document)}</div>${more}</td>${cells}</tr>`;
}

const STYLE = `
:root{--fail:#c62828;--error:#8e24aa;--warn:#b26a00;--pass:#2e7d32;--skip:#757575;--bg:#fafafa;--line:#ddd}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#222;background:var(--bg)}
header.run{padding:16px 24px;background:#fff;border-bottom:4px solid var(--line)}
header.run.v-fail{border-color:var(--fail)}header.run.v-pass{border-color:var(--pass)}
h1{margin:0 0 4px;font-size:22px}
.meta{margin:0 0 10px;color:#555}
.counts{display:flex;gap:12px;list-style:none;margin:0;padding:0;flex-wrap:wrap}
.count{padding:6px 12px;border-radius:6px;background:#f0f0f0;font-weight:600}
.count .n{font-size:20px;margin-right:4px}
.count.k-difference{background:#fdecea;color:var(--fail)}.count.k-failing{background:#fff4e0;color:var(--warn)}
.notes{margin:10px 0 0;padding-left:20px;color:#6d4c00}
main{padding:12px 24px 40px}
h2{font-size:17px;margin:22px 0 6px;display:inline-block}
.def{color:#555;margin:0 0 8px}
.targets{display:flex;gap:12px;flex-wrap:wrap}
.target{flex:1 1 320px;background:#fff;border:1px solid var(--line);border-top:4px solid var(--line);border-radius:6px;padding:8px 12px}
.target.v-fail{border-top-color:var(--fail)}.target.v-pass{border-top-color:var(--pass)}.target.v-error{border-top-color:var(--error)}
.target h3{margin:0 0 4px;font-size:15px;word-break:break-word}
.tn{display:inline-block;padding:0 6px;border-radius:4px;background:#263238;color:#fff;font-size:12px}
.target .links{margin:0 0 6px}
.target dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:0}
.target dt{color:#555;font-weight:600}.target dd{margin:0;word-break:break-word}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3;font-weight:600}
th.t{text-align:center;border-left:2px solid #bbb;word-break:break-word}
th.p,td.c{text-align:center;white-space:nowrap}
.first{border-left:2px solid #bbb}
td.c a{color:inherit;text-decoration:none;display:block}
td.c a:hover{text-decoration:underline}
td.v-fail{color:var(--fail);font-weight:700;background:#fdecea}td.v-error{color:var(--error);font-weight:700;background:#f5e9f7}
td.v-warn{color:var(--warn);background:#fff8ec}td.v-pass{color:var(--pass)}td.v-skip,td.v-none,td.v-na{color:var(--skip)}
tr.k-difference td.rid{border-left:4px solid var(--fail)}
td.rid code{white-space:nowrap}
.doc{color:#666;font-size:12px}
details.why{margin-top:4px}
details.why ul{margin:4px 0;padding-left:18px;font-size:13px}
details.kind>summary{cursor:pointer}
code{font:12px ui-monospace,"DejaVu Sans Mono",monospace}
`;
