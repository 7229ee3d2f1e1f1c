import manifestJson from '@facegate/models/manifest.json';

export type ModelRole = 'detector' | 'landmarks' | 'embedder';

/** One entry of models/manifest.json. */
export interface ModelEntry {
  readonly id: string;
  readonly role: ModelRole;
  readonly file: string;
  readonly sha256: string;
  readonly threshold?: { readonly metric: 'squaredL2'; readonly value: number; readonly calibration: string };
  readonly output: { readonly shape?: readonly (number | string)[] };
}

export interface ModelManifest {
  readonly manifestVersion: number;
  readonly preprocessingVersion: number;
  readonly models: readonly ModelEntry[];
}

export const manifest = manifestJson as unknown as ModelManifest;

export function modelForRole(role: ModelRole): ModelEntry {
  const entry = manifest.models.find((model) => model.role === role);
  if (!entry) throw new Error(`models/manifest.json has no ${role} model`);
  return entry;
}

/** Returns the squared-L2 accept threshold calibrated for the default embedder. */
export function defaultThreshold(): number {
  const embedder = modelForRole('embedder');
  if (!embedder.threshold) throw new Error(`model ${embedder.id} has no calibrated threshold in the manifest`);
  return embedder.threshold.value;
}
