// Entry of a local pool's worker thread: one task in, its outcome out (structured-cloned).
import { runPoint, type PointOutcome, type PointTask } from './points.js';

export default function runTask(task: PointTask): PointOutcome {
  return runPoint(task);
}
