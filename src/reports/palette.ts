// The colours of everything we print or render (posters, social images): one look across outputs.
import type { Mutu } from '../scoring/index.ts';

export const INK = '#1b2430';
export const MUTED = '#5b6675';
export const BRAND = '#0b5cad';
export const LINE = '#c4ccd6';
/** light panels behind figures */
export const PANEL = '#eef2f7';

/** Mutu A–D, each dark enough to carry white text (contrast ≥ 4.5:1). */
export const MUTU_COLOR: Record<Mutu, string> = { A: '#1a7f37', B: BRAND, C: '#8a5a00', D: '#b42318' };

/** A ZI verdict: met, not met, or either within the margin of error (as the dashboard marks them). */
export const VERDICT_COLOR = { met: '#1a7f37', notMet: '#b42318', withinMargin: '#8a5a00' } as const;
