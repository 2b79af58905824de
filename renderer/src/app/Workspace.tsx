// The workspace: menu bar (browser only), chat | editor | 3D view over the bottom panel,
// the status bar, and the overlays (palette, dialogs, toasts, drop target). Pane sizes are
// saved by react-resizable-panels under `autoSaveId`, so they survive restarts.
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Panel,
  PanelGroup,
  PanelResizeHandle,
  type ImperativePanelGroupHandle,
  type ImperativePanelHandle,
} from 'react-resizable-panels';
import type { PlatformHost, ConnectionState } from '../platform/types';
import { ChatPanel } from '../features/chat/ChatPanel';
import { EditorPanel } from '../features/editor/EditorPanel';
import { EvalDialog } from '../features/eval/EvalDialog';
import { useDriverKeys } from '../features/runtime/driver-keys';
import { RunToolbar } from '../features/runtime/RunToolbar';
import { ProjectDialog } from '../features/project/ProjectDialog';
import { ProjectNotices } from '../features/project/ProjectNotices';
import { RunsDialog } from '../features/recordings/RunsDialog';
import { SettingsDialog } from '../features/settings/SettingsDialog';
import { ViewerPanel } from '../features/viewer/ViewerPanel';
import { SourceLinkContext } from '../features/viewer/source-link';
import { twinSourceLink } from './source-links';
import { useReviewStore } from '../features/review/review-store';
import { ReviewWorkspace } from '../features/review/ReviewWorkspace';
import { registerAction } from '../commands/action-registry';
import { installShortcuts } from './shortcuts';
import { BottomPanel } from './BottomPanel';
import { CommandPalette } from './CommandPalette';
import { FirstRunBanner } from './FirstRunBanner';
import { FirstRunPanel } from './FirstRunPanel';
import { AboutDialog, ShortcutsDialog } from './HelpDialogs';
import { MenuBar } from './MenuBar';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { Notifications } from '../ui/Notifications';
import { StatusBar } from './StatusBar';
import { useUi } from './ui-store';
import { useEditorStore } from '../features/editor/editor-store';
import { BackupOffer } from './BackupOffer';
import { openDroppedFiles } from './dropped-files';
import { openProjectAt, saveTwinAs, suggestedProjectName } from './file-actions';
import { REFERENCE, useLanes } from './lanes';
import { LaneProvider } from './LaneProvider';

export const LAYOUT_IDS = { vertical: 'twinforge.layout.v1', top: 'twinforge.layout.top.v1' };
const DEFAULT_TOP = [24, 42, 34];
const DEFAULT_VERTICAL = [72, 28];

function focusWithin(selector: string): void {
  const area = document.querySelector<HTMLElement>(selector);
  if (!area) return;
  const target = area.querySelector<HTMLElement>(
    'textarea, input, [contenteditable="true"], canvas[tabindex], [tabindex="0"]',
  );
  (target ?? area).focus();
}

function ViewerArea() {
  const ref = useRef<HTMLElement>(null);
  const lanes = useLanes();
  useDriverKeys(ref, lanes.twin.run);
  const sourceLink = useMemo(() => twinSourceLink(lanes), [lanes]);
  return (
    <section
      ref={ref}
      className="pane viewer-pane"
      data-testid="viewer-area"
      aria-label="3D view"
      tabIndex={0}
    >
      <div className="pane-title">
        <span>3D View</span>
      </div>
      <div className="pane-body">
        <ErrorBoundary name="3D view">
          <SourceLinkContext.Provider value={sourceLink}>
            <ViewerPanel />
          </SourceLinkContext.Provider>
        </ErrorBoundary>
      </div>
    </section>
  );
}

function Dialogs({ host }: { host: PlatformHost }) {
  const lanes = useLanes();
  const dialog = useUi((s) => s.dialog);
  const focus = useUi((s) => s.settingsFocus);
  const close = useUi((s) => s.closeDialog);
  switch (dialog) {
    case 'settings':
      return <SettingsDialog onClose={close} focus={focus} />;
    case 'firstRun':
      return <FirstRunPanel onClose={close} />;
    case 'shortcuts':
      return <ShortcutsDialog onClose={close} />;
    case 'about':
      return <AboutDialog onClose={close} />;
    case 'openProject':
      return <ProjectDialog mode="open" onChoose={openProjectAt} onClose={close} />;
    case 'saveProjectAs':
      return (
        <ProjectDialog
          mode="saveAs"
          initialName={suggestedProjectName()}
          onChoose={saveTwinAs}
          onClose={close}
        />
      );
    case 'runs':
      return <RunsDialog viewer={lanes.twin.viewer} onClose={close} />;
    case 'eval':
      return <EvalDialog host={host} onClose={close} />;
    default:
      return null;
  }
}

export function Workspace({ host }: { host: PlatformHost }) {
  const lanes = useLanes();
  const bottom = useRef<ImperativePanelHandle>(null);
  const vertical = useRef<ImperativePanelGroupHandle>(null);
  const top = useRef<ImperativePanelGroupHandle>(null);
  const [dragging, setDragging] = useState(false);
  const [connection, setConnection] = useState<ConnectionState>(host.connection);
  const reviewing = useReviewStore((s) => s.open);

  useEffect(() => host.onConnectionChange(setConnection), [host]);

  // Layout actions need the panel handles, so they are registered here.
  useEffect(() => {
    const disposers = [
      registerAction({
        id: 'view.toggleBottomPanel',
        run: () => {
          const panel = bottom.current;
          if (!panel) return;
          if (panel.isCollapsed()) panel.expand();
          else panel.collapse();
        },
      }),
      registerAction({
        id: 'view.resetLayout',
        run: () => {
          vertical.current?.setLayout(DEFAULT_VERTICAL);
          top.current?.setLayout(DEFAULT_TOP);
        },
      }),
      registerAction({
        id: 'view.focusChat',
        run: () => focusWithin('[data-testid="chat-panel"]'),
      }),
      registerAction({
        id: 'view.focusEditor',
        run: () => useEditorStore.getState().view?.focus(),
      }),
      registerAction({
        id: 'review.open',
        run: () => useReviewStore.getState().setOpen(true),
      }),
      registerAction({
        id: 'view.focusViewer',
        run: () => document.querySelector<HTMLElement>('[data-testid="viewer-area"]')?.focus(),
      }),
    ];
    return () => disposers.forEach((d) => d());
  }, []);

  // Asking for a tab (or for the panel) while it is collapsed opens it again.
  useEffect(
    () =>
      useUi.subscribe((s, prev) => {
        const asked =
          s.bottomTab !== prev.bottomTab || (prev.bottomCollapsed && !s.bottomCollapsed);
        if (asked && !s.bottomCollapsed && bottom.current?.isCollapsed()) bottom.current.expand();
      }),
    [],
  );

  useEffect(() => installShortcuts(host), [host]);

  // Closing with unsaved changes asks first: the browser shows its own prompt, and in
  // Electron the main process asks (electron/main/unsaved-changes.ts).
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!useEditorStore.getState().dirty) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [host]);

  const hasFiles = (e: React.DragEvent) => Array.from(e.dataTransfer.types).includes('Files');

  return (
    <LaneProvider lane={lanes.twin}>
      <div
        className="workspace"
        onDragOver={(e) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          if (!dragging) setDragging(true);
        }}
        onDragLeave={(e) => {
          if (e.currentTarget === e.target || !e.currentTarget.contains(e.relatedTarget as Node))
            setDragging(false);
        }}
        onDrop={(e) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          setDragging(false);
          void openDroppedFiles(e.dataTransfer.files, lanes.twin.viewer);
        }}
      >
        {host.kind === 'browser' && <MenuBar />}
        <FirstRunBanner />
        <BackupOffer />
        <ProjectNotices onSaveAs={() => useUi.getState().openDialog('saveProjectAs')} />
        {reviewing ? (
          <ErrorBoundary name="review">
            <ReviewWorkspace host={host} twin={lanes.twin} reference={lanes.get(REFERENCE)} />
          </ErrorBoundary>
        ) : (
          <main className="workspace-main">
            <PanelGroup direction="vertical" autoSaveId={LAYOUT_IDS.vertical} ref={vertical}>
              <Panel id="top" order={1} defaultSize={DEFAULT_VERTICAL[0]} minSize={25}>
                <PanelGroup direction="horizontal" autoSaveId={LAYOUT_IDS.top} ref={top}>
                  <Panel id="chat" order={1} defaultSize={DEFAULT_TOP[0]} minSize={12}>
                    <section className="pane chat-pane" data-testid="chat-panel" aria-label="Chat">
                      <div className="pane-title">
                        <span>Chat</span>
                      </div>
                      <div className="pane-body">
                        <ErrorBoundary name="chat">
                          <ChatPanel />
                        </ErrorBoundary>
                      </div>
                    </section>
                  </Panel>
                  <PanelResizeHandle
                    className="resize-handle vertical"
                    data-testid="resize-chat-editor"
                  />
                  <Panel id="editor" order={2} defaultSize={DEFAULT_TOP[1]} minSize={15}>
                    <section
                      className="pane editor-pane"
                      data-testid="editor-panel"
                      aria-label="Script editor"
                    >
                      <ErrorBoundary name="editor">
                        <EditorPanel
                          tools={
                            <>
                              <RunToolbar />
                              <button
                                type="button"
                                className="tool-button"
                                data-testid="open-review"
                                title="Hold the twin against an expert reference script: code, scene, motion and scores"
                                onClick={() => useReviewStore.getState().setOpen(true)}
                              >
                                Review…
                              </button>
                            </>
                          }
                        />
                      </ErrorBoundary>
                    </section>
                  </Panel>
                  <PanelResizeHandle
                    className="resize-handle vertical"
                    data-testid="resize-editor-viewer"
                  />
                  <Panel id="viewer" order={3} defaultSize={DEFAULT_TOP[2]} minSize={12}>
                    <ViewerArea />
                  </Panel>
                </PanelGroup>
              </Panel>
              <PanelResizeHandle
                className="resize-handle horizontal"
                data-testid="resize-top-bottom"
              />
              <Panel
                id="bottom"
                order={2}
                defaultSize={DEFAULT_VERTICAL[1]}
                minSize={10}
                collapsible
                collapsedSize={0}
                ref={bottom}
                onCollapse={() => useUi.getState().setBottomCollapsed(true)}
                onExpand={() => useUi.getState().setBottomCollapsed(false)}
              >
                <ErrorBoundary name="bottom panel">
                  <BottomPanel />
                </ErrorBoundary>
              </Panel>
            </PanelGroup>
          </main>
        )}
        <StatusBar connection={connection} />
        <CommandPalette />
        <ErrorBoundary name="dialog">
          <Dialogs host={host} />
        </ErrorBoundary>
        <Notifications />
        {dragging && (
          <div className="drop-target" aria-hidden="true">
            Drop a Python script (.py) to edit it, or a recording (.tfrec) to replay it
          </div>
        )}
      </div>
    </LaneProvider>
  );
}
