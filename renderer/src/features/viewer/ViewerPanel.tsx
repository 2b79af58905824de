// The 3D view of one lane: mounts the three.js engine, feeds it from the viewer session in
// context, and wraps it with a toolbar (view toggles, reset, follow, screenshot, open
// recording), the info panel of the selected body and the timeline.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { SRGBColorSpace, TextureLoader } from 'three';
import { OBJLoader } from 'three/examples/jsm/loaders/OBJLoader.js';
import { host } from '../../platform/host';
import { SceneRenderer, type ViewToggles } from '../../scene/scene-renderer';
import { useNotifications } from '../../ui/notifications';
import { copyViewImage, exportImage } from './actions';
import { clearActiveView, setActiveView } from './active-view';
import { InfoPanel } from './InfoPanel';
import { itemsMadeAt } from './source-link';
import { openRecordingFile } from './recording';
import { useTimeline, useViewerSession, useViewState } from './session-context';
import { TimelineBar } from './TimelineBar';
import type { ViewerSession } from './viewer-session';
import './viewer.css';

const TOGGLES: { name: keyof ViewToggles; label: string; title: string }[] = [
  { name: 'grid', label: 'Grid', title: 'Show the ground grid' },
  { name: 'axes', label: 'Axes', title: 'Show the world axes' },
  { name: 'bodyFrames', label: 'Frames', title: 'Show each body’s reference frame' },
  { name: 'wireframe', label: 'Wire', title: 'Draw shapes as wireframes' },
  { name: 'shadows', label: 'Shadows', title: 'Cast shadows' },
];

/** Clicks that moved less than this (px) select; larger moves are camera drags. */
const CLICK_SLOP = 5;

function notifyError(error: unknown): void {
  useNotifications
    .getState()
    .notify('error', error instanceof Error ? error.message : String(error));
}

async function openDropped(session: ViewerSession, file: File): Promise<void> {
  try {
    await openRecordingFile(session, file);
  } catch (error) {
    notifyError(error);
  }
}

export interface ViewerPanelProps {
  /** What the view shows, when there is more than one (“Twin”, “Reference”). */
  title?: string;
  /** Called once the engine is up (the review links the cameras of two views). */
  onRenderer?(renderer: SceneRenderer | null): void;
}

export function ViewerPanel({ title, onRenderer }: ViewerPanelProps) {
  const session = useViewerSession();
  const viewport = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<SceneRenderer | null>(null);
  const toggles = useViewState((s) => s.toggles);
  const setToggle = useViewState((s) => s.setToggle);
  const selection = useViewState((s) => s.selection);
  const sourceLine = useViewState((s) => s.sourceLine);
  const items = useViewState((s) => s.items);
  const follow = useViewState((s) => s.follow);
  const itemCount = useViewState((s) => s.items.size);
  const skipped = useViewState((s) => s.skipped);
  const source = useTimeline((s) => s.source);
  const label = useTimeline((s) => s.label);
  const [dragging, setDragging] = useState(false);

  // The engine lives as long as the panel is mounted.
  useEffect(() => {
    const container = viewport.current;
    if (!container) return;
    let renderer: SceneRenderer | null = null;
    const loader = new TextureLoader();
    renderer = new SceneRenderer({
      textureSource: (path) => {
        const texture = loader.load(
          host.dataUrl(path),
          () => renderer?.invalidate(),
          undefined,
          () => useNotifications.getState().notify('warning', `Texture not found: ${path}`),
        );
        texture.colorSpace = SRGBColorSpace;
        return texture;
      },
      modelSource: (path) => new OBJLoader().loadAsync(host.dataUrl(path)),
      onModelError: (path) =>
        useNotifications.getState().notify('warning', `Model file could not be loaded: ${path}`),
    });
    try {
      renderer.mount(container);
    } catch (error) {
      notifyError(new Error(`The 3D view could not start WebGL: ${String(error)}`));
      renderer.dispose();
      return;
    }
    const mounted = renderer;
    mounted.setToggles(session.view.getState().toggles);
    const detach = session.attach(mounted);
    setActiveView({ renderer: mounted, session });
    // The view the user touches last is the one the menus act on.
    const touched = () => setActiveView({ renderer: mounted, session });
    container.addEventListener('pointerdown', touched);
    container.addEventListener('focusin', touched);
    setView(mounted);
    onRenderer?.(mounted);
    const unsubscribeSkipped = mounted.onRender(() => {
      const skippedNow = Object.fromEntries(mounted.content.skipped);
      if (JSON.stringify(skippedNow) !== JSON.stringify(session.view.getState().skipped)) {
        session.view.setState({ skipped: skippedNow });
      }
    });
    return () => {
      unsubscribeSkipped();
      container.removeEventListener('pointerdown', touched);
      container.removeEventListener('focusin', touched);
      detach();
      clearActiveView(mounted);
      onRenderer?.(null);
      setView(null);
      mounted.dispose();
      renderer = null;
    };
    // The engine is made once per session; onRenderer is read at mount only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session]);

  useEffect(() => view?.setToggles(toggles), [view, toggles]);
  // The selection, and what the editor's line made (the editor's cursor points at it).
  useEffect(
    () => view?.setSelection([...selection, ...itemsMadeAt(items, sourceLine)]),
    [view, selection, items, sourceLine],
  );
  useEffect(() => {
    view?.follow(follow ? (selection[selection.length - 1] ?? null) : null);
  }, [view, follow, selection]);

  // Picking: a click (not a drag) on the canvas selects what is under it.
  useEffect(() => {
    const canvas = view?.canvas;
    if (!view || !canvas) return;
    let down: { x: number; y: number } | null = null;
    const onDown = (e: PointerEvent) => {
      down = e.button === 0 ? { x: e.clientX, y: e.clientY } : null;
    };
    const onUp = (e: PointerEvent) => {
      if (!down || Math.hypot(e.clientX - down.x, e.clientY - down.y) > CLICK_SLOP) return;
      down = null;
      const key = view.pick(e.clientX, e.clientY);
      const additive = e.shiftKey || e.ctrlKey || e.metaKey;
      if (key !== null || !additive) session.view.getState().select(key, additive);
    };
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('pointerup', onUp);
    return () => {
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointerup', onUp);
    };
  }, [view, session]);

  const onDragOver = (e: DragEvent) => {
    if ([...e.dataTransfer.items].some((i) => i.kind === 'file')) {
      e.preventDefault();
      setDragging(true);
    }
  };
  const onDrop = (e: DragEvent) => {
    setDragging(false);
    const file = [...e.dataTransfer.files].find((f) => f.name.toLowerCase().endsWith('.tfrec'));
    if (!file) return; // Scripts and other files are the workspace's to handle.
    e.preventDefault();
    e.stopPropagation();
    void openDropped(session, file);
  };

  const skippedText = Object.entries(skipped)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');

  return (
    <div className="viewer-panel" data-testid="viewer-panel" data-lane={session.lane}>
      <div
        className="viewer-toolbar"
        role="toolbar"
        aria-label={title ? `3D view: ${title}` : '3D view'}
      >
        {title && <strong className="viewer-title">{title}</strong>}
        {TOGGLES.map((t) => (
          <button
            key={t.name}
            type="button"
            className={`tool-button viewer-toggle${toggles[t.name] ? ' on' : ''}`}
            aria-pressed={toggles[t.name]}
            title={t.title}
            onClick={() => setToggle(t.name, !toggles[t.name])}
          >
            {t.label}
          </button>
        ))}
        <span className="viewer-sep" />
        <button
          type="button"
          className="tool-button"
          title="Reset the camera"
          onClick={() => view?.resetView()}
        >
          Reset view
        </button>
        <button
          type="button"
          className={`tool-button${follow ? ' on' : ''}`}
          aria-pressed={follow}
          title="Keep the selected body in view"
          disabled={selection.length === 0}
          onClick={() => session.view.getState().setFollow(!follow)}
        >
          Follow
        </button>
        <span className="viewer-sep" />
        <button
          type="button"
          className="tool-button"
          title="Save the view as a PNG image"
          onClick={() => exportImage().catch(notifyError)}
        >
          PNG
        </button>
        <button
          type="button"
          className="tool-button"
          title="Copy the view to the clipboard"
          onClick={() => copyViewImage().catch(notifyError)}
        >
          Copy
        </button>
        <label className="tool-button viewer-open" title="Open a recording (.tfrec)">
          Open…
          <input
            type="file"
            accept=".tfrec"
            data-testid="open-recording-input"
            hidden
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void openDropped(session, file);
            }}
          />
        </label>
        <span className="viewer-source" title={label ?? undefined}>
          {source === 'recording'
            ? `Recording ${label?.replace(/^recording:/, '')}`
            : source === 'run'
              ? 'Live run'
              : ''}
        </span>
      </div>
      <div
        className={`viewer-viewport${dragging ? ' dragging' : ''}`}
        ref={viewport}
        data-testid="viewer-canvas"
        onDragOver={onDragOver}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        {itemCount === 0 && (
          <div className="viewer-empty">
            Run a script, or drop a recording (.tfrec) here, to see it in 3D.
          </div>
        )}
        <InfoPanel />
        {skippedText && <div className="viewer-skipped">Not drawn: {skippedText}</div>}
      </div>
      <TimelineBar />
    </div>
  );
}
