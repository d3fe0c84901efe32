// Recomputes workbooks in LibreOffice Calc (headless), so a test can check that the formulas of an
// XLSX give the values cached in it: what a Tim Survei sees after Excel or LibreOffice recalculates.
// By default LibreOffice trusts the cached values of a file that says Excel wrote it (exceljs does),
// so each run gets a throw-away profile that sets "recalculate on load: always".
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';

const run = promisify(execFile);

// 0 = always recalculate (1 never, 2 prompt), for OOXML and ODF files alike
const ALWAYS_RECALCULATE = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** An XLSX read back with exceljs (formula cells keep their formula and cached `result`). */
export async function loadXlsx(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as an ArrayBuffer-like Buffer of its own; a Node Buffer is what it reads
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/**
 * Opens every workbook (name → XLSX bytes) in one LibreOffice launch, recalculating all formulas,
 * saves each as XLSX again and reads it back with exceljs: a formula cell's `result` is then
 * LibreOffice's value (15 significant digits). Throws when `soffice` is not installed.
 */
export async function recomputeInLibreOffice(workbooks: Record<string, Uint8Array>): Promise<Record<string, ExcelJS.Workbook>> {
  const dir = await mkdtemp(join(tmpdir(), 'survei-lo-'));
  try {
    const profile = join(dir, 'profile');
    const input = join(dir, 'in');
    const output = join(dir, 'out');
    await mkdir(join(profile, 'user'), { recursive: true });
    await mkdir(input);
    await writeFile(join(profile, 'user', 'registrymodifications.xcu'), ALWAYS_RECALCULATE);
    const names = Object.keys(workbooks);
    for (const name of names) await writeFile(join(input, `${name}.xlsx`), workbooks[name]!);
    try {
      await run(
        'soffice',
        [
          '--headless',
          '--norestore',
          `-env:UserInstallation=${pathToFileURL(profile).href}`,
          '--convert-to',
          'xlsx:Calc MS Excel 2007 XML',
          '--outdir',
          output,
          ...names.map((name) => join(input, `${name}.xlsx`)),
        ],
        { timeout: 120_000 },
      );
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error('LibreOffice is not installed (no `soffice` on PATH): run test/ensure-tools.sh, or apt-get install libreoffice-calc-nogui');
      }
      throw err;
    }
    const out: Record<string, ExcelJS.Workbook> = {};
    for (const name of names) {
      const bytes = await readFile(join(output, `${name}.xlsx`)).catch(() => {
        throw new Error(`LibreOffice did not convert ${name}.xlsx`);
      });
      out[name] = await loadXlsx(bytes);
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
