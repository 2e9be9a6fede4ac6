// Probe: a Node module (app/ and renderer/ must not import one).
import { readFileSync } from 'node:fs';

export const read = readFileSync;
