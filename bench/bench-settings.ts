/** What benchmarks share: printing a line, and positive numbers read from the environment. */
export const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

/** Runs a benchmark's main; a failure is printed with its stack and ends the process with status 1 (servers it left open included). */
export function runBench(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`bench:${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
