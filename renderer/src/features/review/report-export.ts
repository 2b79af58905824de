// "Export report": the review's HTML page (electron/common/review/report-html.ts) with a PNG
// of each 3D view as it stands, downloaded as one self-contained file.
import type { ReviewReport } from '../../../../electron/common/contract/review';
import { reviewReportHtml } from '../../../../electron/common/review/report-html';
import type { SceneRenderer } from '../../scene/scene-renderer';
import { downloadBlob, timestamp } from '../viewer/files';
import {
  referenceName,
  referenceOrigin,
  type ReferenceSource,
  type TwinScript,
} from './review-store';

export function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The image could not be read'));
    reader.readAsDataURL(blob);
  });
}

async function shot(renderer: SceneRenderer | null): Promise<string | null> {
  if (!renderer?.canvas) return null;
  try {
    return await blobToDataUrl(await renderer.screenshot());
  } catch {
    return null;
  }
}

function baseName(path: string | null, fallback: string): string {
  return path ? (path.split(/[\\/]/).pop() ?? fallback) : fallback;
}

export interface ReportParts {
  report: ReviewReport;
  twin: TwinScript & { name: string };
  reference: ReferenceSource;
  views: { twin: SceneRenderer | null; reference: SceneRenderer | null };
}

export async function reviewReportPage(parts: ReportParts): Promise<string> {
  const [twinImage, referenceImage] = await Promise.all([
    shot(parts.views.twin),
    shot(parts.views.reference),
  ]);
  return reviewReportHtml({
    report: parts.report,
    twin: {
      name: parts.twin.name || baseName(parts.twin.scriptPath, 'twin.py'),
      script: parts.twin.script,
    },
    reference: {
      name: referenceName(parts.reference),
      script: parts.reference.text,
      origin: referenceOrigin(parts.reference),
      prompt: parts.reference.kind === 'simbench' ? parts.reference.prompt : null,
    },
    images: { twin: twinImage, reference: referenceImage },
    imagesNote: 'The 3D views were not on screen when the report was made.',
    generator: 'TwinForge',
  });
}

export async function exportReviewReport(parts: ReportParts): Promise<void> {
  const html = await reviewReportPage(parts);
  downloadBlob(new Blob([html], { type: 'text/html' }), `twinforge-review-${timestamp()}.html`);
}
