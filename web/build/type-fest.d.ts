/**
 * Stands in for `type-fest` (0.16, reached through vite-plugin-pwa → workbox-build's types) when the
 * project type-checks (tsconfig.json `paths`): its `/// <reference lib="esnext" />` would widen the whole
 * project's library from ES2023 to ESNext, letting code use APIs Node 20 lacks and changing library types
 * under existing code. workbox-build's types use only `PackageJson` from it.
 */
export type PackageJson = Record<string, unknown>;
