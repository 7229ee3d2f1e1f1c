import { buildLibrary } from '../../scripts/build-library.mjs';

// The kernels package stays external because it carries its own dist/ with
// the WebAssembly and WGSL it loads.
await buildLibrary(['@facegate/kernels']);
