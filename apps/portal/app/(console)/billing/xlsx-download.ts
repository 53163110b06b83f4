'use client';

/** A workbook as the billing router's export procedures send it. */
export interface XlsxWire {
  readonly filename: string;
  readonly contentType: string;
  readonly contentBase64: string;
}

/** Hands an exported workbook to the browser as a file download. */
export function saveXlsx(file: XlsxWire): void {
  const binary = atob(file.contentBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; release it on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
