import { createHash } from 'node:crypto';
import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  ResourceNotFoundException,
  UpdateItemCommand,
  waitUntilTableExists,
  type AttributeValue,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { byDate, type KnotEntry } from '../coach/knots';
import type { ResumePoint } from '../coach/output';
import type { Plan } from '../plan/schema';
import { emptyUser, type Goal, type JournalEntry, type Pairing, type Store, type Talk, type UserState } from './types';

const hashOf = (id: string): string => createHash('sha256').update(id).digest('hex').slice(0, 32);

export interface DynamoOptions {
  table: string;
  region: string;
  endpoint: string | undefined;
  /** Create the table if it is missing, and wait until it is active (development and tests). */
  createTable?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Connection and request timeouts in ms (tests on a loaded machine pass longer ones). */
  timeouts?: { connectionMs: number; requestMs: number };
}

const PROFILE = 'profile';
const JOURNAL = 'journal#';
/** Knot map entries, keyed by id alone: a retried write with another date still finds its first. */
const KNOT = 'knot#';
/** An account's household index (docs/persons.md): a partition of its own, one item per person key. */
const HOUSEHOLD = 'household#';
const PERSON = 'person#';
/** The plan linked to the user: one item beside the profile. */
const PLAN = 'plan';
/** A pairing code: its own partition (a hash of the code), deleted as it is taken. */
const PAIRING = 'pairing';

/**
 * The journal and resume store on DynamoDB, for many server instances at once. One partition per
 * user (a hash of the id): the profile item, and one item per journal entry. Entries are written
 * only if absent, so two instances (or a retried request) never overwrite one another; profile
 * fields are updated one by one, so a goal change and a resume save cannot undo each other.
 */
export class DynamoStore implements Store {
  private constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  static async create(options: DynamoOptions): Promise<DynamoStore> {
    const client = new DynamoDBClient({
      region: options.region,
      // A hung connection or request fails fast and is retried once, inside the store's deadline
      // (deadline-store.ts): the SDK's default waits on a socket forever.
      requestHandler: {
        connectionTimeout: options.timeouts?.connectionMs ?? 800,
        requestTimeout: options.timeouts?.requestMs ?? 1000,
      },
      maxAttempts: 2,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
    const store = new DynamoStore(client, options.table);
    if (options.createTable) await store.ensureTable();
    return store;
  }

  private async ensureTable(): Promise<void> {
    try {
      await this.client.send(new DescribeTableCommand({ TableName: this.table }));
      return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    try {
      await this.client.send(
        new CreateTableCommand({
          TableName: this.table,
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ResourceInUseException') throw error;
    }
    // Creating returns before the table is usable: wait, or the first write fails.
    await waitUntilTableExists(
      { client: this.client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 },
      { TableName: this.table },
    );
  }

  private key(userId: string): string {
    return `user#${hashOf(userId)}`;
  }

  private householdKey(accountId: string): string {
    return `${HOUSEHOLD}${hashOf(accountId)}`;
  }

  private items(userId: string, projection?: string, prefix?: string) {
    return this.partition(this.key(userId), projection, prefix);
  }

  /** Every item of a partition (a user's, a household's), page by page. */
  private async partition(
    pk: string,
    projection?: string,
    prefix?: string,
  ): Promise<Array<Record<string, AttributeValue>>> {
    const items: Array<Record<string, AttributeValue>> = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
          ExpressionAttributeValues: {
            ':pk': { S: pk },
            ...(prefix ? { ':prefix': { S: prefix } } : {}),
          },
          ConsistentRead: true,
          ...(projection ? { ProjectionExpression: projection } : {}),
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async load(userId: string): Promise<UserState> {
    const user = emptyUser();
    for (const item of await this.items(userId)) {
      if (item.sk?.S === PROFILE) {
        user.resume = item.resume?.S ? (JSON.parse(item.resume.S) as ResumePoint) : null;
        user.goal = item.goal?.S === 'daily' ? 'daily' : 'maintenance';
        user.talk = item.talk?.S === 'brief' ? 'brief' : 'full';
        user.sessions = Number(item.sessions?.N ?? 0);
      } else if (item.sk?.S?.startsWith(JOURNAL) && item.data?.S) {
        user.journal.push(JSON.parse(item.data.S) as JournalEntry);
      }
    }
    user.journal.sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
    return user;
  }

  private async update(
    userId: string,
    expression: string,
    values: Record<string, AttributeValue>,
    remove = false,
    returnNew = false,
  ) {
    return this.client.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: { pk: { S: this.key(userId) }, sk: { S: PROFILE } },
        UpdateExpression: expression,
        ...(remove && Object.keys(values).length === 0 ? {} : { ExpressionAttributeValues: values }),
        ...(returnNew ? { ReturnValues: 'UPDATED_NEW' as const } : {}),
      }),
    );
  }

  async saveResume(userId: string, point: ResumePoint | null): Promise<void> {
    if (point) await this.update(userId, 'SET resume = :resume', { ':resume': { S: JSON.stringify(point) } });
    else await this.update(userId, 'REMOVE resume', {}, true);
  }

  async setGoal(userId: string, goal: Goal): Promise<void> {
    await this.update(userId, 'SET goal = :goal', { ':goal': { S: goal } });
  }

  async setTalk(userId: string, talk: Talk): Promise<void> {
    await this.update(userId, 'SET talk = :talk', { ':talk': { S: talk } });
  }

  async countSession(userId: string): Promise<number> {
    const { Attributes } = await this.update(userId, 'ADD sessions :one', { ':one': { N: '1' } }, false, true);
    return Number(Attributes?.sessions?.N ?? 1);
  }

  appendJournal(userId: string, entry: JournalEntry): Promise<boolean> {
    return this.putOnce(this.key(userId), `${JOURNAL}${entry.date}#${entry.id}`, entry);
  }

  appendKnot(userId: string, entry: KnotEntry): Promise<boolean> {
    return this.putOnce(this.key(userId), `${KNOT}${entry.id}`, entry);
  }

  async loadKnots(userId: string): Promise<KnotEntry[]> {
    const items = await this.items(userId, undefined, KNOT);
    return items.flatMap((item) => (item.data?.S ? [JSON.parse(item.data.S) as KnotEntry] : [])).sort(byDate);
  }

  async addPerson(accountId: string, personKey: string): Promise<void> {
    await this.putOnce(this.householdKey(accountId), `${PERSON}${personKey}`, { id: personKey });
  }

  async personsOf(accountId: string): Promise<string[]> {
    const items = await this.partition(this.householdKey(accountId), undefined, PERSON);
    return items.flatMap((item) => (item.data?.S ? [(JSON.parse(item.data.S) as { id: string }).id] : []));
  }

  async forgetPersons(accountId: string, personKey?: string): Promise<void> {
    const pk = this.householdKey(accountId);
    await this.deleteItems(
      personKey === undefined
        ? await this.partition(pk, 'pk, sk')
        : [{ pk: { S: pk }, sk: { S: `${PERSON}${personKey}` } }],
    );
  }

  // Plans and pairing codes use only the actions the stack grants (infra/stack.ts STORE_ACTIONS).
  async savePlan(userId: string, plan: Plan | null): Promise<void> {
    const Key = { pk: { S: this.key(userId) }, sk: { S: PLAN } };
    if (!plan)
      await this.client.send(
        new BatchWriteItemCommand({ RequestItems: { [this.table]: [{ DeleteRequest: { Key } }] } }),
      );
    else
      await this.client.send(
        new PutItemCommand({ TableName: this.table, Item: { ...Key, data: { S: JSON.stringify(plan) } } }),
      );
  }

  async loadPlan(userId: string): Promise<Plan | null> {
    const item = (await this.items(userId, undefined, PLAN)).find((found) => found.sk?.S === PLAN);
    return item?.data?.S ? (JSON.parse(item.data.S) as Plan) : null;
  }

  private pairingKey(code: string) {
    return { pk: { S: `pairing#${createHash('sha256').update(code).digest('hex').slice(0, 32)}` }, sk: { S: PAIRING } };
  }

  async savePairing(code: string, pairing: Pairing): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: {
            ...this.pairingKey(code),
            data: { S: JSON.stringify(pairing) },
            // For the table's time to live, where it is on: an untaken code goes by itself.
            expires: { N: String(Math.ceil(pairing.until / 1000)) },
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async takePairing(code: string): Promise<Pairing | null> {
    // Marked taken in one conditional update that returns what was there: of two takers, one gets it.
    try {
      const { Attributes } = await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: this.pairingKey(code),
          UpdateExpression: 'SET taken = :yes',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(taken)',
          ExpressionAttributeValues: { ':yes': { BOOL: true } },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return Attributes?.data?.S ? (JSON.parse(Attributes.data.S) as Pairing) : null;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return null;
      throw error;
    }
  }

  /** Writes an item only if its key is free: resolves true when this call wrote it. */
  private async putOnce(pk: string, sk: string, data: unknown): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: { pk: { S: pk }, sk: { S: sk }, data: { S: JSON.stringify(data) } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (
        error instanceof ConditionalCheckFailedException ||
        (error as Error).name === 'ConditionalCheckFailedException'
      )
        return false;
      throw error;
    }
  }

  async deleteUser(userId: string): Promise<void> {
    await this.deleteItems(await this.items(userId, 'pk, sk'));
  }

  /** Deletes items by key, 25 to a batch, retrying what comes back unprocessed. */
  private async deleteItems(keys: Array<Record<string, AttributeValue>>): Promise<void> {
    for (let index = 0; index < keys.length; index += 25) {
      let requests: WriteRequest[] = keys
        .slice(index, index + 25)
        .map((item) => ({ DeleteRequest: { Key: { pk: item.pk!, sk: item.sk! } } }));
      // Unprocessed items come back under load: retry them until none remain.
      for (let attempt = 0; requests.length && attempt < 8; attempt += 1) {
        const result = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.table]: requests } }));
        requests = result.UnprocessedItems?.[this.table] ?? [];
        if (requests.length) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
      if (requests.length) throw new Error('DynamoDB did not delete every item asked');
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
