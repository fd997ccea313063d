// tests/tools.ts: a missing tool skips loudly outside CI and fails the run under CI=true.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { hasTool, requireTool } from '../tools.js';

describe('requireTool', () => {
  const ci = process.env.CI;
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
    vi.restoreAllMocks();
  });

  it('finds a tool on PATH', () => {
    expect(hasTool('sh')).toBe(true);
    expect(requireTool('sh', 'dash')).toBe(true);
  });

  it('outside CI: false, with a loud warning naming the Debian package', () => {
    delete process.env.CI;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(requireTool('gp5-no-such-tool', 'gp5-pkg')).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/SKIPPED: gp5-no-such-tool not found \(Debian package gp5-pkg\)/);
  });

  it('under CI=true: throws, so the test file fails instead of skipping', () => {
    process.env.CI = 'true';
    expect(() => requireTool(['sh', 'gp5-no-such-tool'], 'gp5-pkg')).toThrow(/CI=true and a required tool is missing: gp5-no-such-tool/);
  });
});
