// The gp5sim subcommand names in help order, and which one a command line names. Its own module
// (no imports) so the start-up launcher (cli/launch.ts) can route on it without loading any command.

/** In help order. */
export const COMMAND_NAMES = ['run', 'infer', 'solve', 'score', 'ldpc', 'compare', 'generate', 'demo', 'sweep', 'diff-runs', 'worker'] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

/** The command named by the first non-option argument, or undefined (help, no or unknown command). */
export function commandNamed(args: readonly string[]): CommandName | undefined {
  const name = args.find((a) => !a.startsWith('-'));
  return (COMMAND_NAMES as readonly string[]).includes(name ?? '') ? (name as CommandName) : undefined;
}
