// Renders a Vega-Lite spec with inline data to an SVG string in Node: compile to Vega, run a headless View, export SVG.
import { View, parse, type Loader } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** A loader that refuses every URL and file, so rendering can never reach the network or the disk. */
function offlineLoader(where: string): Loader {
  const refuse = (what: string) => (uri: string) => Promise.reject(new Error(`${where}: ${what} must be inline data, got a request for ${JSON.stringify(uri)}`));
  return { load: refuse('data'), sanitize: refuse('links and images'), http: refuse('data'), file: refuse('data') };
}

/** Compiles `spec` and returns the SVG markup Vega's headless renderer ('none') produces for it. */
export async function renderVegaLiteSvg(spec: TopLevelSpec, where: string): Promise<string> {
  const vegaSpec = compile(spec).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none', loader: offlineLoader(where) });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
