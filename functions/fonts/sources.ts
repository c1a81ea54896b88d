/**
 * Where the bundled faces and hb-subset come from, under node_modules: plain data, without the
 * side effects of node-assets.ts (a V8 flag, the faces loading), for the tools that only need the names
 * (infra/lib/bundling.ts, scripts/worker-node-assets.ts).
 */

/**
 * Source file of each face, under node_modules. LXGW WenKai exists only as fontsource WOFF; the
 * "latin-300" file is, despite its name, the complete font (19 MB of sfnt tables).
 */
export const SOURCES: Record<string, string> = {
  'nb-serif-400.ttf': '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  'nb-serif-700.ttf': '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
  'nb-title-900.ttf': '@expo-google-fonts/noto-serif-sc/900Black/NotoSerifSC_900Black.ttf',
  'nb-sans-400.ttf': '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  'nb-sans-700.ttf': '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
  'nb-kai-400.ttf': '@fontsource/lxgw-wenkai/files/lxgw-wenkai-latin-300-normal.woff',
};

export const SUBSETTER_WASM = 'harfbuzzjs/dist/harfbuzz-subset.wasm';

/** `@scope/name/files/x.woff` → `@scope/name`. */
export function packageOf(source: string): string {
  return source.split('/').slice(0, source.startsWith('@') ? 2 : 1).join('/');
}
