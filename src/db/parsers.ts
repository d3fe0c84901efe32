// One set of type parsers for both drivers, so pg and PGlite hand the app the same JS types.
// pg returns int8 and numeric as strings and PGlite returns int8 as a number; date becomes a
// plain 'YYYY-MM-DD' string in both so a calendar day is never shifted by a time zone.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

const toNumber = (value: string) => Number(value);
const asIs = (value: string) => value;

export const typeParsers: Record<number, (value: string) => unknown> = {
  [INT8]: toNumber,
  [NUMERIC]: toNumber,
  [DATE]: asIs,
};
