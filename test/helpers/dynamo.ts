import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { DynamoStore } from '../../src/store/dynamo-store';

/** A DynamoDB-compatible server on 127.0.0.1 for the length of a test file, and stores on it. */
export async function startDynamo() {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const stores: DynamoStore[] = [];
  return {
    endpoint,
    /** A store as one server instance sees it: its own client on the shared table. */
    async store(table = 'coach-test') {
      const store = await DynamoStore.create({
        table,
        region: 'us-east-1',
        endpoint,
        createTable: true,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        // dynalite on a busy test machine answers a burst of 100 writes slower than DynamoDB does.
        timeouts: { connectionMs: 10_000, requestMs: 10_000 },
      });
      stores.push(store);
      return store;
    },
    async stop() {
      await Promise.all(stores.map((store) => store.close()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
