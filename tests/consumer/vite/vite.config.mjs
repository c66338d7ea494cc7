// The consumer's Vite build: top-level await in the app and the engine's module; served
// from a folder of its own, so its assets are addressed relative to the page.
export default { base: "./", build: { target: "es2022", outDir: "dist", emptyOutDir: true }, logLevel: "warn" };
