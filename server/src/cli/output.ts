/** Where commands write: stdout for results, so that tests can capture them. */
export interface Output {
  line(text: string): void;
  json(value: unknown): void;
}

export const stdoutOutput: Output = {
  line: (text) => process.stdout.write(`${text}\n`),
  json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
};

export function printTable(out: Output, headers: string[], rows: string[][]): void {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const format = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  out.line(format(headers));
  out.line(format(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) out.line(format(row));
}
