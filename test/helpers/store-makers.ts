import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../src/store/file-store';
import type { Store } from '../../src/store/types';
import { startDynamo } from './dynamo';

/** Two instances of one store (two servers on one folder or one table). */
export type Maker = () => Promise<{ store: Store; second: Store }>;

/**
 * The stores every store test runs on: files, and DynamoDB (dynalite, started for the test file
 * by the hooks this registers). Each maker call gives a fresh folder or table.
 */
export function persistentStores(): Array<[string, Maker]> {
  let dynamo: Awaited<ReturnType<typeof startDynamo>>;
  beforeAll(async () => {
    dynamo = await startDynamo();
  });
  afterAll(async () => {
    await dynamo.stop();
  });
  return [
    [
      'file store',
      async () => {
        const dir = mkdtempSync(join(tmpdir(), 'store-'));
        return { store: new FileStore(dir), second: new FileStore(dir) };
      },
    ],
    [
      'DynamoDB store (dynalite)',
      async () => {
        const table = `coach-${Math.random().toString(36).slice(2, 10)}`;
        return { store: await dynamo.store(table), second: await dynamo.store(table) };
      },
    ],
  ];
}
