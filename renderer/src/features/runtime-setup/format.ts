// What the runtime card says: stage names, progress lines, sizes, module lists.
import { formatBytes } from '../../../../electron/common/bytes';
import {
  INSTALL_STAGES,
  type InstallProgress,
  type InstallStage,
  type PackManifest,
  type RuntimesState,
} from '../../../../electron/common/contract/runtimes';
import { PYCHRONO_MODULES } from '../../../../electron/common/stream';

const STAGE_LABELS: Record<InstallStage, string> = {
  check: 'Checking the pack and the folder',
  download: 'Downloading',
  verify: 'Verifying the checksum',
  extract: 'Extracting',
  'fix-prefix': "Fixing the environment's paths",
  probe: 'Checking that pychrono imports',
  done: 'Done',
};

export function stageLabel(stage: InstallStage): string {
  return STAGE_LABELS[stage];
}

/** "Step 4 of 6: Extracting", counting the stages an install goes through (not done). */
export function stageStep(stage: InstallStage): string {
  const steps = INSTALL_STAGES.filter((s) => s !== 'done');
  const at = steps.indexOf(stage as (typeof steps)[number]);
  return at < 0 ? stageLabel(stage) : `Step ${at + 1} of ${steps.length}: ${stageLabel(stage)}`;
}

/** "12.3 MB of 480 MB (2%)", or '' for a stage without a byte count. */
export function bytesText(progress: InstallProgress): string {
  if (progress.totalBytes <= 0) return '';
  const percent = Math.min(100, Math.floor((100 * progress.bytes) / progress.totalBytes));
  return `${formatBytes(progress.bytes)} of ${formatBytes(progress.totalBytes)} (${percent}%)`;
}

/** What installing a pack takes: the download (when it is one) and the room on disk. */
export function sizeText(
  manifest: Pick<PackManifest, 'size' | 'unpackedSize'>,
  downloading: boolean,
  freeBytes: number | null,
): string {
  const parts = downloading
    ? [`${formatBytes(manifest.size)} download`, `${formatBytes(manifest.unpackedSize)} on disk`]
    : [`${formatBytes(manifest.unpackedSize)} on disk`];
  const free = freeBytes === null ? '' : ` (${formatBytes(freeBytes)} free)`;
  return `${parts.join(', ')}${free}`;
}

/** Every pychrono module, in the probe's order, with whether it imports. */
export function moduleRows(modules: Record<string, boolean>): Array<{ name: string; ok: boolean }> {
  return PYCHRONO_MODULES.map((name) => ({ name, ok: modules[name] === true }));
}

/** Why runs will not use the selected runtime, or null. */
export function overrideText(state: RuntimesState | null): string | null {
  const by = state?.overriddenBy;
  if (!by) return null;
  const what =
    by.source === 'setting'
      ? 'The Python interpreter setting'
      : by.source === 'TWINFORGE_PYTHON'
        ? 'The TWINFORGE_PYTHON variable'
        : 'The --python option';
  return `${what} (${by.python}) comes before the installed runtime: runs use that Python.`;
}
