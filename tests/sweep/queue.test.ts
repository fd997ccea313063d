// Sweeps on BullMQ + a real Redis (one redis-server for the file): a worker process SIGKILLed
// mid-point loses nothing (the job is rerun by another worker) and the collected rows equal a
// one-process run, LDPC frames sharded across workers. The producer runs `gp5sim sweep --queue`
// in this process; the workers are real `gp5sim worker` processes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gp5simAsync, gp5simHere, tempDir, writeSpec, withoutWall, data, hasData } from './helpers.js';
import { hasRedis, startRedis } from './redis.js';
import { parseSweepSpec, planSweep, runSweep, inlineExecutor, rowToJsonLine, queueExecutor } from '../../sweep/index.js';

const tmp = tempDir('gp5queue-');

describe.skipIf(!hasRedis || !hasData)('gp5sim sweep --queue / gp5sim worker', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.stop());

  it('a worker killed mid-point loses nothing; sharded LDPC rows equal one process', async () => {
    const code = join(data, 'ldpc/WIMAX_288_576.alist');
    // 2 shards of 64 frames (about a second each): a job runs long enough to be killed in the middle.
    const text = `kind: ldpc\nmodels: [${code}]\nmachine: { pes: 4 }\noptions: { ebn0: 1.5, frames: 128, shardFrames: 64, iters: 20, seed: 3 }\n`;
    const spec = writeSpec(tmp, 'ldpc.yaml', text);
    const logs: Record<string, string> = { a: '', b: '' };
    const worker = (name: string) => {
      const p = gp5simAsync('worker', '--queue', redis.url, '--lock-ms', '1000');
      p.stderr!.on('data', (d) => (logs[name] += String(d)));
      return p;
    };
    const a = worker('a');
    const producer = gp5simHere('sweep', spec, '-o', join(tmp, 'q'), '--queue', redis.url, '--json', '--no-report');
    // Kill worker A as soon as it has started a point.
    for (let i = 0; i < 1200 && !/start \S+/.test(logs.a); i++) await new Promise((r) => setTimeout(r, 25));
    const killedKey = /start (\S+)/.exec(logs.a)![1];
    a.kill('SIGKILL');
    const b = worker('b');
    const out = await producer;
    b.kill('SIGTERM');
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ points: 1, errors: 0 });
    expect(logs.a).not.toMatch(new RegExp(`done ${killedKey}`));
    expect(logs.b).toMatch(new RegExp(`start ${killedKey}\n`));
    expect(logs.b).toMatch(new RegExp(`done ${killedKey} `));

    const plan = planSweep(parseSweepSpec(text, spec), () => ({ kind: 'model', name: code, format: 'alist', text: readFileSync(code, 'utf8') }));
    const local = await runSweep(plan, inlineExecutor());
    const noArea = (jsonl: string) => withoutWall(jsonl).map((l) => l.replace(/,"est\.areaMm2":[^,]*,"est\.areaSource":"[^"]*"/, ''));
    const queued = readFileSync(join(tmp, 'q/results.jsonl'), 'utf8');
    expect(noArea(queued)).toEqual(noArea(local.map(rowToJsonLine).join('')));
    expect(JSON.parse(queued).metrics).toMatchObject({ frames: 128, n: 576, k: 288 });
  }, 240_000);

  it('an unreachable queue is a clear error', async () => {
    await expect(queueExecutor('redis://127.0.0.1:1', { connectMs: 1000 })).rejects.toThrow('cannot reach Redis at redis://127.0.0.1:1 within 1 s (connect ECONNREFUSED 127.0.0.1:1)');
  }, 30_000);
});
