// Where `electron` must not be imported (app/, main/core, the page), that
// folder's tsconfig.json maps it to this file, which is not a module, so the
// import fails to compile ("… is not a module"). main/core takes Electron's
// services as ports; the page reaches main only through the preload.
