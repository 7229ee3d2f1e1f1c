// The header's backend and index pickers, with notes that show which kernel
// backend serves searches (and why, after a fallback or a lost GPU device)
// and which index.

import { AUTO_HNSW_THRESHOLD, DEFAULT_HNSW_PARAMETERS, type IndexChoice } from '@facegate/index';
import type { BackendName } from '@facegate/kernels';
import type { Activity } from './activity.js';
import type { DemoGallery } from './demo-gallery.js';
import { byId, formatBytes, formatCount } from './dom.js';
import { describePreparation } from './timed-search.js';
import { type BackendChoice, isBackendChoice, type SearchBackend, startSearchBackend } from './search-backend.js';

// hnswlib-wasm 0.8.2 runs in a WebAssembly heap capped at 2 GiB.
const HNSW_HEAP_BYTES = 2 ** 31;

/** Template count from which switching to HNSW needs confirmation, because the graph build blocks the page. */
const HNSW_CONFIRM_TEMPLATES = 5_000;

export class RuntimeControls {
  private readonly backendChoice = byId('backend-choice', HTMLSelectElement);
  private readonly backendNote = byId('backend-note', HTMLElement);
  private readonly indexChoice = byId('index-choice', HTMLSelectElement);
  private readonly indexNote = byId('index-note', HTMLElement);
  private gallery: DemoGallery | undefined;

  constructor(private readonly activity: Activity) {}

  /** Starts the first backend; call attach() once the gallery exists. */
  startBackend(choice: BackendChoice): Promise<SearchBackend> {
    this.backendChoice.value = choice;
    return startSearchBackend(choice, (reason, fallback) => this.deviceLost(reason, fallback));
  }

  attach(gallery: DemoGallery, running: SearchBackend): void {
    this.gallery = gallery;
    this.showBackend(running);
    this.indexChoice.value = gallery.indexChoice;
    this.showIndex();
    gallery.onChange(() => this.showIndex());

    this.backendChoice.addEventListener('change', () => {
      const choice = this.backendChoice.value;
      if (!isBackendChoice(choice)) return;
      void this.activity.run(`switching the search backend to ${choice}`, () => this.switchBackend(gallery, choice));
    });
    this.indexChoice.addEventListener('change', () => {
      const choice = this.indexChoice.value as IndexChoice;
      const refusal = hnswRefusal(gallery.templateCount, gallery.settings.dim, choice);
      if (refusal) {
        this.activity.error(refusal);
        this.indexChoice.value = gallery.indexChoice;
        return;
      }
      if (wouldBuildHnsw(gallery.templateCount, choice) && gallery.templateCount >= HNSW_CONFIRM_TEMPLATES) {
        const question =
          `Build an HNSW graph over ${formatCount(gallery.templateCount)} templates? hnswlib-wasm builds it on this page's main thread, ` +
          'so the page stops responding until it is done, which can take many minutes for tens of thousands of templates.';
        if (!window.confirm(question)) {
          this.indexChoice.value = gallery.indexChoice;
          return;
        }
      }
      void this.activity.run(`switching the index to ${choice}`, () => this.switchIndex(gallery, choice));
    });
  }

  private async switchBackend(gallery: DemoGallery, choice: BackendChoice): Promise<void> {
    const next = await this.startBackend(choice);
    const previous = gallery.backend;
    try {
      await gallery.switchTo(next.backend, gallery.indexChoice);
    } catch (error) {
      next.backend.dispose();
      throw error;
    }
    previous.dispose();
    this.showBackend(next);
    const ms = await gallery.prepare();
    if (ms > 0) this.activity.notice(`Switched to ${next.chosen}; ${describePreparation(gallery.indexKind, gallery.templateCount, gallery.backend.name, ms)}.`);
  }

  private async switchIndex(gallery: DemoGallery, choice: IndexChoice): Promise<void> {
    await gallery.switchTo(gallery.backend, choice);
    const ms = await gallery.prepare();
    if (ms > 0) this.activity.notice(`Switched to the ${choice} index; ${describePreparation(gallery.indexKind, gallery.templateCount, gallery.backend.name, ms)}.`);
  }

  private showBackend(running: SearchBackend): void {
    this.backendNote.dataset.chosen = running.chosen;
    this.backendNote.dataset.fellBack = String(running.fellBack);
    this.backendNote.classList.toggle('warning', running.fellBack);
    const requested = running.requested === 'auto' ? 'webgpu' : running.requested;
    const headline = running.fellBack ? `Running ${running.chosen} instead of ${requested}.` : `Running ${running.chosen}.`;
    this.backendNote.textContent = `${headline} ${running.reason}`;
    if (running.chosen === 'webgpu' && isSoftwareAdapter(running)) {
      this.backendNote.textContent += '. A software adapter runs WebGPU on the CPU, so wasm-simd may search faster here; compare them with "Measure latency".';
    }
  }

  private deviceLost(reason: string, fallback: BackendName): void {
    this.backendNote.dataset.chosen = fallback;
    this.backendNote.dataset.fellBack = 'true';
    this.backendNote.classList.add('warning');
    this.backendNote.textContent = `Running ${fallback}: the WebGPU device was lost (${reason}), so searches moved to ${fallback}.`;
    this.activity.warning(`The WebGPU device was lost (${reason}); searches now run on ${fallback}.`);
  }

  private showIndex(): void {
    const gallery = this.gallery;
    if (!gallery) return;
    const { M, ef } = DEFAULT_HNSW_PARAMETERS;
    const descriptions: Record<IndexChoice, string> = {
      exact: `exact: every search scans all templates on ${gallery.backend.name}.`,
      hnsw: `HNSW (hnswlib-wasm, M ${M}, ef ${ef}): approximate; the graph is built on this page's main thread.`,
      auto: `auto: exact below ${formatCount(AUTO_HNSW_THRESHOLD)} templates, HNSW from there.`,
    };
    this.indexNote.dataset.kind = gallery.indexKind;
    this.indexNote.textContent = `${descriptions[gallery.indexChoice]} Next search: ${gallery.indexKind === 'hnsw' ? 'HNSW' : 'exact'}.`;
  }
}

function isSoftwareAdapter(running: SearchBackend): boolean {
  const { info } = running.backend;
  return info.backend === 'webgpu' && info.isFallbackAdapter;
}

export function wouldBuildHnsw(templates: number, choice: IndexChoice): boolean {
  return choice === 'hnsw' || (choice === 'auto' && templates >= AUTO_HNSW_THRESHOLD);
}

/** Returns why HNSW cannot hold `templates` vectors of `dim` components, or undefined when it can. */
export function hnswRefusal(templates: number, dim: number, choice: IndexChoice): string | undefined {
  if (!wouldBuildHnsw(templates, choice)) return undefined;
  const { M } = DEFAULT_HNSW_PARAMETERS;
  // NOTE: vector plus level-0 links per element; hnswlib's upper levels and bookkeeping add a little more.
  const bytes = templates * (dim * 4 + 2 * M * 4 + 16);
  if (bytes <= HNSW_HEAP_BYTES * 0.9) return undefined;
  return (
    `HNSW cannot hold ${formatCount(templates)} templates: they need about ${formatBytes(bytes)} inside hnswlib-wasm, ` +
    `whose WebAssembly heap is capped at ${formatBytes(HNSW_HEAP_BYTES)}. Keep the exact index, or remove distractors first.`
  );
}
