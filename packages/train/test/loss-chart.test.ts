import { describe, expect, it } from 'vitest';
import { renderLossChart } from '../src/loss-chart.js';

const history = [
  { epoch: 1, loss: 0.05, activeFraction: 0.4 },
  { epoch: 2, loss: 0.02, activeFraction: 0.2 },
  { epoch: 3, loss: 0.01, activeFraction: 0.1 },
];

describe('renderLossChart', () => {
  it('draws a loss and an active-fraction line per series', () => {
    const svg = renderLossChart([
      { label: 'js', history },
      { label: 'wasm-simd', history },
    ]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(4);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(2);
    expect(svg).toContain('>wasm-simd</text>');
  });

  it('puts the highest loss at the top of the axis', () => {
    const svg = renderLossChart([{ label: 'run', history }]);
    // The loss axis ends at 0.05, so epoch 1 sits on the top edge of the plot (y = 40).
    const points = svg.match(/<polyline points="([^"]+)"/)?.[1].split(' ');
    expect(points?.[0]).toBe('84.0,40.0');
    expect(points).toHaveLength(3);
  });

  it('escapes text', () => {
    const svg = renderLossChart([{ label: 'a<b & "c"', history }], 'title <x>');
    expect(svg).toContain('a&lt;b &amp; &quot;c&quot;');
    expect(svg).toContain('title &lt;x&gt;');
    expect(svg).not.toContain('<x>');
  });

  it('draws a single epoch and an all-zero loss', () => {
    const svg = renderLossChart([{ label: 'flat', history: [{ epoch: 1, loss: 0, activeFraction: 0 }] }]);
    expect(svg).not.toContain('NaN');
    expect(svg).not.toContain('Infinity');
  });
});
