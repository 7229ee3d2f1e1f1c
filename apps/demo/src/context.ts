// State shared by the page's views: the face pipeline, the gallery, the
// action queue, the camera, the thumbnails and the latency log.

import type { FacePipeline } from '@facegate/core';
import type { Activity } from './activity.js';
import type { Camera } from './camera.js';
import type { DemoGallery } from './demo-gallery.js';
import type { LatencyLog } from './latency-log.js';

export interface AppContext {
  readonly pipeline: FacePipeline;
  readonly gallery: DemoGallery;
  readonly activity: Activity;
  readonly camera: Camera;
  /** Label to face-crop data URL, one per person, saved with the gallery. */
  readonly thumbnails: Map<string, string>;
  readonly latency: LatencyLog;
  /** Saves the people and their thumbnails. A failure is shown in the message list and does not reject. */
  save(): Promise<void>;
}
