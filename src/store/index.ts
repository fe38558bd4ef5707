import type { Config } from '../config';
import { FileStore } from './file-store';
import { MemoryStore } from './memory-store';
import { DeadlineStore } from './deadline-store';
import type { Store } from './types';

/** The store the configuration names (files by default), every call bounded in time. */
export async function createStore(config: Config): Promise<Store> {
  return new DeadlineStore(await openStore(config));
}

async function openStore(config: Config): Promise<Store> {
  switch (config.store) {
    case 'memory':
      return new MemoryStore();
    case 'dynamodb': {
      // Loaded only when chosen, so the default set-up never loads the AWS SDK.
      const { DynamoStore } = await import('./dynamo-store');
      return DynamoStore.create({ ...config.dynamo, createTable: config.dynamo.createTable });
    }
    default:
      // One server per folder: the lock refuses a second one (README, "The store").
      return FileStore.open(config.dataDir);
  }
}
