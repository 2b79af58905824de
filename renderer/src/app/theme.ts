// Light and dark themes: the setting (system, light, dark) resolved against the OS
// preference, applied as a data attribute the CSS variables key on, with Monaco in step.
import { create } from 'zustand';
import { monaco, MONACO_THEMES } from '../features/editor/monaco';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type ResolvedTheme = 'light' | 'dark';

interface ThemeState {
  choice: ThemeChoice;
  resolved: ResolvedTheme;
  setChoice(choice: ThemeChoice): void;
}

const darkQuery = (): MediaQueryList | null =>
  typeof window !== 'undefined' && window.matchMedia
    ? window.matchMedia('(prefers-color-scheme: dark)')
    : null;

export function resolveTheme(choice: ThemeChoice, osPrefersDark: boolean): ResolvedTheme {
  if (choice === 'system') return osPrefersDark ? 'dark' : 'light';
  return choice;
}

function apply(resolved: ResolvedTheme): void {
  document.documentElement.dataset.theme = resolved;
  document.documentElement.style.colorScheme = resolved;
  monaco.editor.setTheme(MONACO_THEMES[resolved]);
}

export const useTheme = create<ThemeState>((set) => ({
  choice: 'system',
  resolved: resolveTheme('system', darkQuery()?.matches ?? false),
  setChoice(choice) {
    const resolved = resolveTheme(choice, darkQuery()?.matches ?? false);
    apply(resolved);
    set({ choice, resolved });
  },
}));

/** Applies the current theme and follows OS changes while the choice is "system". */
export function startTheme(): () => void {
  apply(useTheme.getState().resolved);
  const query = darkQuery();
  if (!query) return () => undefined;
  const onChange = () => {
    const { choice } = useTheme.getState();
    if (choice === 'system') useTheme.getState().setChoice('system');
  };
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}
