// Entry of the demo page: loads the face models and the search backend,
// restores the saved people, and wires up the enrolment, gallery,
// identification and large-gallery panels. Everything runs in this page;
// the only requests go to the server that delivered it.

import { Activity } from './activity.js';
import { Camera } from './camera.js';
import type { AppContext } from './context.js';
import { DemoGallery } from './demo-gallery.js';
import { byId, errorMessage } from './dom.js';
import { EnrolmentView } from './enrolment.js';
import { startFaceModels } from './face-models.js';
import { GalleryView } from './gallery-view.js';
import { IdentifyView } from './identify-view.js';
import { LatencyLog } from './latency-log.js';
import { GALLERY_LOCATION, Persistence } from './persistence.js';
import { RuntimeControls } from './runtime-controls.js';
import { ScaleView } from './scale-view.js';

async function main(): Promise<void> {
  const activity = new Activity(byId('app-status', HTMLElement), byId('messages', HTMLUListElement));
  try {
    await start(activity);
  } catch (error) {
    activity.fail(`The demo could not start: ${errorMessage(error)}`);
    console.error(error);
  }
}

async function start(activity: Activity): Promise<void> {
  const modelsNote = byId('models-note', HTMLElement);

  const persistence = new Persistence();
  byId('storage-note', HTMLElement).textContent = persistence.note;

  let models;
  try {
    models = await startFaceModels(document.baseURI);
  } catch (error) {
    modelsNote.textContent = 'not loaded';
    activity.fail(`The face models could not be loaded: ${errorMessage(error)}`);
    console.error(error);
    return;
  }
  modelsNote.textContent = models.note;
  modelsNote.dataset.threads = String(models.threads);
  modelsNote.dataset.isolated = String(models.crossOriginIsolated);
  if (!models.crossOriginIsolated) {
    activity.notice('This page is not cross-origin isolated, so the face models run on one thread. Serve it with COOP/COEP headers (as `pnpm demo` does) for WebAssembly threads.');
  }

  const controls = new RuntimeControls(activity);
  const running = await controls.startBackend('auto');
  const { pipeline } = models;
  const gallery = new DemoGallery({ modelId: pipeline.modelId, dim: pipeline.dim, preprocessingVersion: String(pipeline.preprocessingVersion) }, running.backend, 'exact');
  controls.attach(gallery, running);

  await restorePeople(gallery, persistence, activity);
  const thumbnails = await persistence.readThumbnails();

  const context: AppContext = {
    pipeline,
    gallery,
    activity,
    camera: new Camera(byId('camera-video', HTMLVideoElement)),
    thumbnails,
    latency: new LatencyLog(),
    async save() {
      try {
        await persistence.writeGallery(await gallery.peopleFile());
        const people = new Set(gallery.people().map((person) => person.label));
        for (const label of thumbnails.keys()) if (!people.has(label)) thumbnails.delete(label);
        await persistence.writeThumbnails(thumbnails);
      } catch (error) {
        activity.error(`Saving the gallery failed, so the last change is lost at the next reload; export it to keep a copy: ${errorMessage(error)}`);
      }
    },
  };

  new EnrolmentView(context);
  new GalleryView(context);
  new IdentifyView(context);
  new ScaleView(context);
  wireCamera(context);
  activity.ready();
}

/** Loads the saved people; an unreadable file is copied aside before the next save can overwrite it. */
async function restorePeople(gallery: DemoGallery, persistence: Persistence, activity: Activity): Promise<void> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await persistence.readGallery();
    if (bytes) await gallery.loadPeopleFile(bytes, GALLERY_LOCATION);
  } catch (error) {
    let backupNote = '';
    if (bytes) {
      const backup = `facegate-demo-unreadable-${Date.now()}.gallery`;
      try {
        await persistence.storage.write(backup, bytes);
        backupNote = ` The unreadable file was copied to "${backup}" in the same storage.`;
      } catch (backupError) {
        backupNote = ` Copying the unreadable file aside failed too (${errorMessage(backupError)}), so the next save overwrites it.`;
      }
    }
    activity.error(`The saved gallery could not be loaded, so the page starts with an empty gallery: ${errorMessage(error)}.${backupNote}`);
  }
}

function wireCamera(context: AppContext): void {
  const toggle = byId('camera-toggle', HTMLButtonElement);
  const dependents = [byId('enrol-camera', HTMLButtonElement), byId('identify-camera', HTMLButtonElement)];
  const update = () => {
    toggle.textContent = context.camera.running ? 'Stop camera' : 'Start camera';
    for (const button of dependents) button.disabled = !context.camera.running;
  };
  toggle.addEventListener('click', () => {
    if (context.camera.running) {
      context.camera.stop();
      update();
      return;
    }
    void context.activity.run('starting the camera', async () => {
      await context.camera.start();
      update();
    });
  });
  update();
}

void main();
