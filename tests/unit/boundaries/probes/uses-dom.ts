// Probe: the DOM (app/ and main/ must not use it).
export const pageTitle = document.title;
