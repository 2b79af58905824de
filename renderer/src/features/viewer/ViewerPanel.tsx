// The 3D view: mounts the three.js engine, feeds it from the viewer session, and wraps it
// with a toolbar (view toggles, reset, follow, screenshot, open recording), the info panel
// of the selected body and the timeline.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { SRGBColorSpace, TextureLoader } from 'three';
import { OBJLoader } from 'three/examples/jsm/loaders/OBJLoader.js';
import { host } from '../../platform/host';
import { SceneRenderer, type ViewToggles } from '../../scene/scene-renderer';
import { useNotifications } from '../../ui/notifications';
import { registerViewerActions, copyViewImage, exportImage } from './actions';
import { setActiveView } from './active-view';
import { connectViewer } from './connect';
import { InfoPanel } from './InfoPanel';
import { openRecordingFile } from './recording';
import { TimelineBar } from './TimelineBar';
import { useTimelineStore } from './timeline-store';
import { viewerSession } from './viewer-session';
import { useViewerStore } from './viewer-store';
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

async function openDropped(file: File): Promise<void> {
  try {
    await openRecordingFile(file);
  } catch (error) {
    notifyError(error);
  }
}

export function ViewerPanel() {
  const viewport = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<SceneRenderer | null>(null);
  const toggles = useViewerStore((s) => s.toggles);
  const setToggle = useViewerStore((s) => s.setToggle);
  const selection = useViewerStore((s) => s.selection);
  const follow = useViewerStore((s) => s.follow);
  const itemCount = useViewerStore((s) => s.items.size);
  const skipped = useViewerStore((s) => s.skipped);
  const source = useTimelineStore((s) => s.source);
  const label = useTimelineStore((s) => s.label);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    connectViewer(host);
    return registerViewerActions();
  }, []);

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
    renderer.setToggles(useViewerStore.getState().toggles);
    const detach = viewerSession.attach(renderer);
    setActiveView(renderer);
    setView(renderer);
    const unsubscribeSkipped = renderer.onRender(() => {
      const skippedNow = Object.fromEntries(renderer!.content.skipped);
      if (JSON.stringify(skippedNow) !== JSON.stringify(useViewerStore.getState().skipped)) {
        useViewerStore.setState({ skipped: skippedNow });
      }
    });
    return () => {
      unsubscribeSkipped();
      detach();
      setActiveView(null);
      setView(null);
      renderer!.dispose();
      renderer = null;
    };
  }, []);

  useEffect(() => view?.setToggles(toggles), [view, toggles]);
  useEffect(() => view?.setSelection(selection), [view, selection]);
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
      if (key !== null || !additive) useViewerStore.getState().select(key, additive);
    };
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('pointerup', onUp);
    return () => {
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointerup', onUp);
    };
  }, [view]);

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
    void openDropped(file);
  };

  const skippedText = Object.entries(skipped)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');

  return (
    <div className="viewer-panel" data-testid="viewer-panel">
      <div className="viewer-toolbar" role="toolbar" aria-label="3D view">
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
          onClick={() => useViewerStore.getState().setFollow(!follow)}
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
              if (file) void openDropped(file);
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
