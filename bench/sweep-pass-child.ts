// A plain process that runs the bench's sweep pass (GP5_PASS_POINTS points, default 128) inline, once per line on stdin, and
// answers with its own CPU and wall seconds: the co-running calibration of the sweep bench, with no pool.
import { runSweep, inlineExecutor } from '../sweep/index.js';
import { freshPlans } from './small-plan.js';

// Every pass takes models it has not run, as the pools' timed passes do; the two processes of a
// pair take the same seeds.
const nextPlan = freshPlans(Number(process.env.GP5_PASS_POINTS ?? 128));
const exec = inlineExecutor();
// Warm as the pools are: two whole passes before the first timed one.
for (let i = 0; i < 2; i++) await runSweep(nextPlan(), exec);
process.stdout.write('ready\n');
let queue = Promise.resolve();
process.stdin.setEncoding('utf8').on('data', (d: string) => {
  for (const _ of d.split('\n').slice(1)) {
    queue = queue.then(async () => {
      const plan = nextPlan();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await runSweep(plan, exec);
      const c = process.cpuUsage(c0);
      process.stdout.write(JSON.stringify({ cpu: (c.user + c.system) / 1e6, wall: (performance.now() - t0) / 1000 }) + '\n');
    });
  }
});
