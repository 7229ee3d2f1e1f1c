// Identification (1:K) and verification (1:1) of a probe photo or camera
// frame. Every face gets a box with its best identity and distance, or
// "unknown", and the selected face lists its top-k candidates. Verify mode
// adds the claimed identity's distance, the threshold and the decision.

import { type DetectedFace, decodeImageInBrowser, defaultThreshold, type FaceIdentification, identify, type IdentifyResult, type RgbImage, verify, type VerifyResult } from '@facegate/core';
import type { AppContext } from './context.js';
import { isDistractorLabel, DISTRACTOR_PREFIX } from './distractors.js';
import { acceptDrops, byId, element, formatMs } from './dom.js';
import { canvasFromImage } from './image-canvas.js';
import { isImagePath } from './photo-files.js';
import { describeSearch, timedSearch } from './timed-search.js';

interface Probe {
  readonly image: RgbImage;
  readonly faces: DetectedFace[];
  readonly source: string;
  readonly analysisMs: number;
}

/** Display size of the probe's longer side, in CSS pixels. */
const PROBE_DISPLAY_SIDE = 480;

export class IdentifyView {
  private readonly canvas = byId('probe-canvas', HTMLCanvasElement);
  private readonly facesBody = byId('faces-body', HTMLTableSectionElement);
  private readonly topkBody = byId('topk-body', HTMLTableSectionElement);
  private readonly topkTitle = byId('topk-title', HTMLElement);
  private readonly verdict = byId('verdict', HTMLElement);
  private readonly queryInfo = byId('query-info', HTMLElement);
  private readonly claimed = byId('claimed', HTMLSelectElement);
  private readonly threshold = byId('threshold', HTMLInputElement);
  private readonly topK = byId('top-k', HTMLInputElement);
  private readonly verifyMode = byId('mode-verify', HTMLInputElement);

  private probe: Probe | undefined;
  private identification: IdentifyResult | undefined;
  private selectedFace = 0;
  private scale = 1;

  constructor(private readonly context: AppContext) {
    this.threshold.value = defaultThreshold().toFixed(2);
    this.threshold.title = `calibrated default: ${defaultThreshold()} (squared L2)`;
    context.gallery.onChange(() => this.updateClaimedOptions());
    this.updateClaimedOptions();

    const input = byId('probe-file', HTMLInputElement);
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      input.value = '';
      if (file) this.queueFile(file);
    });

    acceptDrops(byId('probe-drop', HTMLElement), (transfer) => {
      const file = transfer.files[0];
      if (file) this.queueFile(file);
    });

    byId('identify-camera', HTMLButtonElement).addEventListener('click', () => {
      void context.activity.run('identifying a camera frame', async () => {
        await this.analyseProbe(context.camera.capture(), 'camera frame');
      });
    });

    const rerun = () => {
      if (this.probe) void context.activity.run('searching again', () => this.query());
    };
    for (const id of ['mode-identify', 'mode-verify']) byId(id, HTMLInputElement).addEventListener('change', rerun);
    this.claimed.addEventListener('change', rerun);
    this.threshold.addEventListener('change', rerun);
    this.topK.addEventListener('change', rerun);

    this.canvas.addEventListener('click', (event) => this.selectAt(event));
  }

  private queueFile(file: File): void {
    if (!isImagePath(file.name)) {
      this.context.activity.error(`${file.name} is not an image file (expected .jpg, .jpeg, .png, .gif, .webp or .bmp)`);
      return;
    }
    void this.context.activity.run(`identifying ${file.name}`, async () => {
      const image = await decodeImageInBrowser(new Uint8Array(await file.arrayBuffer()), file.name);
      await this.analyseProbe(image, file.name);
    });
  }

  private async analyseProbe(image: RgbImage, source: string): Promise<void> {
    const started = performance.now();
    const faces = await this.context.pipeline.analyse(image, source);
    this.probe = { image, faces, source, analysisMs: performance.now() - started };
    this.selectedFace = 0;
    await this.query();
  }

  private async query(): Promise<void> {
    const probe = this.probe;
    if (!probe) return;
    const threshold = this.readThreshold();
    const k = this.readK();
    const { gallery, pipeline } = this.context;
    if (gallery.templateCount === 0) throw new Error('the gallery is empty; enrol someone first');

    const timed = await timedSearch(this.context, 'identify', probe.source, k, () => identify(probe.faces, gallery.gallery, pipeline.modelId, { threshold, k }));
    this.identification = timed.result;

    let verification: VerifyResult | undefined;
    let verifyMs = 0;
    if (this.verifyMode.checked) {
      const claimed = this.claimed.value;
      if (!claimed) throw new Error('choose the claimed identity first (the gallery has no people)');
      const started = performance.now();
      verification = await verify(probe.faces, claimed, gallery.gallery, pipeline.modelId, { threshold });
      verifyMs = performance.now() - started;
    }

    this.draw();
    this.renderFaces();
    this.renderTopK();
    this.renderVerdict(verification, verifyMs);

    const faceCount = probe.faces.length;
    this.queryInfo.textContent =
      `${probe.source}: ${faceCount === 0 ? 'no face found' : `${faceCount} face${faceCount === 1 ? '' : 's'}`}; ` +
      `face analysis ${formatMs(probe.analysisMs)}; ${describeSearch(timed)}.`;
    this.queryInfo.dataset.backend = timed.sample.backend;
    this.queryInfo.dataset.index = timed.sample.index;
    this.queryInfo.dataset.templates = String(timed.sample.templates);
  }

  private readThreshold(): number {
    const value = Number(this.threshold.value);
    if (this.threshold.value.trim() === '' || !Number.isFinite(value) || value < 0) {
      throw new Error(`threshold ${JSON.stringify(this.threshold.value)} is invalid; enter a squared L2 distance of 0 or more (default ${defaultThreshold()})`);
    }
    return value;
  }

  private readK(): number {
    const value = Number(this.topK.value);
    if (!Number.isInteger(value) || value < 1 || value > 100) throw new Error(`top-k ${JSON.stringify(this.topK.value)} is invalid; enter an integer from 1 to 100`);
    return value;
  }

  private updateClaimedOptions(): void {
    const previous = this.claimed.value;
    const people = this.context.gallery.people();
    this.claimed.replaceChildren(...people.map((person) => element('option', { value: person.label }, person.label)));
    if (people.some((person) => person.label === previous)) this.claimed.value = previous;
  }

  private draw(): void {
    const probe = this.probe;
    if (!probe) return;
    const { image } = probe;
    this.scale = PROBE_DISPLAY_SIDE / Math.max(image.width, image.height);
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(image.width * this.scale * ratio);
    this.canvas.height = Math.round(image.height * this.scale * ratio);
    this.canvas.style.width = `${Math.round(image.width * this.scale)}px`;
    this.canvas.style.height = `${Math.round(image.height * this.scale)}px`;

    const context = this.canvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.imageSmoothingQuality = 'high';
    context.drawImage(canvasFromImage(image), 0, 0, image.width * this.scale, image.height * this.scale);

    const faces = this.identification?.faces ?? [];
    faces.forEach((face, position) => this.drawFace(context, face, position === this.selectedFace));
  }

  private drawFace(context: CanvasRenderingContext2D, face: FaceIdentification, selected: boolean): void {
    const { box } = face;
    const x = box.x1 * this.scale;
    const y = box.y1 * this.scale;
    const width = (box.x2 - box.x1) * this.scale;
    const height = (box.y2 - box.y1) * this.scale;
    const known = face.identity !== 'unknown';
    const colour = known ? '#16a34a' : '#dc2626';

    context.lineWidth = selected ? 4 : 2;
    context.strokeStyle = colour;
    context.strokeRect(x, y, width, height);

    const caption = `${known ? displayName(face.identity) : 'unknown'} ${face.distance === undefined ? '' : face.distance.toFixed(2)}`.trim();
    context.font = '600 14px system-ui, sans-serif';
    const textWidth = context.measureText(caption).width + 8;
    const captionY = y >= 20 ? y - 20 : y + height;
    context.fillStyle = colour;
    context.fillRect(x, captionY, textWidth, 20);
    context.fillStyle = '#fff';
    context.fillText(caption, x + 4, captionY + 15);
  }

  private renderFaces(): void {
    const faces = this.identification?.faces ?? [];
    this.facesBody.replaceChildren(
      ...faces.map((face, position) => {
        const row = element(
          'tr',
          { 'data-face': position, 'data-identity': face.identity, class: position === this.selectedFace ? 'selected' : undefined },
          element('td', {}, String(position + 1)),
          element('td', { class: 'identity' }, face.identity === 'unknown' ? 'unknown' : displayName(face.identity)),
          element('td', { class: 'distance' }, face.distance === undefined ? '–' : face.distance.toFixed(3)),
        );
        row.addEventListener('click', () => this.select(position));
        return row;
      }),
    );
  }

  private renderTopK(): void {
    const face = this.identification?.faces[this.selectedFace];
    const threshold = this.identification?.threshold ?? 0;
    if (!face) {
      this.topkTitle.textContent = 'Top-k candidates';
      this.topkBody.replaceChildren();
      return;
    }
    this.topkTitle.textContent = `Top-${face.candidates.length} candidates for face ${this.selectedFace + 1}`;
    this.topkBody.replaceChildren(
      ...face.candidates.map((candidate, rank) =>
        element(
          'tr',
          { 'data-identity': candidate.label, class: candidate.distance <= threshold ? 'within' : 'beyond' },
          element('td', {}, String(rank + 1)),
          element('td', {}, displayName(candidate.label)),
          element('td', {}, candidate.distance.toFixed(3)),
          element('td', {}, candidate.distance <= threshold ? 'within threshold' : 'beyond threshold'),
        ),
      ),
    );
  }

  private renderVerdict(verification: VerifyResult | undefined, verifyMs: number): void {
    if (!verification) {
      this.verdict.hidden = true;
      delete this.verdict.dataset.decision;
      return;
    }
    this.verdict.hidden = false;
    this.verdict.dataset.decision = verification.decision;
    const decision = { accept: 'ACCEPT', reject: 'REJECT', 'no-face': 'NO FACE' }[verification.decision];
    const distance = verification.distance === undefined ? 'no face to compare' : verification.distance.toFixed(3);
    this.verdict.replaceChildren(
      element('span', { class: 'decision' }, decision),
      element(
        'span',
        { class: 'verdict-detail' },
        `claimed ${verification.claimedIdentity}: distance ${distance}, threshold ${verification.threshold.toFixed(2)} (squared L2, accept at or below)` +
          (verification.faceCount > 1 ? `; compared the largest of ${verification.faceCount} faces` : '') +
          `; exact comparison with the claimed identity's templates in ${formatMs(verifyMs)}`,
      ),
    );
  }

  private select(position: number): void {
    this.selectedFace = position;
    this.draw();
    this.renderFaces();
    this.renderTopK();
  }

  private selectAt(event: MouseEvent): void {
    const faces = this.identification?.faces ?? [];
    const bounds = this.canvas.getBoundingClientRect();
    const x = (event.clientX - bounds.left) / this.scale;
    const y = (event.clientY - bounds.top) / this.scale;
    const hit = faces.findIndex(({ box }) => x >= box.x1 && x <= box.x2 && y >= box.y1 && y <= box.y2);
    if (hit >= 0) this.select(hit);
  }
}

export function displayName(label: string): string {
  return isDistractorLabel(label) ? `distractor #${label.slice(DISTRACTOR_PREFIX.length)}` : label;
}

