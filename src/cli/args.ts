import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './command.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict option parsing: an unknown option or a missing value is a usage error (exit 2). */
export function parseOptions<O extends Options>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message.split('\n')[0]}; usage: ${usage}`);
  }
}

export function required(value: string | boolean | undefined, flag: string, usage: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new CliError(`missing ${flag}; usage: ${usage}`);
  return value;
}

/** Prints rows as an aligned table (the human form of `list` commands). */
export function formatTable(headers: string[], rows: (string | number | boolean | null)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((v) => (v === null ? '-' : String(v))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}
