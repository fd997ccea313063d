// Placeholder until the Redis queue lands (item 3).
import { UsageError } from '../io.js';
import type { Executor } from '../../sweep/index.js';

export async function queueExecutor(url: string, _name: string): Promise<Executor> {
  throw new UsageError(`--queue ${url}: not available yet`);
}
