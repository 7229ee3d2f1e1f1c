// A small SVG scatter chart of search latency against gallery size, both on
// log scales because they span several decades, with one colour per backend
// and one marker per index kind.

import type { LatencySample } from './latency-log.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 420;
const HEIGHT = 220;
const MARGIN = { left: 64, right: 14, top: 12, bottom: 38 };

const BACKEND_COLOURS: Record<string, string> = {
  webgpu: '#2563eb',
  'wasm-simd': '#16a34a',
  js: '#9333ea',
};

export function renderLatencyChart(target: SVGSVGElement, samples: readonly LatencySample[]): void {
  target.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  target.replaceChildren();
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;

  if (samples.length === 0) {
    target.append(text(WIDTH / 2, HEIGHT / 2, 'No searches yet: identify a photo or press "Measure latency".', 'middle', 'empty'));
    return;
  }

  const x = logScale(samples.map((sample) => Math.max(1, sample.templates)), MARGIN.left, MARGIN.left + plotWidth);
  const y = logScale(samples.map((sample) => Math.max(0.01, sample.ms)), MARGIN.top + plotHeight, MARGIN.top);

  // Axes with a grid line per decade on both scales.
  target.append(line(MARGIN.left, MARGIN.top + plotHeight, MARGIN.left + plotWidth, MARGIN.top + plotHeight, 'axis'));
  target.append(line(MARGIN.left, MARGIN.top, MARGIN.left, MARGIN.top + plotHeight, 'axis'));
  for (const decade of x.decades) {
    const at = x.map(10 ** decade);
    target.append(line(at, MARGIN.top, at, MARGIN.top + plotHeight, 'grid'));
    target.append(text(at, MARGIN.top + plotHeight + 14, compactCount(10 ** decade), 'middle'));
  }
  for (const decade of y.decades) {
    const at = y.map(10 ** decade);
    target.append(line(MARGIN.left, at, MARGIN.left + plotWidth, at, 'grid'));
    target.append(text(MARGIN.left - 6, at + 4, compactMs(10 ** decade), 'end'));
  }
  target.append(text(MARGIN.left + plotWidth / 2, HEIGHT - 4, 'templates in the gallery', 'middle', 'axis-title'));
  const yTitle = text(12, MARGIN.top + plotHeight / 2, 'search latency', 'middle', 'axis-title');
  yTitle.setAttribute('transform', `rotate(-90 12 ${MARGIN.top + plotHeight / 2})`);
  target.append(yTitle);

  for (const sample of samples) {
    const colour = BACKEND_COLOURS[sample.backend] ?? '#555';
    const cx = x.map(Math.max(1, sample.templates));
    const cy = y.map(Math.max(0.01, sample.ms));
    const marker =
      sample.index === 'hnsw'
        ? shape('rect', { x: cx - 4, y: cy - 4, width: 8, height: 8, fill: colour })
        : shape('circle', { cx, cy, r: 4, fill: colour });
    marker.setAttribute('fill-opacity', '0.75');
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${sample.templates.toLocaleString('en-US')} templates: ${sample.ms.toFixed(2)} ms on ${sample.backend} (${sample.index}, ${sample.source})`;
    marker.append(title);
    target.append(marker);
  }
}

interface LogScale {
  /** Powers of ten spanned by the axis, at least two. */
  readonly decades: number[];
  map(value: number): number;
}

/** Returns a base-10 log scale over the whole decades that contain every value, mapped from pixel `from` to pixel `to`. */
function logScale(values: readonly number[], from: number, to: number): LogScale {
  const low = Math.floor(Math.log10(Math.min(...values)));
  let high = Math.ceil(Math.log10(Math.max(...values)));
  if (high === low) high += 1;
  const decades: number[] = [];
  for (let decade = low; decade <= high; decade++) decades.push(decade);
  return { decades, map: (value) => from + ((Math.log10(value) - low) / (high - low)) * (to - from) };
}

function compactCount(value: number): string {
  if (value >= 1e6) return `${value / 1e6}M`;
  if (value >= 1e3) return `${value / 1e3}k`;
  return String(value);
}

function compactMs(ms: number): string {
  if (ms >= 1000) return `${ms / 1000} s`;
  return `${ms} ms`;
}

function shape(name: string, attributes: Record<string, number | string>): SVGElement {
  const node = document.createElementNS(SVG, name) as SVGElement;
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

function line(x1: number, y1: number, x2: number, y2: number, className: string): SVGElement {
  return shape('line', { x1, y1, x2, y2, class: className });
}

function text(x: number, y: number, content: string, anchor: 'start' | 'middle' | 'end', className = 'tick'): SVGElement {
  const node = shape('text', { x, y, 'text-anchor': anchor, class: className });
  node.textContent = content;
  return node;
}
