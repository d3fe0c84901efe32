// What a loket prints from, the same from `survei qr` and from the workspace: its QR code (SVG,
// PNG) or its A4 poster (PDF), all pointing at PUBLIC_BASE_URL/s/<code>.
import { surveyUrl } from '../admin/org.ts';
import { qrPng, qrSvg } from '../survey/qr.ts';
import { posterPdf } from './poster.ts';

export const LOKET_PRINT_FORMATS = ['svg', 'png', 'pdf'] as const;
export type LoketPrintFormat = (typeof LOKET_PRINT_FORMATS)[number];

export const LOKET_PRINT_TYPES: Record<LoketPrintFormat, string> = { svg: 'image/svg+xml', png: 'image/png', pdf: 'application/pdf' };

export interface PrintedLoket {
  code: string;
  name: string;
  unitName: string;
  instansiName: string;
}

/** The loket's survey URL and the file of the format asked (`size`: the PNG's side in pixels). */
export async function loketPrint(loket: PrintedLoket, publicBaseUrl: string, format: LoketPrintFormat, { size = 1024 }: { size?: number } = {}): Promise<{ url: string; data: string | Buffer }> {
  const url = surveyUrl(publicBaseUrl, loket.code);
  const data =
    format === 'svg'
      ? await qrSvg(url)
      : format === 'png'
        ? await qrPng(url, { size })
        : await posterPdf({ url, instansiName: loket.instansiName, unitName: loket.unitName, loketName: loket.name });
  return { url, data };
}
