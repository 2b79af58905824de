// pychrono's modules, each marked with whether it imports.
import { moduleRows } from './format';

export function ModuleChips({ modules }: { modules: Record<string, boolean> }) {
  return (
    <ul className="runtime-modules" aria-label="pychrono modules">
      {moduleRows(modules).map(({ name, ok }) => (
        <li
          key={name}
          className={ok ? 'module-ok' : 'module-missing'}
          data-module={name}
          data-ok={ok}
        >
          {ok ? '✓' : '✗'} {name}
        </li>
      ))}
    </ul>
  );
}
