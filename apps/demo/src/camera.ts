// The webcam, shared by enrolment and identification. Frames are copied into
// an RgbImage in the page; nothing leaves the browser.

import { type RgbImage, rgbFromBitmap } from '@facegate/core';

export class Camera {
  private stream: MediaStream | undefined;

  constructor(private readonly video: HTMLVideoElement) {}

  get running(): boolean {
    return this.stream !== undefined;
  }

  async start(): Promise<void> {
    if (this.stream) return;
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new Error('this browser offers no camera access (navigator.mediaDevices.getUserMedia is missing; the page must be served from localhost or HTTPS)');
    }
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
    } catch (error) {
      const name = (error as { name?: string }).name ?? 'Error';
      throw new Error(`the camera could not be opened (${name}: ${(error as Error).message}); check the browser's camera permission`);
    }
    this.video.srcObject = this.stream;
    this.video.hidden = false;
    await this.video.play();
  }

  stop(): void {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = undefined;
    this.video.srcObject = null;
    this.video.hidden = true;
  }

  /** Copies the current frame. */
  capture(): RgbImage {
    if (!this.stream) throw new Error('the camera is not running; press "Start camera" first');
    if (this.video.videoWidth === 0 || this.video.videoHeight === 0) throw new Error('the camera has not delivered a frame yet; try again in a moment');
    return rgbFromBitmap(this.video);
  }
}
