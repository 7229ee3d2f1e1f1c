// Environment of the child processes: Node's `webgpu` package uses the
// Vulkan driver that VK_ICD_FILENAMES names, and on machines without a GPU
// that is SwiftShader from Debian's chromium package. Driver and shader
// caches go to the run's scratch folder, so every run compiles from cold and
// nothing is written to the home folder.

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export function childEnvironment(scratch: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (!env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;

  for (const [name, folder] of [
    ['XDG_CACHE_HOME', 'cache'],
    ['XDG_CONFIG_HOME', 'config'],
  ] as const) {
    env[name] = join(scratch, folder);
    mkdirSync(env[name] as string, { recursive: true });
  }
  env.XDG_RUNTIME_DIR ??= scratch;
  return env;
}
