// Self-contained SVG charts: grouped bar charts (linear or log axis) and
// line charts with a log x axis (recall against queries per second). The
// output is plain SVG 1.1 with no scripts or external references.

import { formatNumber } from './format.js';

const WIDTH = 820;
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const FONT = 'font-family="Helvetica, Arial, sans-serif"';

export interface BarSeries {
  name: string;
  /** One value per category; undefined draws no bar. */
  values: (number | undefined)[];
}

export interface BarChart {
  title: string;
  yLabel: string;
  categories: string[];
  series: BarSeries[];
  logScale?: boolean;
  /** A dashed horizontal line, e.g. at ratio 1. */
  reference?: { value: number; label: string };
}

export interface LinePoint {
  x: number;
  y: number;
  label?: string;
}

export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: { name: string; points: LinePoint[]; markersOnly?: boolean }[];
}

interface Axis {
  toPixel(value: number): number;
  ticks: number[];
}

export function renderBarChart(chart: BarChart): string {
  const legendRows = Math.ceil(chart.series.length / 4);
  const top = 44 + legendRows * 18;
  const rotate = chart.categories.length > 6 || chart.categories.some((label) => label.length > 12);
  const bottom = rotate ? 110 : 50;
  const left = 78;
  const right = 20;
  const height = top + 300 + bottom;
  const plotWidth = WIDTH - left - right;
  const plotBottom = height - bottom;

  const values = chart.series.flatMap((series) => series.values).filter((value): value is number => value !== undefined && Number.isFinite(value));
  if (chart.reference) values.push(chart.reference.value);
  const axis = chart.logScale ? logAxis(values, plotBottom, top) : linearAxis(values, plotBottom, top);

  const parts: string[] = [header(WIDTH, height, chart.title), legend(chart.series.map((series) => series.name), left, 40)];
  parts.push(yAxis(axis, left, WIDTH - right, chart.yLabel, top, plotBottom));

  const groupWidth = plotWidth / Math.max(1, chart.categories.length);
  const barWidth = (groupWidth * 0.8) / Math.max(1, chart.series.length);
  const baseline = chart.logScale ? plotBottom : axis.toPixel(0);
  const labelBars = chart.categories.length * chart.series.length <= 24;

  chart.categories.forEach((category, c) => {
    const groupLeft = left + c * groupWidth + groupWidth * 0.1;
    chart.series.forEach((series, s) => {
      const value = series.values[c];
      const x = groupLeft + s * barWidth;
      if (value === undefined || !Number.isFinite(value) || (chart.logScale && value <= 0)) {
        parts.push(`<text x="${fixed(x + barWidth / 2)}" y="${fixed(plotBottom - 4)}" font-size="9" text-anchor="middle" fill="#999" ${FONT}>n/a</text>`);
        return;
      }
      const y = axis.toPixel(value);
      const barTop = Math.min(y, baseline);
      parts.push(
        `<rect x="${fixed(x)}" y="${fixed(barTop)}" width="${fixed(Math.max(1, barWidth - 1))}" height="${fixed(Math.max(0.5, Math.abs(baseline - y)))}" fill="${color(s)}"><title>${escape(`${series.name}, ${category}: ${formatNumber(value)}`)}</title></rect>`,
      );
      if (labelBars) {
        parts.push(`<text x="${fixed(x + barWidth / 2)}" y="${fixed(barTop - 3)}" font-size="9" text-anchor="middle" ${FONT}>${escape(formatNumber(value))}</text>`);
      }
    });
    const labelX = left + (c + 0.5) * groupWidth;
    parts.push(
      rotate
        ? `<text x="${fixed(labelX)}" y="${fixed(plotBottom + 14)}" font-size="10" text-anchor="end" transform="rotate(-35 ${fixed(labelX)} ${fixed(plotBottom + 14)})" ${FONT}>${escape(category)}</text>`
        : `<text x="${fixed(labelX)}" y="${fixed(plotBottom + 16)}" font-size="10" text-anchor="middle" ${FONT}>${escape(category)}</text>`,
    );
  });

  if (chart.reference) {
    const y = axis.toPixel(chart.reference.value);
    parts.push(`<line x1="${left}" y1="${fixed(y)}" x2="${WIDTH - right}" y2="${fixed(y)}" stroke="#444" stroke-dasharray="5 4"/>`);
    parts.push(`<text x="${WIDTH - right - 2}" y="${fixed(y - 4)}" font-size="10" text-anchor="end" fill="#444" ${FONT}>${escape(chart.reference.label)}</text>`);
  }
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

export function renderLineChart(chart: LineChart): string {
  const legendRows = Math.ceil(chart.series.length / 4);
  const top = 44 + legendRows * 18;
  const left = 78;
  const right = 20;
  const bottom = 56;
  const height = top + 320 + bottom;
  const plotBottom = height - bottom;

  const points = chart.series.flatMap((series) => series.points).filter((point) => point.x > 0 && Number.isFinite(point.x) && Number.isFinite(point.y));
  const xAxis = logAxis(points.map((point) => point.x), left, WIDTH - right);
  const yValues = points.map((point) => point.y);
  const yMin = Math.max(0, Math.floor(Math.min(1, ...yValues) * 10) / 10 - 0.05);
  const yAxisScale = linearRange(yMin, 1.0, plotBottom, top);

  const parts: string[] = [header(WIDTH, height, chart.title), legend(chart.series.map((series) => series.name), left, 40)];
  parts.push(yAxis(yAxisScale, left, WIDTH - right, chart.yLabel, top, plotBottom));
  for (const tick of xAxis.ticks) {
    const x = xAxis.toPixel(tick);
    parts.push(`<line x1="${fixed(x)}" y1="${top}" x2="${fixed(x)}" y2="${plotBottom}" stroke="#eee"/>`);
    parts.push(`<text x="${fixed(x)}" y="${plotBottom + 16}" font-size="10" text-anchor="middle" ${FONT}>${escape(formatNumber(tick))}</text>`);
  }
  parts.push(`<text x="${fixed((left + WIDTH - right) / 2)}" y="${plotBottom + 40}" font-size="11" text-anchor="middle" ${FONT}>${escape(chart.xLabel)}</text>`);

  chart.series.forEach((series, s) => {
    const usable = series.points.filter((point) => point.x > 0 && Number.isFinite(point.x) && Number.isFinite(point.y));
    const pixels = usable.map((point) => [xAxis.toPixel(point.x), yAxisScale.toPixel(point.y)] as const);
    if (!series.markersOnly && pixels.length > 1) {
      parts.push(`<polyline fill="none" stroke="${color(s)}" stroke-width="2" points="${pixels.map(([x, y]) => `${fixed(x)},${fixed(y)}`).join(' ')}"/>`);
    }
    usable.forEach((point, index) => {
      const [x, y] = pixels[index];
      parts.push(`<circle cx="${fixed(x)}" cy="${fixed(y)}" r="${series.markersOnly ? 5 : 3.5}" fill="${color(s)}"><title>${escape(`${series.name}${point.label ? ` ${point.label}` : ''}: ${formatNumber(point.x)} q/s, ${point.y.toFixed(3)}`)}</title></circle>`);
      if (point.label) parts.push(`<text x="${fixed(x + 5)}" y="${fixed(y - 5)}" font-size="9" fill="${color(s)}" ${FONT}>${escape(point.label)}</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function header(width: number, height: number, title: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${escape(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="22" font-size="15" font-weight="bold" text-anchor="middle" ${FONT}>${escape(title)}</text>`,
  ].join('\n');
}

function legend(names: string[], left: number, top: number): string {
  return names
    .map((name, index) => {
      const x = left + (index % 4) * 180;
      const y = top + Math.floor(index / 4) * 18;
      return `<rect x="${x}" y="${y - 9}" width="12" height="12" fill="${color(index)}"/><text x="${x + 17}" y="${y + 1}" font-size="11" ${FONT}>${escape(name)}</text>`;
    })
    .join('\n');
}

function yAxis(axis: Axis, left: number, right: number, label: string, top: number, bottom: number): string {
  const parts = axis.ticks.map((tick) => {
    const y = axis.toPixel(tick);
    return `<line x1="${left}" y1="${fixed(y)}" x2="${right}" y2="${fixed(y)}" stroke="#eee"/><text x="${left - 6}" y="${fixed(y + 3)}" font-size="10" text-anchor="end" ${FONT}>${escape(formatNumber(tick))}</text>`;
  });
  parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="#333"/>`);
  parts.push(`<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#333"/>`);
  const middle = (top + bottom) / 2;
  parts.push(`<text x="16" y="${fixed(middle)}" font-size="11" text-anchor="middle" transform="rotate(-90 16 ${fixed(middle)})" ${FONT}>${escape(label)}</text>`);
  return parts.join('\n');
}

function linearAxis(values: number[], pixelAtMin: number, pixelAtMax: number): Axis {
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  return linearRange(min, max === min ? min + 1 : max * 1.1, pixelAtMin, pixelAtMax);
}

function linearRange(min: number, max: number, pixelAtMin: number, pixelAtMax: number): Axis {
  const span = max - min || 1;
  const rough = span / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? rough;
  const first = Math.ceil(min / step) * step;
  const ticks: number[] = [];
  for (let tick = first; tick <= max + step * 1e-9; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return { toPixel: (value) => pixelAtMin + ((value - min) / span) * (pixelAtMax - pixelAtMin), ticks };
}

function logAxis(values: number[], pixelAtMin: number, pixelAtMax: number): Axis {
  const positive = values.filter((value) => value > 0 && Number.isFinite(value));
  const low = Math.floor(Math.log10(Math.min(...(positive.length ? positive : [1]))));
  let high = Math.ceil(Math.log10(Math.max(...(positive.length ? positive : [10]))));
  if (high <= low) high = low + 1;
  const ticks: number[] = [];
  for (let power = low; power <= high; power++) ticks.push(10 ** power);
  return { toPixel: (value) => pixelAtMin + ((Math.log10(value) - low) / (high - low)) * (pixelAtMax - pixelAtMin), ticks };
}

function color(index: number): string {
  return PALETTE[index % PALETTE.length];
}

function fixed(value: number): string {
  return value.toFixed(1);
}

export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
