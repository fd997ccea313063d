// `gp5sim worker --queue redis://HOST:PORT`: run sweep points from a Redis queue until stopped.
import type { Command } from 'commander';
import { queueWorker, DEFAULT_POOL, POOL_KINDS, type PoolKind } from '../../sweep/index.js';
import { intFlag, runCommand, UsageError } from '../io.js';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run sweep points from a Redis queue (filled by `gp5sim sweep SPEC --queue URL`) until interrupted')
    .requiredOption('--queue <url>', 'the queue: redis://HOST:PORT')
    .option('--concurrency <n>', 'points at once, each in its own worker', '1')
    .option('--pool <kind>', 'workers as child processes (process) or worker threads (thread)', DEFAULT_POOL)
    .option('--lock-ms <ms>', 'a worker silent this long is presumed dead and its point rerun elsewhere', '30000')
    .option('--quiet', 'do not log each point on stderr')
    .action(async (flags: { queue: string; concurrency: string; pool: string; lockMs: string; quiet?: boolean }) => {
      await runCommand(async () => {
        if (!/^redis:\/\/[^/\s]+/.test(flags.queue)) throw new UsageError(`--queue expects redis://HOST:PORT, got '${flags.queue}'`);
        const concurrency = intFlag('--concurrency', flags.concurrency, 1, 256)!;
        const lockMs = intFlag('--lock-ms', flags.lockMs, 1000, 3_600_000)!;
        if (!(POOL_KINDS as readonly string[]).includes(flags.pool)) throw new UsageError(`--pool expects ${POOL_KINDS.join(' or ')}, got '${flags.pool}'`);
        const log = (line: string) => flags.quiet || process.stderr.write(line + '\n');
        const w = await queueWorker(flags.queue, { concurrency, pool: flags.pool as PoolKind, lockMs, onStart: (k) => log(`start ${k}`), onDone: (k, ms) => log(`done ${k} ${ms.toFixed(0)} ms`) });
        log(`worker: ${flags.queue}, ${concurrency} at once`);
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        // Finish the point in hand; if Redis is gone too, do not wait for it forever.
        const closed = await Promise.race([w.close().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000).unref())]);
        if (!closed) process.exit(0);
        return 0;
      });
    });
}
