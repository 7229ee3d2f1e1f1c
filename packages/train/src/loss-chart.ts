// The loss curve as a standalone SVG. The mean triplet loss per epoch uses the
// left axis and the fraction of active triplets the right one. Each run gets
// its own colour, so runs on different backends or seeds can share a chart.

import type { EpochRecord } from './train-projection-head.js';

export interface ChartSeries {
  readonly label: string;
  readonly history: readonly Pick<EpochRecord, 'epoch' | 'loss' | 'activeFraction'>[];
}

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { left: 84, right: 76, top: 40, bottom: 48 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

/** Renders the loss (solid) and active-triplet fraction (dashed) of each series per epoch. */
export function renderLossChart(series: readonly ChartSeries[], title = 'Triplet loss per epoch'): string {
  const epochs = Math.max(1, ...series.flatMap((run) => run.history.map((record) => record.epoch)));
  const maxLoss = niceCeiling(Math.max(0, ...series.flatMap((run) => run.history.map((record) => record.loss))));
  const maxFraction = Math.min(1, niceCeiling(Math.max(0, ...series.flatMap((run) => run.history.map((record) => record.activeFraction)))));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (epoch: number) => MARGIN.left + (epochs === 1 ? plotWidth / 2 : ((epoch - 1) / (epochs - 1)) * plotWidth);
  const yLoss = (loss: number) => MARGIN.top + plotHeight - (loss / maxLoss) * plotHeight;
  const yFraction = (fraction: number) => MARGIN.top + plotHeight - (fraction / maxFraction) * plotHeight;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`,
  ];

  for (let tick = 0; tick <= 4; tick++) {
    const fraction = tick / 4;
    const y = MARGIN.top + plotHeight - fraction * plotHeight;
    parts.push(`<line x1="${MARGIN.left}" y1="${fmt(y)}" x2="${MARGIN.left + plotWidth}" y2="${fmt(y)}" stroke="#eee"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${fmt(y + 4)}" text-anchor="end">${formatTick(maxLoss * fraction)}</text>`);
    parts.push(`<text x="${MARGIN.left + plotWidth + 6}" y="${fmt(y + 4)}">${formatTick(maxFraction * fraction * 100)} %</text>`);
  }
  for (const epoch of epochTicks(epochs)) {
    parts.push(`<text x="${fmt(x(epoch))}" y="${MARGIN.top + plotHeight + 16}" text-anchor="middle">${epoch}</text>`);
  }
  parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 10}" text-anchor="middle">epoch</text>`);
  parts.push(
    `<text transform="translate(18 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">mean triplet loss (solid)</text>`,
    `<text transform="translate(${WIDTH - 12} ${MARGIN.top + plotHeight / 2}) rotate(90)" text-anchor="middle">active triplets (dashed)</text>`,
  );

  series.forEach((run, index) => {
    const colour = COLOURS[index % COLOURS.length];
    const loss = run.history.map((record) => `${fmt(x(record.epoch))},${fmt(yLoss(record.loss))}`).join(' ');
    const active = run.history.map((record) => `${fmt(x(record.epoch))},${fmt(yFraction(record.activeFraction))}`).join(' ');
    parts.push(`<polyline points="${loss}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    parts.push(`<polyline points="${active}" fill="none" stroke="${colour}" stroke-width="1.5" stroke-dasharray="5 4"/>`);
    const legendY = MARGIN.top + 16 + index * 16;
    parts.push(`<line x1="${MARGIN.left + plotWidth - 150}" y1="${legendY - 4}" x2="${MARGIN.left + plotWidth - 130}" y2="${legendY - 4}" stroke="${colour}" stroke-width="2"/>`);
    parts.push(`<text x="${MARGIN.left + plotWidth - 124}" y="${legendY}">${escapeXml(run.label)}</text>`);
  });

  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Rounds up to 1, 2 or 5 times a power of ten, so axis ticks are readable. */
function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

function epochTicks(epochs: number): number[] {
  const step = Math.max(1, Math.ceil(epochs / 10));
  const ticks: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch += step) ticks.push(epoch);
  if (ticks.at(-1) !== epochs) ticks.push(epochs);
  return ticks;
}

function formatTick(value: number): string {
  return value === 0 ? '0' : Number(value.toPrecision(3)).toString();
}

function fmt(value: number): string {
  return value.toFixed(1);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
