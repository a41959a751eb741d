/** What the CLI talks to: injected, so tests run it in-process. */
export interface CliIo {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** The environment (NO_COLOR, FORCE_COLOR, CI…); defaults to none. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Standard input, for --stdin. */
  stdin?: () => Promise<string>;
  /** Whether stdout is a terminal (colour by default; see args.ts colorByDefault). */
  isTTY?: boolean;
  /** The script pool workers run (default: the CLI's own bundle); tests running the sources in-process pass dist/cli.js. */
  workerScript?: string;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
