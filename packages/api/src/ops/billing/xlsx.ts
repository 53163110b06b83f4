import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

/** An exported workbook: its bytes, a file name to offer and how many data rows it holds. */
export interface XlsxFile {
  readonly filename: string;
  readonly rows: number;
  readonly buffer: Buffer;
}

/**
 * One sheet written with exceljs' streaming writer (rows are committed as they are added, so a
 * large export holds the zip's output, not a model of every cell), collected into one Buffer.
 */
export async function writeXlsx(sheetName: string, fill: (sheet: ExcelJS.Worksheet) => Promise<void>): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  await fill(sheet);
  sheet.commit();
  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}
