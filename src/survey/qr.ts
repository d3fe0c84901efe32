// QR codes of a loket (and of invitation slips): error correction M (survives a scratched or
// partly covered print), the standard quiet zone of 4 modules, black on white. A loket's QR points
// at PUBLIC_BASE_URL/s/<code>: the code is the loket's identity, so renaming it never changes the
// printed QR.
import QRCode from 'qrcode';

export const QR_ERROR_CORRECTION = 'M';
export const QR_QUIET_ZONE = 4;
export const MIN_PNG_SIZE = 128;
export const MAX_PNG_SIZE = 4096;

const colors = { dark: '#000000ff', light: '#ffffffff' };

/** A standalone SVG document (scales without loss; what print shops prefer). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: QR_ERROR_CORRECTION, margin: QR_QUIET_ZONE, color: colors });
}

/** A square PNG of `size` × `size` pixels, quiet zone included. */
export async function qrPng(url: string, { size = 1024 }: { size?: number } = {}): Promise<Buffer> {
  if (!Number.isInteger(size) || size < MIN_PNG_SIZE || size > MAX_PNG_SIZE) throw new RangeError(`size must be ${MIN_PNG_SIZE}–${MAX_PNG_SIZE} pixels`);
  // qrcode sizes the image as floor(modules × (width / modules)), which floating point can take
  // one pixel short (e.g. 155 for 156); half a pixel more always floors to the size asked.
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: QR_ERROR_CORRECTION, margin: QR_QUIET_ZONE, width: size + 0.5, color: colors });
}

/**
 * The symbol as runs of dark modules per row, without the quiet zone: what the PDFs draw as
 * rectangles, so the code prints sharp at any size.
 */
export function qrMatrix(url: string): { size: number; runs: { row: number; col: number; length: number }[] } {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: QR_ERROR_CORRECTION });
  const runs: { row: number; col: number; length: number }[] = [];
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.get(row, col) === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        runs.push({ row, col: start, length: col - start });
        start = -1;
      }
    }
  }
  return { size: modules.size, runs };
}
