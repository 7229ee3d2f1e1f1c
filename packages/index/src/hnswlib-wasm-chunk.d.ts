// The Emscripten factory chunk of hnswlib-wasm 0.8.2, which ships no typings
// for it; hnswlib-module.ts describes the module it resolves to.
declare module 'hnswlib-wasm/dist/hnswlib-317962d7.js' {
  const factory: (overrides: Record<string, unknown>) => Promise<unknown>;
  export default factory;
}
