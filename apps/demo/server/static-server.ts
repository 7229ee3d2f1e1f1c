// A static file server for the demo's build output, on 127.0.0.1 only. It
// sends the COOP/COEP headers that make the page cross-origin isolated, which
// browsers require before they allow SharedArrayBuffer and therefore
// onnxruntime-web's WebAssembly threads. A missing file is a plain-text 404,
// never an HTML fallback page, so a wrong model or .wasm URL fails loudly.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

export interface DemoServerOptions {
  /** Folder served at `/`; `/` itself serves its index.html. */
  readonly root: string;
  /** TCP port; 0 picks a free one. Default 0. */
  readonly port?: number;
  /** Sends COOP `same-origin` and COEP `require-corp`. Default true. */
  readonly crossOriginIsolation?: boolean;
  /** Receives one line per start, stop, 404 and failed request. Default: none. */
  readonly log?: (line: string) => void;
}

export interface DemoServer {
  /** Base URL with a trailing slash, such as `http://127.0.0.1:8080/`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export const HOST = '127.0.0.1';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/** Starts the server; resolves once it listens. */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const root = resolve(options.root);
  const isolation = options.crossOriginIsolation ?? true;
  const log = options.log ?? (() => undefined);

  const server = createServer((request, response) => {
    handleRequest(root, isolation, log, request, response).catch((error: unknown) => {
      log(`${request.method} ${request.url} failed: ${String(error)}`);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('internal server error\n');
    });
  });
  await listen(server, options.port ?? 0);

  const { port } = server.address() as AddressInfo;
  const url = `http://${HOST}:${port}/`;
  log(`serving ${root} at ${url} (cross-origin isolation ${isolation ? 'on' : 'off'})`);

  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolveClose, rejectClose) => {
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
        server.closeAllConnections();
        log(`stopped ${url}`);
      }),
  };
}

async function handleRequest(
  root: string,
  crossOriginIsolation: boolean,
  log: (line: string) => void,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const headers: Record<string, string> = {
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'same-origin',
  };
  if (crossOriginIsolation) {
    headers['cross-origin-opener-policy'] = 'same-origin';
    headers['cross-origin-embedder-policy'] = 'require-corp';
  }

  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...headers, allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    response.end(`method ${request.method} is not allowed\n`);
    return;
  }

  const file = resolvePath(root, request.url ?? '/');
  const info = file ? await stat(file).catch(() => undefined) : undefined;
  if (!file || !info?.isFile()) {
    log(`404 ${request.url}`);
    response.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
    response.end(`not found: ${request.url}\n`);
    return;
  }

  response.writeHead(200, {
    ...headers,
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': String(info.size),
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  await new Promise<void>((resolveStream, rejectStream) => {
    createReadStream(file).on('error', rejectStream).on('end', resolveStream).pipe(response);
  });
}

/** Maps a request URL to a file inside `root`, or undefined for paths that escape it. */
function resolvePath(root: string, url: string): string | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, `http://${HOST}`).pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0')) return undefined;
  if (pathname.endsWith('/')) pathname += 'index.html';

  const file = resolve(join(root, pathname));
  return file === root || file.startsWith(root + sep) ? file : undefined;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, HOST, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
}
