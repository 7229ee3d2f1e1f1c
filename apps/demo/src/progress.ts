// A progress bar with a count and, once a few items are done, an estimate of
// the time left from the average time per item so far.

import { formatCount, formatMs } from './dom.js';

export class ProgressView {
  private total = 0;
  private unit = '';
  private started = 0;

  constructor(
    private readonly container: HTMLElement,
    private readonly bar: HTMLProgressElement,
    private readonly label: HTMLElement,
  ) {}

  start(total: number, unit: string): void {
    this.total = total;
    this.unit = unit;
    this.started = performance.now();
    this.container.hidden = false;
    this.container.dataset.state = 'running';
    this.bar.max = Math.max(1, total);
    this.bar.value = 0;
    this.label.textContent = `0 / ${formatCount(total)} ${unit}`;
  }

  update(done: number): void {
    this.bar.value = done;
    const elapsed = performance.now() - this.started;
    let text = `${formatCount(done)} / ${formatCount(this.total)} ${this.unit}, ${formatMs(elapsed)} elapsed`;
    if (done > 0 && done < this.total) {
      const left = (elapsed / done) * (this.total - done);
      text += `, about ${formatMs(left)} left`;
    }
    this.label.textContent = text;
  }

  hide(): void {
    this.container.hidden = true;
  }

  finish(summary: string): void {
    this.bar.value = this.bar.max;
    this.container.dataset.state = 'done';
    this.label.textContent = `${summary} in ${formatMs(performance.now() - this.started)}`;
  }
}
