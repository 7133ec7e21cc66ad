// WCAG 2 contrast from computed styles. The page side (test/e2e/contrastPage.ts) runs in a webview
// frame and returns raw computed colours: the text colour, the background of every ancestor up to
// the first opaque one, and the opacity on the way. This side composites them the way the browser
// paints (backgrounds from the farthest up, then the text over them) and computes the ratio, so the
// arithmetic is plain, unit-tested TypeScript.

/** A colour channel triple 0–255 with alpha 0–1. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** What the page reports for one piece of text or one focus ring. */
export interface ColourSample {
  /** The text (cut short), or the focused control's name. */
  text: string;
  /** A short CSS-like path to the element, for the failure message. */
  where: string;
  /** Computed `color` of the text, or `outline-color` of the ring. */
  color: string;
  /** Computed `background-color` from the nearest ancestor outwards, ending at the first opaque one. */
  backgrounds: string[];
  /** Product of the ancestors' `opacity`. */
  opacity: number;
}

export interface Measured extends ColourSample {
  ratio: number;
  /** The composited colours, as #rrggbb. */
  fg: string;
  bg: string;
}

/** Parses the forms getComputedStyle returns: rgb()/rgba() (comma or space syntax), color(srgb …), transparent. */
export function parseColor(css: string): Rgba {
  const s = css.trim().toLowerCase();
  if (s === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(s);
  if (rgb) return { r: Number(rgb[1]), g: Number(rgb[2]), b: Number(rgb[3]), a: alpha(rgb[4]) };
  const srgb = /^color\(srgb\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)(?:\s*\/\s*([\d.]+%?))?\s*\)$/.exec(s);
  if (srgb) return { r: Number(srgb[1]) * 255, g: Number(srgb[2]) * 255, b: Number(srgb[3]) * 255, a: alpha(srgb[4]) };
  throw new Error(`unsupported computed colour: ${css}`);
}

const alpha = (text: string | undefined) => (text === undefined ? 1 : text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text));

/** `top` painted over an opaque `bottom` with `top`'s alpha times `opacity`. */
export function over(top: Rgba, bottom: Rgba, opacity = 1): Rgba {
  const a = top.a * opacity;
  const mix = (t: number, b: number) => t * a + b * (1 - a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}

export function luminance({ r, g, b }: Rgba): number {
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Composites a sample as painted: the backgrounds from the farthest up, the colour over them. */
export function measure(sample: ColourSample): Measured {
  const layers = sample.backgrounds.map(parseColor);
  // The page stops at the first opaque background; without one, the frame's canvas is white.
  let bg: Rgba = { r: 255, g: 255, b: 255, a: 1 };
  for (const layer of [...layers].reverse()) bg = over(layer, bg);
  const fg = over(parseColor(sample.color), bg, sample.opacity);
  return { ...sample, ratio: contrastRatio(fg, bg), fg: hex(fg), bg: hex(bg) };
}

const hex = ({ r, g, b }: Rgba) => `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
