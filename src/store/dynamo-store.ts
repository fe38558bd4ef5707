import type { Store } from './types';

/** Placeholder until the DynamoDB store lands with the journal feature. */
export const DynamoStore = {
  async create(_options: { table: string; region: string; endpoint: string | undefined }): Promise<Store> {
    throw new Error('STORE=dynamodb is not available yet');
  },
};
