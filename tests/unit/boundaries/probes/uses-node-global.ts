// Probe: a Node global (app/ and renderer/ must not use one).
export const workingDirectory = process.cwd();
