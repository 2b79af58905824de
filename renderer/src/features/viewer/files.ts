// Browser-side file helpers of the viewer: pick a binary file, download a blob, copy an
// image. They work the same in Electron's renderer and in a browser (serve mode).

/** Opens the file picker for one file; resolves with null when the user cancels. */
export function pickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => resolve(null), { once: true });
    input.click();
  });
}

export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Let the download start before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function copyImage(blob: Blob): Promise<void> {
  if (!navigator.clipboard || typeof ClipboardItem === 'undefined') {
    throw new Error('This window cannot write images to the clipboard');
  }
  await navigator.clipboard.write([new ClipboardItem({ [blob.type || 'image/png']: blob })]);
}

/** A file-name-safe stamp such as 2026-11-25_22-40-03. */
export function timestamp(date = new Date()): string {
  return date.toISOString().slice(0, 19).replace('T', '_').replace(/:/g, '-');
}
