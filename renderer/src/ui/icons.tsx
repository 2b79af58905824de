// Small line icons drawn as SVG (no icon font to load, crisp at any zoom).
import type { ReactNode } from 'react';

function Icon({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <svg
      className="icon"
      width="14"
      height="14"
      viewBox="0 0 16 16"
      fill="currentColor"
      aria-hidden={label ? undefined : true}
      role={label ? 'img' : undefined}
      aria-label={label}
    >
      {children}
    </svg>
  );
}

export const PlayIcon = () => (
  <Icon>
    <path d="M4 2.5v11l9-5.5z" />
  </Icon>
);
export const PauseIcon = () => (
  <Icon>
    <rect x="3.5" y="2.5" width="3" height="11" rx="0.5" />
    <rect x="9.5" y="2.5" width="3" height="11" rx="0.5" />
  </Icon>
);
export const StepIcon = () => (
  <Icon>
    <path d="M3 2.5v11l7.5-5.5z" />
    <rect x="11.5" y="2.5" width="2" height="11" rx="0.5" />
  </Icon>
);
export const StopIcon = () => (
  <Icon>
    <rect x="3" y="3" width="10" height="10" rx="1" />
  </Icon>
);
export const ClearIcon = () => (
  <Icon>
    <path d="M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zm0 1.5a5 5 0 0 1 3.9 8.1L4.9 4.1A5 5 0 0 1 8 3zM3 8a5 5 0 0 1 .8-2.8l7 7A5 5 0 0 1 3 8z" />
  </Icon>
);
export const CloseIcon = () => (
  <Icon>
    <path d="M4.2 3.1 8 6.9l3.8-3.8 1.1 1.1L9.1 8l3.8 3.8-1.1 1.1L8 9.1l-3.8 3.8-1.1-1.1L6.9 8 3.1 4.2z" />
  </Icon>
);
