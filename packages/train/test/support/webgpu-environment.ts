// Points Node's `webgpu` package at SwiftShader from Debian's chromium
// package when no Vulkan driver is chosen, and keeps driver caches in a
// temporary folder. Must run before the first WebGPU adapter request.

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export function prepareWebGpuEnvironment(): void {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;

  const scratch = mkdtempSync(join(tmpdir(), 'facegate-train-'));
  process.env.XDG_CACHE_HOME ??= join(scratch, 'cache');
  process.env.XDG_CONFIG_HOME ??= join(scratch, 'config');
  process.env.XDG_RUNTIME_DIR ??= scratch;
}
