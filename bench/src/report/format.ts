// Number formatting shared by the Markdown report, the console summary and
// the chart labels.

/** Three significant digits, without exponent notation for ordinary magnitudes. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  if (magnitude === 0) return '0';
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  if (magnitude >= 0.01) return value.toFixed(3);
  return value.toExponential(1);
}

export function formatRatio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : `${formatNumber(value)}x`;
}

export function formatPercent(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const percent = value * 100;
  if (percent >= 10) return `${percent.toFixed(0)} %`;
  if (percent >= 1) return `${percent.toFixed(1)} %`;
  return `${percent.toPrecision(2)} %`;
}

export function formatCount(value: number): string {
  if (value >= 1_000_000 && value % 1_000_000 === 0) return `${value / 1_000_000}M`;
  if (value >= 1000 && value % 1000 === 0) return `${value / 1000}k`;
  return String(value);
}

export function formatBytesShort(bytes: number | undefined): string {
  if (bytes === undefined) return '–';
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

export function geometricMean(values: readonly number[]): number | undefined {
  const positive = values.filter((value) => value > 0 && Number.isFinite(value));
  if (positive.length === 0) return undefined;
  return Math.exp(positive.reduce((sum, value) => sum + Math.log(value), 0) / positive.length);
}

/** Formats a ratio as its kind reads best: a speed-up as "3.2x", a share of a limit as a percentage. */
export function formatRatioValue(kind: 'speedup' | 'share', value: number | undefined): string {
  return kind === 'share' ? formatPercent(value) : formatRatio(value);
}

/** Formats the range of a ratio's values as "min – max", or a dash when it has none. */
export function formatRatioRange(kind: 'speedup' | 'share', values: readonly number[]): string {
  if (values.length === 0) return '–';
  return `${formatRatioValue(kind, Math.min(...values))} – ${formatRatioValue(kind, Math.max(...values))}`;
}
