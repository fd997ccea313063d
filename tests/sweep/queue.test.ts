// Sweeps on BullMQ + a real Redis: a worker SIGKILLed mid-point loses nothing (the job is rerun
// elsewhere) and the collected rows equal a one-process run, LDPC frames sharded across workers.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gp5sim, gp5simAsync, tempDir, writeSpec, withoutWall, data, hasData } from './helpers.js';
import { hasRedis, startRedis } from './redis.js';

const tmp = tempDir('gp5queue-');

describe.skipIf(!hasRedis || !hasData)('gp5sim sweep --queue / gp5sim worker', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.stop());

  it('a worker killed mid-point loses nothing; sharded LDPC rows equal one process', async () => {
    const code = join(data, 'ldpc/WIMAX_288_576.alist');
    // 3 shards of 8 frames (seconds each): each job runs long enough to be killed in the middle.
    const spec = writeSpec(tmp, 'ldpc.yaml', `kind: ldpc\nmodels: [${code}]\nmachine: { pes: 4 }\noptions: { ebn0: 1.5, frames: 24, shardFrames: 8, iters: 20, seed: 3 }\n`);
    const logs: Record<string, string> = { a: '', b: '' };
    const worker = (name: string) => {
      const p = gp5simAsync('worker', '--queue', redis.url, '--lock-ms', '2000');
      p.stderr!.on('data', (d) => (logs[name] += String(d)));
      return p;
    };
    const a = worker('a');
    const producer = gp5simAsync('sweep', spec, '-o', join(tmp, 'q'), '--queue', redis.url, '--json');
    let out = '';
    producer.stdout!.on('data', (d) => (out += String(d)));
    const producerDone = new Promise<number>((resolve) => producer.on('exit', (c) => resolve(c ?? -1)));
    // Kill worker A as soon as it has started a point.
    for (let i = 0; i < 600 && !/start \S+/.test(logs.a); i++) await new Promise((r) => setTimeout(r, 50));
    const killedKey = /start (\S+)/.exec(logs.a)![1];
    a.kill('SIGKILL');
    const b = worker('b');
    const code0 = await producerDone;
    b.kill('SIGTERM');
    expect(code0).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ points: 1, errors: 0 });
    expect(logs.a).not.toMatch(new RegExp(`done ${killedKey}`));
    expect(logs.b).toMatch(new RegExp(`start ${killedKey}\n`));
    expect(logs.b).toMatch(new RegExp(`done ${killedKey} `));

    const local = gp5sim('sweep', spec, '-o', join(tmp, 'local'), '--workers', '1');
    expect(local.status).toBe(0);
    const queued = withoutWall(readFileSync(join(tmp, 'q/results.jsonl'), 'utf8'));
    expect(queued).toEqual(withoutWall(readFileSync(join(tmp, 'local/results.jsonl'), 'utf8')));
    expect(JSON.parse(queued[0]).metrics).toMatchObject({ frames: 24, n: 576 });
  }, 240_000);

  it('an unreachable queue is a clear error, exit 1', () => {
    const spec = writeSpec(tmp, 'tiny.yaml', 'kind: infer\nmodels: [{ generate: ising, rows: 2, cols: 2 }]\n');
    const r = gp5sim('sweep', spec, '-o', join(tmp, 'x'), '--queue', 'redis://127.0.0.1:1');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: cannot reach Redis at redis://127.0.0.1:1 within 5 s (connect ECONNREFUSED 127.0.0.1:1)\n');
  }, 60_000);
});
