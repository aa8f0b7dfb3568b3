import { statSync } from 'node:fs';
import express, { type Router } from 'express';
import { log } from '../log.js';

/** Where the web maps look for the basemap (web/src/map/basemap.ts). */
export const BASEMAP_PATH = '/map/basemap.pmtiles';
/** Tiles change when the operator replaces the file; a client rechecks hourly (the ETag keeps it cheap). */
const MAX_AGE_MS = 3_600_000;

/**
 * The optional self-hosted basemap: one PMTiles archive (MAP_PMTILES), read by the browser in HTTP
 * range requests through the `pmtiles` protocol, so no tile server or map vendor is needed
 * (docs/MAPS.md). Only that one file is served, at one fixed path: no part of the URL becomes a path
 * on disk, so nothing else can be reached. Without MAP_PMTILES the path answers 404 and the maps use
 * their offline style. A configured file that is missing stops the start, rather than a blank map later.
 */
export function basemapRouter(file: string | null): Router {
  const router = express.Router();
  if (file === null) {
    router.all(BASEMAP_PATH, (_req, res) => void res.status(404).json({ error: 'no basemap configured (MAP_PMTILES)' }));
    return router;
  }
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new Error(`MAP_PMTILES must name a PMTiles file, but "${file}" is not a file`);
  log.info('map.basemap', { file, bytes: stat.size });
  router.get(BASEMAP_PATH, (req, res, next) => {
    // send (under sendFile) answers Range with 206 and Content-Range, HEAD without a body, and
    // If-None-Match / If-Range by the ETag; an unsatisfiable range comes back here as a 416.
    res.sendFile(file, { acceptRanges: true, cacheControl: true, maxAge: MAX_AGE_MS, lastModified: true, etag: true, dotfiles: 'allow', headers: { 'content-type': 'application/octet-stream' } }, (err) => {
      if (!err || res.headersSent) return;
      // send leaves the 416 to us (with the header it computed): the client learns the file's size.
      const e = err as Error & { status?: number; headers?: Record<string, string> };
      if (e.status === 416) return void res.status(416).set(e.headers ?? {}).end();
      next(err);
    });
  });
  return router;
}
