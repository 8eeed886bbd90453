/** What benchmarks share: printing a line, and positive numbers read from the environment. */
export const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}
