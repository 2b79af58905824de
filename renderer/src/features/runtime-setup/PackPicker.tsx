// Picking a pack on the host machine: a path typed or pasted (what a lab admin has after
// copying a pack from a USB stick), or found in a listing of the host's folders. The
// browser never uploads the pack: the host reads it where it is.
import { useState } from 'react';
import { OfferList } from './OfferList';
import { useRuntimeSetup } from './runtime-setup-store';

export function PackPicker({ freeBytes }: { freeBytes: number | null }) {
  const [path, setPath] = useState('');
  const given = useRuntimeSetup((s) => s.given);
  const checking = useRuntimeSetup((s) => s.checking);
  const listing = useRuntimeSetup((s) => s.listing);
  const inspect = useRuntimeSetup((s) => s.inspect);
  const browse = useRuntimeSetup((s) => s.browse);
  const closeListing = useRuntimeSetup((s) => s.closeListing);

  const check = (value: string) => {
    setPath(value);
    if (value.trim()) void inspect(value.trim());
  };

  return (
    <div className="pack-picker">
      <form
        className="pack-picker-row"
        onSubmit={(e) => {
          e.preventDefault();
          check(path);
        }}
      >
        <input
          type="text"
          aria-label="Path of a runtime pack on this machine"
          placeholder="/media/usb/twinforge/pychrono-full-9.0.1-linux-x64.tar.gz"
          value={path}
          spellCheck={false}
          onChange={(e) => setPath(e.target.value)}
        />
        <button type="submit" className="button" disabled={!path.trim() || checking}>
          {checking ? 'Checking…' : 'Check'}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => (listing ? closeListing() : void browse(path.trim() || undefined))}
        >
          {listing ? 'Close' : 'Browse…'}
        </button>
      </form>

      {listing && (
        <div className="pack-browser" data-testid="pack-browser">
          <div className="pack-browser-head">
            <button
              type="button"
              className="button"
              disabled={!listing.parent}
              onClick={() => listing.parent && void browse(listing.parent)}
            >
              Up
            </button>
            <code className="pack-browser-dir">{listing.dir}</code>
          </div>
          {listing.problem && <p className="runtime-error">{listing.problem}</p>}
          {!listing.problem && listing.entries.length === 0 && (
            <p className="muted">No folders or packs here.</p>
          )}
          <ul>
            {listing.entries.map((entry) => (
              <li key={entry.path}>
                <button
                  type="button"
                  className={`pack-entry pack-entry-${entry.kind}`}
                  onClick={() => {
                    if (entry.kind === 'folder') void browse(entry.path);
                    else {
                      closeListing();
                      check(entry.path);
                    }
                  }}
                >
                  {entry.kind === 'folder' ? '📁' : '📦'} {entry.name}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}

      {given && (
        <div className="pack-given" data-testid="pack-given">
          {given.problem && (
            <p className="runtime-error" role="alert">
              {given.problem}
            </p>
          )}
          <OfferList
            offers={given.offers}
            freeBytes={freeBytes}
            download={/^https?:/i.test(given.from)}
          />
        </div>
      )}
    </div>
  );
}
