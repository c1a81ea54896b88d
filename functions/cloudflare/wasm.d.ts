/**
 * Wrangler bundles an imported `.wasm` file as a compiled WebAssembly.Module (its default
 * CompiledWasm module rule, https://developers.cloudflare.com/workers/wrangler/bundling/), since
 * Workers may not compile wasm from bytes at run time.
 */
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
