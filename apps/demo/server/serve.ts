// `pnpm demo` entry: serves the built site (dist/site, next to this script
// once bundled to dist/serve.js) on 127.0.0.1 until interrupted.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startDemoServer } from './static-server.js';

const HELP = `Usage: node dist/serve.js [--port PORT] [--no-isolation]

Serves the facegate demo on 127.0.0.1.

  --port PORT       TCP port to listen on (default 8080; 0 picks a free one)
  --no-isolation    omit the COOP/COEP headers, so the page is not
                    cross-origin isolated and runs onnxruntime-web on one thread
  --help            show this help`;

const DEFAULT_PORT = 8080;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'no-isolation': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }

  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`facegate demo: invalid --port ${JSON.stringify(values.port)}; expected an integer from 0 to 65535`);
    return 2;
  }

  const root = join(dirname(fileURLToPath(import.meta.url)), 'site');
  if (!existsSync(join(root, 'index.html'))) {
    console.error(`facegate demo: ${root}/index.html not found; build the demo first with 'pnpm --filter @facegate/demo build'`);
    return 1;
  }

  const log = (line: string) => console.log(`facegate demo: ${line}`);
  let server;
  try {
    server = await startDemoServer({ root, port, crossOriginIsolation: !values['no-isolation'], log });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      console.error(`facegate demo: port ${port} on 127.0.0.1 is already in use; pass another one with --port`);
      return 1;
    }
    throw error;
  }
  console.log(`facegate demo: open ${server.url} in a browser; press Ctrl+C to stop`);

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log(`received ${signal}, shutting down`);
      void server.close().then(resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`facegate demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
