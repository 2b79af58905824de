// The bottom panel: Console, Plots and Problems tabs.
import { PlotsPanel } from '../features/viewer/PlotsPanel';
import { ProblemsList } from '../features/editor/ProblemsList';
import { useEditorStore } from '../features/editor/editor-store';
import { ConsoleView } from '../features/runtime/ConsoleView';
import { useRunSession } from '../features/runtime/session-context';
import { useUi, type BottomTab } from './ui-store';
import { ClearIcon } from '../ui/icons';

const TABS: Array<{ id: BottomTab; label: string }> = [
  { id: 'console', label: 'Console' },
  { id: 'plots', label: 'Plots' },
  { id: 'problems', label: 'Problems' },
];

export function BottomPanel() {
  const tab = useUi((s) => s.bottomTab);
  const showBottomTab = useUi((s) => s.showBottomTab);
  const problems = useEditorStore((s) => s.problems.length);
  const run = useRunSession();
  return (
    <section className="pane bottom-panel" data-testid="bottom-panel" aria-label="Bottom panel">
      <div className="pane-title tabs" role="tablist">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`tabpanel-${t.id}`}
            className={tab === t.id ? 'tab active' : 'tab'}
            data-testid={`tab-${t.id}`}
            onClick={() => showBottomTab(t.id)}
          >
            {t.label}
            {t.id === 'problems' && problems > 0 && <span className="badge">{problems}</span>}
          </button>
        ))}
        <span className="spacer" />
        {tab === 'console' && (
          <button
            type="button"
            className="icon-button"
            title="Clear console"
            aria-label="Clear console"
            onClick={() => run.clearConsole()}
          >
            <ClearIcon />
          </button>
        )}
      </div>
      <div
        className="tab-body"
        role="tabpanel"
        id={`tabpanel-${tab}`}
        aria-labelledby={`tab-${tab}`}
      >
        {tab === 'console' && <ConsoleView />}
        {tab === 'plots' && <PlotsPanel />}
        {tab === 'problems' && <ProblemsList />}
      </div>
    </section>
  );
}
