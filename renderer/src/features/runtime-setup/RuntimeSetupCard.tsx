// The "Simulation runtime" card: which PyChrono runtime runs scripts, and three ways to get
// one: download it from the lab's mirror, install a pack copied to this machine (or shipped
// beside the app), or use an existing Python. Shows the install's stage and bytes, and ends
// with the pychrono version and the modules that import.
import { useEffect, useRef } from 'react';
import type {
  InstalledRuntime,
  RuntimeOffers,
} from '../../../../electron/common/contract/runtimes';
import { InstallFolder } from './InstallFolder';
import { InstallProgressView } from './InstallProgressView';
import { ModuleChips } from './ModuleChips';
import { OfferList } from './OfferList';
import { PackPicker } from './PackPicker';
import { overrideText } from './format';
import { useRuntimeSetup } from './runtime-setup-store';
import './runtime-setup.css';

export interface RuntimeSetupCardProps {
  /** Opens the settings at a section (the Python interpreter and the mirror live there). */
  onOpenSettings(section: string): void;
  /** Brings the card into view when it opens (Help > Simulation Runtime). */
  scrollIntoView?: boolean;
}

export function RuntimeSetupCard({ onOpenSettings, scrollIntoView }: RuntimeSetupCardProps) {
  const ref = useRef<HTMLElement>(null);
  const state = useRuntimeSetup((s) => s.state);
  const offers = useRuntimeSetup((s) => s.offers);
  const error = useRuntimeSetup((s) => s.error);
  const loading = useRuntimeSetup((s) => s.loading);
  const install = useRuntimeSetup((s) => s.install);
  const refresh = useRuntimeSetup((s) => s.refresh);
  const clearPythonSetting = useRuntimeSetup((s) => s.clearPythonSetting);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (scrollIntoView) ref.current?.scrollIntoView?.({ block: 'start' });
  }, [scrollIntoView]);

  const selected = state?.runtimes.find((r) => r.id === state.selected) ?? null;
  const override = overrideText(state);
  const busy = install?.phase === 'installing';

  return (
    <section
      ref={ref}
      className="runtime-setup"
      data-testid="runtime-setup"
      aria-labelledby="runtime-setup-title"
    >
      <h3 id="runtime-setup-title">Simulation runtime</h3>
      <p className="runtime-current" data-testid="runtime-current">
        {selected ? (
          <>
            Runs use <strong>{selected.id}</strong>: pychrono {selected.pychrono ?? '?'} with Python{' '}
            {selected.pythonVersion ?? '?'}.
          </>
        ) : (
          'No runtime is installed in TwinForge yet.'
        )}
      </p>
      {override && (
        <p className="runtime-note">
          {override}{' '}
          {state?.overriddenBy?.source === 'setting' && selected && (
            <button type="button" className="link-button" onClick={() => void clearPythonSetting()}>
              Use {selected.id} instead
            </button>
          )}
        </p>
      )}
      {state?.notices.map((notice) => (
        <p key={notice} className="runtime-note">
          {notice}
        </p>
      ))}
      {error && (
        <p className="runtime-error" role="alert">
          {error}
        </p>
      )}

      {install && <InstallProgressView install={install} />}

      {!busy && offers && <InstallFolder target={offers.target} />}

      {!busy && (
        <div className="runtime-options">
          <DownloadOption offers={offers} loading={loading} onOpenSettings={onOpenSettings} />
          <div className="runtime-option">
            <h4>Install from a file</h4>
            <p className="muted">
              A runtime pack (<code>.tar.gz</code> with its <code>runtime-pack.json</code>) copied
              to this machine from a USB stick or a share.
            </p>
            <PackPicker freeBytes={offers?.target.freeBytes ?? null} />
          </div>
          <div className="runtime-option">
            <h4>Use an existing Python</h4>
            <p className="muted">
              A Python that already has pychrono 9.0.1 (a conda environment, a build of your own).
            </p>
            <button
              type="button"
              className="button"
              onClick={() => onOpenSettings('Python runtime')}
            >
              Choose the Python interpreter…
            </button>
          </div>
        </div>
      )}

      {state && state.runtimes.length > 0 && (
        <InstalledList runtimes={state.runtimes} selected={state.selected} disabled={busy} />
      )}
    </section>
  );
}

function DownloadOption({
  offers,
  loading,
  onOpenSettings,
}: {
  offers: RuntimeOffers | null;
  loading: boolean;
  onOpenSettings(section: string): void;
}) {
  const mirror = offers?.mirror ?? null;
  const local = offers?.local ?? [];
  return (
    <div className="runtime-option" data-testid="runtime-download">
      <h4>Download</h4>
      {!offers && <p className="muted">{loading ? 'Looking for runtime packs…' : ''}</p>}
      {offers && !mirror && (
        <p className="muted">
          No runtime mirror is set. Ask your lab for its mirror’s address and put it in{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => onOpenSettings('Python runtime')}
          >
            Settings › Runtime mirror
          </button>
          .
        </p>
      )}
      {mirror?.problem && <p className="runtime-error">{mirror.problem}</p>}
      {mirror && !mirror.problem && mirror.offers.length === 0 && (
        <p className="muted">The mirror at {mirror.url} lists no packs.</p>
      )}
      <OfferList
        offers={mirror?.offers ?? []}
        freeBytes={offers?.target.freeBytes ?? null}
        download
      />
      {local.length > 0 && (
        <>
          <p className="muted">Shipped with TwinForge:</p>
          <OfferList offers={local} freeBytes={offers?.target.freeBytes ?? null} download={false} />
        </>
      )}
    </div>
  );
}

function InstalledList({
  runtimes,
  selected,
  disabled,
}: {
  runtimes: InstalledRuntime[];
  selected: string | null;
  disabled: boolean;
}) {
  const use = useRuntimeSetup((s) => s.use);
  const remove = useRuntimeSetup((s) => s.remove);
  return (
    <div className="runtime-installed">
      <h4>Installed</h4>
      <ul>
        {runtimes.map((r) => (
          <li key={r.id} data-testid="runtime-installed" data-selected={r.id === selected}>
            <div>
              <strong>{r.id}</strong>{' '}
              {r.id === selected && <span className="runtime-badge">in use</span>}
              <div className="muted">
                pychrono {r.pychrono ?? '?'}, Python {r.pythonVersion ?? '?'} — {r.path}
              </div>
              <ModuleChips modules={r.modules} />
            </div>
            <div className="runtime-actions">
              {r.id !== selected && (
                <button
                  type="button"
                  className="button"
                  disabled={disabled}
                  onClick={() => void use(r.id)}
                >
                  Use
                </button>
              )}
              <button
                type="button"
                className="button"
                disabled={disabled}
                onClick={() => void remove(r.id)}
              >
                Remove
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
