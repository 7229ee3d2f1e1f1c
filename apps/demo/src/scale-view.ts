// The large-gallery panel: synthetic distractors added to the real gallery,
// latency measurements with random probes, the latency chart and the log of
// recent searches with the backend and index that served each.

import type { AppContext } from './context.js';
import { MAX_DISTRACTORS, randomUnitVectors, seededRandom } from './distractors.js';
import { byId, element, formatBytes, formatCount, formatMs, plural } from './dom.js';
import { renderLatencyChart } from './latency-chart.js';
import type { LatencySample } from './latency-log.js';
import { ProgressView } from './progress.js';
import { hnswRefusal, wouldBuildHnsw } from './runtime-controls.js';
import { describePreparation, describeSearch, timedSearch } from './timed-search.js';

/** Random probes per "Measure latency" press; the median is logged. */
const MEASURE_PROBES = 5;

/** Template bytes from which the memory line is highlighted. */
const LARGE_GALLERY_BYTES = 1024 ** 3;

/** Rows shown in the recent-search table. */
const LOG_ROWS = 12;

export class ScaleView {
  private readonly count = byId('distractor-count', HTMLInputElement);
  private readonly status = byId('distractor-status', HTMLElement);
  private readonly memory = byId('distractor-memory', HTMLElement);
  private readonly chart = byId('latency-chart', SVGSVGElement);
  private readonly logBody = byId('latency-body', HTMLTableSectionElement);
  private readonly progress = new ProgressView(byId('scale-progress', HTMLElement), byId('scale-progress-bar', HTMLProgressElement), byId('scale-progress-label', HTMLElement));

  constructor(private readonly context: AppContext) {
    this.count.max = String(MAX_DISTRACTORS);
    this.count.addEventListener('input', () => this.renderMemory());
    context.gallery.onChange(() => this.renderStatus());
    context.latency.onChange((samples) => this.renderSamples(samples));

    byId('add-distractors', HTMLButtonElement).addEventListener('click', () => {
      const count = Number(this.count.value);
      if (!Number.isInteger(count) || count < 1 || count > MAX_DISTRACTORS) {
        context.activity.error(`distractor count ${JSON.stringify(this.count.value)} is invalid; enter an integer from 1 to ${formatCount(MAX_DISTRACTORS)}`);
        return;
      }
      const { gallery } = context;
      const refusal = hnswRefusal(gallery.templateCount + count, gallery.settings.dim, gallery.indexChoice);
      if (refusal) {
        context.activity.error(refusal);
        return;
      }
      if (wouldBuildHnsw(gallery.templateCount + count, gallery.indexChoice) && count >= 5_000) {
        const question = `The gallery uses HNSW, so each of the ${formatCount(count)} distractors is inserted into the graph on this page's main thread; the page may stop responding for minutes. Continue?`;
        if (!window.confirm(question)) return;
      }
      void context.activity.run(`adding ${formatCount(count)} distractors`, () => this.addDistractors(count));
    });
    byId('remove-distractors', HTMLButtonElement).addEventListener('click', () => {
      void context.activity.run('removing the distractors', async () => {
        await context.gallery.removeDistractors();
      });
    });
    byId('measure-latency', HTMLButtonElement).addEventListener('click', () => {
      void context.activity.run('measuring search latency', () => this.measure());
    });

    this.renderStatus();
    this.renderMemory();
    this.renderSamples([]);
  }

  private async addDistractors(count: number): Promise<void> {
    const { gallery } = this.context;
    this.progress.start(count, 'distractors');
    await gallery.addDistractors(count, (done) => this.progress.update(done));
    this.progress.finish(`${formatCount(count)} distractors added`);

    // Upload (or graph build) now, so the next identification times the search alone.
    const ms = await gallery.prepare();
    this.context.activity.notice(`Added ${formatCount(count)} distractors; ${describePreparation(gallery.indexKind, gallery.templateCount, gallery.backend.name, ms)}.`);
  }

  private async measure(): Promise<void> {
    const { gallery } = this.context;
    if (gallery.templateCount === 0) throw new Error('the gallery is empty; enrol someone or add distractors first');
    const random = seededRandom(performance.now());
    const latencies: number[] = [];
    let last: Awaited<ReturnType<typeof timedSearch>> | undefined;
    for (let i = 0; i < MEASURE_PROBES; i++) {
      const probe = randomUnitVectors(1, gallery.settings.dim, random);
      last = await timedSearch(this.context, 'measure', `random probe ${i + 1}`, 1, () => gallery.gallery.search(probe, 1));
      latencies.push(last.sample.ms);
    }
    latencies.sort((a, b) => a - b);
    this.context.activity.notice(
      `Measured ${MEASURE_PROBES} searches with random probes: median ${formatMs(latencies[Math.floor(latencies.length / 2)])}, ` +
        `min ${formatMs(latencies[0])}, max ${formatMs(latencies[latencies.length - 1])}; ${last ? describeSearch(last) : ''}.`,
    );
  }

  private renderStatus(): void {
    const { gallery } = this.context;
    const distractors = gallery.distractorCount;
    this.status.dataset.distractors = String(distractors);
    this.status.textContent =
      distractors === 0
        ? `No distractors. The gallery holds ${formatCount(gallery.templateCount)} templates of enrolled people.`
        : `${plural(distractors, 'synthetic distractor')} and ${plural(gallery.templateCount - distractors, 'template')} of people: ` +
          `${plural(gallery.templateCount, 'template')} searched with the ${gallery.indexKind === 'hnsw' ? 'HNSW' : 'exact'} index on ${gallery.backend.name}. ` +
          'Distractors live in this tab only and are not saved.';
  }

  private renderMemory(): void {
    const count = Number(this.count.value);
    if (!Number.isFinite(count) || count < 1) {
      this.memory.textContent = '';
      return;
    }
    const bytes = count * this.context.gallery.settings.dim * 4;
    this.memory.textContent =
      `${plural(count, 'float32 template')} of ${this.context.gallery.settings.dim} dimensions take ${formatBytes(bytes)}. ` +
      'The search backend keeps its own copies, and the page briefly holds more while it uploads them: plan for several times that much memory.';
    this.memory.classList.toggle('warning', bytes >= LARGE_GALLERY_BYTES);
  }

  private renderSamples(samples: readonly LatencySample[]): void {
    renderLatencyChart(this.chart, samples);
    const recent = samples.slice(-LOG_ROWS).reverse();
    this.logBody.replaceChildren(
      ...recent.map((sample) =>
        element(
          'tr',
          { 'data-backend': sample.backend, 'data-index': sample.index },
          element('td', {}, sample.probe),
          element('td', { class: 'number' }, formatCount(sample.templates)),
          element('td', {}, sample.backend),
          element('td', {}, sample.index === 'hnsw' ? 'HNSW' : 'exact'),
          element('td', { class: 'number' }, formatMs(sample.ms)),
        ),
      ),
    );
  }
}
