// The model menu: installed models (size, family, quantisation) to choose from, the chosen
// one's details, pulling a model by name with its progress, and the models loaded in
// memory with their VRAM and GPU/CPU split.
import { useEffect, useState } from 'react';
import { Dialog } from '../../ui/Dialog';
import { useSettingsStore } from '../settings/settings-store';
import { formatBytes, formatSpeed, formatSplit } from './format';
import { useModelStore } from './model-store';

export function ModelDialog({
  onClose,
  initialPull = '',
}: {
  onClose(): void;
  initialPull?: string;
}) {
  const {
    models,
    loaded,
    details,
    pulls,
    error,
    loading,
    refresh,
    showDetails,
    pull,
    cancelPull,
    unload,
  } = useModelStore();
  const settings = useSettingsStore((s) => s.settings);
  const update = useSettingsStore((s) => s.update);
  // The choice shows at once; the settings follow (and win if they could not be saved).
  const [picked, setPicked] = useState<string | null>(null);
  const current = picked ?? settings?.model ?? '';
  const [name, setName] = useState(initialPull);
  const choose = (model: string) => {
    setPicked(model);
    void update({ model }).then(
      () => setPicked(null),
      () => setPicked(null),
    );
  };

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (current) void showDetails(current);
  }, [current, showDetails]);

  const d = current ? details[current] : undefined;
  const activePulls = Object.values(pulls).filter((p) => !p.done || p.error || p.cancelled);

  return (
    <Dialog title="Models" testId="model-dialog" onClose={onClose} wide>
      {error && (
        <p className="chat-answer-notice is-error" role="alert">
          {error}
        </p>
      )}
      <section className="model-section">
        <h3>Installed {loading && <span className="muted">(checking…)</span>}</h3>
        {models.length === 0 && !loading && (
          <p className="muted">
            No models yet: pull one below (qwen2.5-coder:7b suits PyChrono work).
          </p>
        )}
        <table className="model-table" data-testid="model-list">
          <tbody>
            {models.map((m) => (
              <tr
                key={m.name}
                className={m.name === current ? 'is-current' : ''}
                data-testid="model-row"
              >
                <td>
                  <label>
                    <input
                      type="radio"
                      name="model"
                      checked={m.name === current}
                      onChange={() => choose(m.name)}
                    />{' '}
                    {m.name}
                  </label>
                </td>
                <td>{formatBytes(m.sizeBytes)}</td>
                <td>{m.family ?? ''}</td>
                <td>{m.parameterSize ?? ''}</td>
                <td>{m.quantization ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {d && (
          <p className="muted" data-testid="model-details">
            {current}: context up to {d.contextLength?.toLocaleString('en') ?? 'unknown'} tokens
            {d.capabilities.length > 0 && ` · ${d.capabilities.join(', ')}`}
          </p>
        )}
      </section>
      <section className="model-section">
        <h3>Pull a model</h3>
        <form
          className="model-pull-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) void pull(name.trim());
          }}
        >
          <input
            aria-label="Model name to pull"
            placeholder="e.g. qwen2.5-coder:7b"
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-testid="pull-name"
          />
          <button
            type="submit"
            className="button primary"
            disabled={!name.trim()}
            data-testid="pull-start"
          >
            Pull
          </button>
        </form>
        {activePulls.map((p) => (
          <div key={p.pullId} className="model-pull" data-testid="pull-progress">
            <div className="model-pull-line">
              <strong>{p.model}</strong>
              <span>{p.error ?? p.status}</span>
              <span className="spacer" />
              {p.percent !== null && !p.error && (
                <span data-testid="pull-percent">{p.percent.toFixed(0)}%</span>
              )}
              {!p.done && (
                <button
                  type="button"
                  className="button"
                  onClick={() => void cancelPull(p.pullId)}
                  data-testid="pull-cancel"
                >
                  Cancel
                </button>
              )}
            </div>
            <progress max={100} value={p.percent ?? undefined} aria-label={`Pulling ${p.model}`} />
            <div className="muted">
              {formatBytes(p.completedBytes)} of {formatBytes(p.totalBytes || null)}{' '}
              {formatSpeed(p.bytesPerSecond)}
            </div>
          </div>
        ))}
      </section>
      <section className="model-section">
        <h3>Loaded in memory</h3>
        {loaded.length === 0 ? (
          <p className="muted">None: a model loads on its first request.</p>
        ) : (
          <table className="model-table" data-testid="loaded-list">
            <tbody>
              {loaded.map((m) => (
                <tr key={m.name}>
                  <td>{m.name}</td>
                  <td>{formatBytes(m.sizeBytes)}</td>
                  <td>{formatBytes(m.vramBytes)} VRAM</td>
                  <td>{formatSplit(m.gpuPercent)}</td>
                  <td>{m.contextLength ? `ctx ${m.contextLength.toLocaleString('en')}` : ''}</td>
                  <td>
                    <button type="button" className="button" onClick={() => void unload(m.name)}>
                      Unload
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Dialog>
  );
}
