import { FacePipeline } from '@facegate/core';
import { nodeModelLoader } from '@facegate/core/node';
import type { CommonOptions } from './options.js';

/** Creates the default pipeline from the models the build prepared. */
export function createPipeline(options: Pick<CommonOptions, 'threads'>): Promise<FacePipeline> {
  return FacePipeline.create({ loader: nodeModelLoader(), threads: options.threads });
}
