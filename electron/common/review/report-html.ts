// The review report as one self-contained HTML file: inline CSS, images as data URLs, the
// gap plot as inline SVG, no script and nothing fetched. The renderer makes it with the two
// views' screenshots, the CLI without them (and says so). Pure string building.
import type { GapFigures, JudgeReport, ReviewReport, ReviewSide } from '../contract/review';
import { codeDiffRows, diffCounts } from './code-diff';
import { JUDGE_CATEGORIES } from './judge';
import { escapeXml as escape, gapSvg, GAP_PALETTE } from './gap-svg';
import type { DiffValue, ItemPair, SceneDiff } from './scene-diff';

export interface ReportScript {
  /** The file name shown (twin.py, truth1.py). */
  name: string;
  script: string;
}

export interface ReportInput {
  report: ReviewReport;
  twin: ReportScript;
  reference: ReportScript & {
    /** Where the reference came from, e.g. "SimBench task pendulum, turn 1". */
    origin?: string | null;
    /** The task's prompt of that turn, when it came from a task. */
    prompt?: string | null;
  };
  /** PNG data URLs of the two 3D views (`data:image/png;base64,…`). */
  images?: { twin?: string | null; reference?: string | null };
  /** Said where the images would be when there are none (the CLI renders no 3D). */
  imagesNote?: string | null;
  /** Who made the report, e.g. "TwinForge 0.1.0". */
  generator?: string;
}

const STYLE = `
:root{color-scheme:light}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;margin:0;background:#f6f7f9}
main{max-width:1200px;margin:0 auto;padding:24px}h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d8dce1;padding-bottom:4px}
h3{font-size:14px;margin:16px 0 6px}.muted{color:#636c76}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{background:#fff;border:1px solid #d8dce1;border-radius:6px;padding:10px 14px;min-width:150px}.card b{display:block;font-size:20px}
table{border-collapse:collapse;background:#fff;margin:6px 0;font-size:13px}th,td{border:1px solid #d8dce1;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#eef0f3}td.num{text-align:right;font-variant-numeric:tabular-nums}.bad{color:#b42318}.ok{color:#1a7f37}
.note{background:#fff8e1;border:1px solid #f0d58c;border-radius:4px;padding:6px 10px;margin:6px 0}
.views{display:flex;gap:12px;flex-wrap:wrap}.views figure{margin:0;background:#fff;border:1px solid #d8dce1;padding:6px;flex:1 1 420px}
.views img{width:100%;height:auto;display:block}figcaption{font-weight:600;margin-bottom:4px}
pre{white-space:pre-wrap;background:#fff;border:1px solid #d8dce1;padding:8px;font-size:12px;overflow:auto}
table.diff{width:100%;table-layout:fixed;font:12px/1.35 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
table.diff td{border:none;padding:0 6px;white-space:pre-wrap;word-break:break-all}table.diff td.ln{width:38px;color:#8c959f;text-align:right;user-select:none}
tr.removed td.l,tr.changed td.l{background:#ffebe9}tr.added td.r,tr.changed td.r{background:#dafbe1}
details{margin:6px 0}summary{cursor:pointer}.legend{display:inline-block;width:12px;height:3px;margin-right:6px;vertical-align:middle}
`;

function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e6 ? v.toExponential(2) : String(Number(v.toPrecision(digits)));
}

function value(v: DiffValue): string {
  if (v === null) return '—';
  if (Array.isArray(v)) return `(${v.map((x) => fmt(x)).join(', ')})`;
  if (typeof v === 'number') return fmt(v);
  return String(v);
}

function row(cells: string[], tag = 'td'): string {
  return `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
}

function runLine(side: string, info: ReviewSide): string {
  const run = info.run;
  if (!run) return `<li><b>${side}</b>: not run</li>`;
  const s = run.summary;
  const status = s
    ? `${s.status} at t = ${s.simTime.toFixed(3)} s (${s.frames} frames, ${s.bodies ?? 0} bodies)`
    : 'did not start';
  const error = run.error ? ` — <span class="bad">${escape(run.error)}</span>` : '';
  return `<li><b>${side}</b>: ${escape(status)}${error}</li>`;
}

function similaritySection(report: ReviewReport): string {
  const sim = report.similarity;
  if (!sim) return '<h2>Similarity</h2><p class="muted">The similarity could not be computed.</p>';
  const s = sim.scores;
  const rows = [
    ['CodeBLEU', s.codebleu, '0.25 × each of the four parts below (a dataflow of 0 counts as 1)'],
    ['&nbsp;&nbsp;n-gram match', s.ngram, 'BLEU-4 over tokens'],
    ['&nbsp;&nbsp;weighted n-gram', s.weighted, 'keywords weighted'],
    ['&nbsp;&nbsp;syntax match', s.syntax, 'shared subtrees of the syntax tree'],
    ['&nbsp;&nbsp;dataflow match', s.dataflow, 'shared data-flow edges'],
    ['ROUGE-1', s.rouge1, 'unigram F1'],
    ['ROUGE-2', s.rouge2, 'bigram F1'],
    ['ROUGE-L', s.rougeL, 'longest common subsequence F1'],
    ['ROUGE-Lsum', s.rougeLsum, 'summary-level LCS (the paper’s headline figure)'],
  ] as const;
  return `<h2>Similarity</h2>
<p class="muted">Computed exactly as the SimBench benchmark computes it, on the cleaned code: comments and docstrings removed from both scripts${sim.referenceText === 'given' ? ' (the reference is SimBench’s stored cleaned file)' : ''}.</p>
${sim.note ? `<p class="note">${escape(sim.note)}</p>` : ''}
<table><thead>${row(['Metric', 'Score', 'What it measures'], 'th')}</thead><tbody>
${rows.map(([name, v, what]) => `<tr><td>${name}</td><td class="num">${v.toFixed(4)}</td><td class="muted">${what}</td></tr>`).join('\n')}
</tbody></table>`;
}

function judgeSection(judge: JudgeReport | null): string {
  if (!judge) return '';
  const sum = judge.summary;
  const head = `<p>Model <b>${escape(judge.model || '—')}</b>, mode <b>${escape(judge.mode)}</b>${
    judge.apiDocument
      ? `, API document: ${escape(judge.apiDocument.source)} (${judge.apiDocument.chars} characters)`
      : ''
  }. ${sum.runs} answer${sum.runs === 1 ? '' : 's'}, ${sum.scores.length} with a score${
    sum.parseFailures
      ? `, <span class="bad">${sum.parseFailures} without a readable score (not counted)</span>`
      : ''
  }.</p>`;
  const score =
    sum.mean === null
      ? '<p class="bad">No score.</p>'
      : `<p>Score <b>${fmt(sum.mean, 3)}</b> / 100${sum.sd !== null ? ` (sd ${fmt(sum.sd, 3)}, min ${sum.min}, max ${sum.max}, over ${sum.scores.length})` : ''}.</p>`;
  const runs = judge.runs
    .map((run) => {
      const parse = run.parse;
      let body: string;
      if (!parse) body = `<p class="bad">${escape(run.error ?? 'No answer.')}</p>`;
      else if (!parse.ok) body = `<p class="bad">${escape(parse.reason)}</p>`;
      else {
        const cats = parse.categories
          .map((c) =>
            row([
              escape(c.name),
              `<span class="num">${c.deducted === null ? '—' : `−${fmt(c.deducted, 3)}`}</span> / ${c.budget}`,
              c.reasons.map((r) => escape(r)).join('<br>'),
            ]),
          )
          .join('');
        body = `<p>Score <b>${parse.score}</b>${parse.clamped ? ` (the judge wrote ${parse.rawScore})` : ''}${
          parse.parser !== 'strict'
            ? ` <span class="muted">(read by the ${parse.parser} rule, not SimBench’s [[x]])</span>`
            : ''
        }</p><table><thead>${row(['Category', 'Deducted', 'Reasons'], 'th')}</thead><tbody>${cats}</tbody></table>`;
      }
      const state = run.state !== 'complete' ? ` <span class="bad">(${run.state})</span>` : '';
      return `<h3>Answer ${run.index}${state}</h3>${body}<details><summary>The judge’s reasoning</summary><pre>${escape(run.answer || '(empty)')}</pre></details>`;
    })
    .join('\n');
  return `<h2>Rubric judge</h2>${head}${judge.error ? `<p class="note">${escape(judge.error)}</p>` : ''}${
    judge.stopped ? '<p class="note">The judge was stopped.</p>' : ''
  }${score}<p class="muted">Budgets: ${JUDGE_CATEGORIES.map((c) => `${escape(c.name)} ${c.budget}`).join(', ')}.</p>${runs}`;
}

function figuresCells(f: GapFigures | undefined): string[] {
  return [fmt(f?.max), fmt(f?.rms), fmt(f?.final)].map((v) => `<span class="num">${v}</span>`);
}

function gapSection(report: ReviewReport): string {
  const gap = report.gap;
  if (!gap) return '';
  const shown = [...gap.bodies].sort(
    (a, b) => (b.positionStats.max ?? Infinity) - (a.positionStats.max ?? Infinity),
  );
  const rows = gap.bodies
    .map((b) => {
      const i = shown.indexOf(b);
      const swatch =
        i < GAP_PALETTE.length
          ? `<span class="legend" style="background:${GAP_PALETTE[i]}"></span>`
          : '';
      return row([
        `${swatch}${escape(b.name)}`,
        ...figuresCells(b.positionStats),
        ...figuresCells(b.angleStats),
        escape(b.grid),
        String(b.times.length),
      ]);
    })
    .join('');
  const overall = gap.overall
    ? row([
        '<b>overall</b>',
        ...figuresCells(gap.overall.position),
        ...figuresCells(gap.overall.angle),
        '',
        '',
      ])
    : '';
  const hidden =
    gap.bodies.length > GAP_PALETTE.length
      ? `<p class="muted">The plot shows the ${GAP_PALETTE.length} bodies with the largest gaps.</p>`
      : '';
  return `<h2>Trajectory gap</h2>
<p class="muted">Per matched body, the distance between the two positions and the angle between the two orientations over simulated time (on the common sample grid, or the coarser run’s with the other interpolated). Overall: the largest maximum, the RMS over every sample, the mean of the final values.</p>
${gap.notes.map((n) => `<p class="note">${escape(n)}</p>`).join('')}
${gapSvg(gap, { series: 'position' })}
${gapSvg(gap, { series: 'angle', height: 240 })}
${hidden}
<table><thead><tr><th rowspan="2">Body</th><th colspan="3">Position gap (m)</th><th colspan="3">Angle gap (rad)</th><th rowspan="2">Grid</th><th rowspan="2">Samples</th></tr>
<tr><th>max</th><th>RMS</th><th>final</th><th>max</th><th>RMS</th><th>final</th></tr></thead><tbody>${rows}${overall}</tbody></table>
${gap.skipped.length ? `<p>Not compared: ${gap.skipped.map((s) => `${escape(s.name)} (${escape(s.reason)})`).join('; ')}.</p>` : ''}`;
}

type Labels = ReviewReport['items'];

function labelOf(labels: Labels, side: 'twin' | 'reference', item: { key: number; name: string }) {
  return labels?.[side][item.key]?.label ?? (item.name || '—');
}

function pairRow(p: ItemPair, labels: Labels): string {
  const diffs = p.differences.length
    ? p.differences
        .map(
          (d) =>
            `${escape(d.what)}: ${escape(value(d.twin))} vs ${escape(value(d.reference))}${d.unit ? ` ${escape(d.unit)}` : ''}${d.gap !== null ? ` (gap ${fmt(d.gap)})` : ''}`,
        )
        .join('<br>')
    : '<span class="ok">same</span>';
  const t = labels?.twin[p.twin.key];
  const r = labels?.reference[p.reference.key];
  const pairOf = (a: string, b: string) => escape(a === b ? a : `${a} / ${b}`);
  return row([
    `${escape(labelOf(labels, 'twin', p.twin))} <span class="muted">#${p.twin.key}</span>`,
    `${escape(labelOf(labels, 'reference', p.reference))} <span class="muted">#${p.reference.key}</span>`,
    escape(p.twin.kind),
    pairOf(t?.shapes || p.twin.shapeKind, r?.shapes || p.reference.shapeKind),
    `<span class="num">${pairOf(fmt(t?.mass), fmt(r?.mass))}</span>`,
    escape(p.rule),
    `<span class="num">${fmt(p.distance)}</span>`,
    diffs,
  ]);
}

function sceneSection(scene: SceneDiff | null, labels: Labels): string {
  if (!scene) return '';
  const unmatched = (
    label: string,
    side: 'twin' | 'reference',
    items: SceneDiff['unmatched']['twin'],
  ) =>
    items.length
      ? `<p><b>${label}</b>: ${items.map((i) => `${escape(labelOf(labels, side, i))} <span class="muted">#${i.key} ${escape(i.kind)}, ${escape(i.shapeKind)}</span>`).join('; ')}</p>`
      : '';
  const links = scene.links.counts.length
    ? `<h3>Links by type</h3><table><thead>${row(['Type', 'Twin', 'Reference'], 'th')}</thead><tbody>${scene.links.counts
        .map((c) =>
          row([
            escape(c.linkType),
            `<span class="num">${c.twin}</span>`,
            `<span class="num">${c.reference}</span>`,
          ]),
        )
        .join('')}</tbody></table>`
    : '<p class="muted">Neither script has links.</p>';
  const system = scene.system.length
    ? `<h3>System</h3><table><thead>${row(['What', 'Twin', 'Reference', 'Gap'], 'th')}</thead><tbody>${scene.system
        .map((d) =>
          row([
            escape(d.what),
            escape(value(d.twin)),
            escape(value(d.reference)),
            d.gap !== null ? fmt(d.gap) : '',
          ]),
        )
        .join('')}</tbody></table>`
    : '<p>The systems agree (gravity, step, solver, time stepper, contact method).</p>';
  return `<h2>Scene diff</h2>
<p class="muted">Items matched by name, then by shape kind and creation order, then by nearest initial position.</p>
<table><thead>${row(['Twin', 'Reference', 'Kind', 'Shapes', 'Mass (kg)', 'Matched by', 'Initial distance (m)', 'Differences'], 'th')}</thead><tbody>
${scene.pairs.map((p) => pairRow(p, labels)).join('\n')}</tbody></table>
${unmatched('Only in the twin', 'twin', scene.unmatched.twin)}${unmatched('Only in the reference', 'reference', scene.unmatched.reference)}
${links}${system}`;
}

function codeSection(input: ReportInput): string {
  const rows = codeDiffRows(input.reference.script, input.twin.script);
  const counts = diffCounts(rows);
  const cell = (line: { n: number; text: string } | null, side: 'l' | 'r') =>
    `<td class="ln">${line ? line.n : ''}</td><td class="${side}">${line ? escape(line.text) : ''}</td>`;
  const body = rows
    .map((r) => `<tr class="${r.kind}">${cell(r.left, 'l')}${cell(r.right, 'r')}</tr>`)
    .join('\n');
  return `<h2>Code</h2>
<p class="muted">Left: the reference (${escape(input.reference.name)}); right: the twin (${escape(input.twin.name)}). ${counts.changed} changed, ${counts.removed} only in the reference, ${counts.added} only in the twin.</p>
<table class="diff"><colgroup><col style="width:42px"><col><col style="width:42px"><col></colgroup><tbody>
${body}
</tbody></table>`;
}

function viewsSection(input: ReportInput): string {
  const images = input.images ?? {};
  if (!images.twin && !images.reference) {
    return `<h2>3D views</h2><p class="note">${escape(input.imagesNote ?? 'No images of the 3D views were taken.')}</p>`;
  }
  const figure = (label: string, src: string | null | undefined) =>
    src && /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/.test(src)
      ? `<figure><figcaption>${label}</figcaption><img alt="${label} 3D view" src="${src}"></figure>`
      : `<figure><figcaption>${label}</figcaption><p class="muted">No image.</p></figure>`;
  return `<h2>3D views</h2><div class="views">${figure('Twin', images.twin)}${figure('Reference', images.reference)}</div>`;
}

function cards(report: ReviewReport): string {
  const s = report.similarity?.scores;
  const j = report.judge?.summary;
  const g = report.gap?.overall;
  const card = (label: string, v: string, sub = '') =>
    `<div class="card"><span class="muted">${label}</span><b>${v}</b>${sub ? `<span class="muted">${sub}</span>` : ''}</div>`;
  return `<div class="cards">${[
    card('CodeBLEU', s ? s.codebleu.toFixed(4) : '—'),
    card('ROUGE-Lsum', s ? s.rougeLsum.toFixed(4) : '—'),
    report.judge
      ? card(
          'Judge score',
          j?.mean !== null && j?.mean !== undefined ? fmt(j.mean, 3) : '—',
          `${j?.scores.length ?? 0} of ${j?.runs ?? 0} answers`,
        )
      : '',
    card(
      'Max position gap',
      g ? `${fmt(g.position.max)} m` : '—',
      g ? `RMS ${fmt(g.position.rms)} m` : '',
    ),
    card('Max angle gap', g ? `${fmt(g.angle.max)} rad` : '—'),
  ].join('')}</div>`;
}

export function reviewReportHtml(input: ReportInput): string {
  const { report } = input;
  const title = `Review of ${input.twin.name} against ${input.reference.name}`;
  const limits = report.limits
    ? `Both ran with the same limits: ${report.limits.simTime} s simulated, ${report.limits.wallTime} s wall clock, samples every ${report.limits.sampleDt} s.`
    : 'The scripts were not run.';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${escape(title)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${escape(title)}</h1>
<p class="muted">${escape(new Date(report.createdAt).toUTCString())}${input.generator ? ` · ${escape(input.generator)}` : ''}${
    report.status === 'stopped' ? ' · <span class="bad">stopped before the end</span>' : ''
  }</p>
${input.reference.origin ? `<p>Reference: ${escape(input.reference.origin)}.</p>` : ''}
${input.reference.prompt ? `<details open><summary>The task’s prompt</summary><pre>${escape(input.reference.prompt)}</pre></details>` : ''}
${cards(report)}
<h2>Runs</h2><p class="muted">${escape(limits)}</p><ul>${runLine('Twin', report.twin)}${runLine('Reference', report.reference)}</ul>
${report.notes.map((n) => `<p class="note">${escape(n)}</p>`).join('\n')}
${similaritySection(report)}
${judgeSection(report.judge)}
${viewsSection(input)}
${gapSection(report)}
${sceneSection(report.scene, report.items)}
${codeSection(input)}
</main></body></html>
`;
}
