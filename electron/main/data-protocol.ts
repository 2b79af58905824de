// `twinforge-data://data/?path=P` serves one pychrono data file (textures, meshes),
// read-only and only from inside the probed data folder, to the app page.
import { findDataFile } from '../host/serve/static-files';

export const DATA_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

/** Finds the file a data URL names; null when it is outside the data folder or missing. */
export async function resolveDataRequest(
  requestUrl: string,
  dataDir: string | null,
): Promise<string | null> {
  if (!dataDir) return null;
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  const requested = url.searchParams.get('path');
  if (!requested) return null;
  return (await findDataFile(dataDir, requested))?.path ?? null;
}
