// What several specs do to the page: drop a file on the window as a file manager does, and
// read a screenshot's grey levels to tell a drawn view from a blank one.
import type { Page } from '@playwright/test';

/** Drops a file on the window the way a file manager does. */
export async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, text }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'text/x-python' }));
      return dt;
    },
    { name, text },
  );
  const target = page.locator('.workspace');
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}

/** Grey levels of a PNG, decoded by the page itself (an <img> on a 2D canvas). */
export async function greyLevels(page: Page, png: Buffer): Promise<number[]> {
  return page.evaluate(async (base64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${base64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, img.width, img.height);
    const out: number[] = [];
    for (let i = 0; i < data.length; i += 16) out.push((data[i] + data[i + 1] + data[i + 2]) / 3);
    return out;
  }, png.toString('base64'));
}

/** A flat image has (almost) none; a drawn scene has plenty. */
export function variance(xs: number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
}

export function meanAbsDiff(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) sum += Math.abs(a[i] - b[i]);
  return sum / Math.min(a.length, b.length);
}
