// Probe: Electron (main/core, app/ and renderer/ must not import it).
import { app } from 'electron';

export const appName = app.getName();
