// A real redis-server on loopback, on a free port, with its own temp dir (no mock). Missing tool:
// skipped with a loud warning outside CI, a failure under CI=true.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { tempDir } from './helpers.js';

export const hasRedis = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasRedis) {
  if (process.env.CI === 'true') throw new Error('redis-server is missing and CI=true: install it (apt-get install -y redis-server; .ci/run does)');
  console.warn('\n\x1b[33mWARNING: redis-server not found; the queue tests are SKIPPED (apt-get install -y redis-server)\x1b[0m\n');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => (c.end(), resolve(true)));
    c.once('error', () => resolve(false));
  });
}

export async function startRedis(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const dir = tempDir('gp5redis-');
  const proc: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !(await accepts(port)); i++) await new Promise((r) => setTimeout(r, 50));
  return { url: `redis://127.0.0.1:${port}`, stop: () => void proc.kill('SIGTERM') };
}
