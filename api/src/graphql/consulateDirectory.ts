import type { Queryable } from '../db/types.js';
import { listConsulates } from '../sql/consulates.js';
import type { ConsulateRow } from '../sql/rows.js';
import type { ConsulateDirectory } from './context.js';

export async function loadConsulateDirectory(db: Queryable): Promise<ConsulateDirectory> {
  let byId = new Map<string, ConsulateRow>();
  const dir: ConsulateDirectory = {
    get: (id) => byId.get(id),
    all: () => [...byId.values()],
    reload: async () => {
      byId = new Map((await listConsulates(db)).map((c) => [c.id, c]));
    },
  };
  await dir.reload();
  return dir;
}
