// A stable identity for a sweep point: the same parameters (and model bytes) give the same key on
// any machine and in any run, so a rerun can skip finished points.
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level (a canonical form for hashing). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** 16 hex digits of SHA-256 over the canonical JSON of the parts. */
export function stableHash(...parts: unknown[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(canonicalJson(p)).update('\0');
  return h.digest('hex').slice(0, 16);
}
