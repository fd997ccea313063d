// Draws Vega-Lite specs to SVG in Node (vega's headless view: no browser, no canvas).
import { compile } from 'vega-lite';
import { parse, View } from 'vega';
import type { Plot } from './plots.js';

export async function plotToSvg(plot: Plot): Promise<string> {
  const vg = compile(plot.spec as unknown as Parameters<typeof compile>[0]).spec;
  const view = new View(parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
