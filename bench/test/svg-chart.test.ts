import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderBarChart, renderLineChart } from '../src/report/svg-chart.js';

describe('renderBarChart', () => {
  it('escapes text and draws one bar per value', () => {
    const svg = renderBarChart({
      title: 'a < b & "c"',
      yLabel: 'ratio',
      categories: ['x', 'y'],
      series: [
        { name: 's1', values: [1, 2] },
        { name: 's2', values: [3, undefined] },
      ],
    });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('a &lt; b &amp; &quot;c&quot;');
    expect(svg.match(/<rect x=/g)?.length).toBe(3 + 2); // three bars and two legend swatches
    expect(svg).toContain('>n/a<');
  });

  it('log scale skips values that are not positive', () => {
    const svg = renderBarChart({ title: 't', yLabel: 'y', categories: ['a', 'b'], series: [{ name: 's', values: [0, 100] }], logScale: true, reference: { value: 1, label: 'one' } });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg.match(/<rect x=/g)?.length).toBe(1 + 1);
    expect(svg).toContain('stroke-dasharray');
  });

  it('handles a chart without values', () => {
    const svg = renderBarChart({ title: 't', yLabel: 'y', categories: [], series: [] });
    expect(XMLValidator.validate(svg)).toBe(true);
  });
});

describe('renderLineChart', () => {
  it('draws lines, markers and labels', () => {
    const svg = renderLineChart({
      title: 'recall',
      xLabel: 'q/s',
      yLabel: 'recall@10',
      series: [
        { name: 'hnsw', points: [{ x: 100, y: 0.9, label: 'ef 16' }, { x: 50, y: 0.99, label: 'ef 64' }] },
        { name: 'exact', points: [{ x: 10, y: 1 }], markersOnly: true },
      ],
    });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg.match(/<polyline/g)?.length).toBe(1);
    expect(svg.match(/<circle/g)?.length).toBe(3);
    expect(svg).toContain('ef 64');
  });
});
