import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { ErrorBoundary } from './ErrorBoundary';

afterEach(cleanup);

let broken = true;
function Fragile() {
  if (broken) throw new Error('a scene that throws on mount');
  return <p>the view is back</p>;
}

describe('ErrorBoundary', () => {
  it('shows what broke in one panel, keeps the others, and mounts the panel again', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(
      <>
        <ErrorBoundary name="3D view">
          <Fragile />
        </ErrorBoundary>
        <ErrorBoundary name="Chat">
          <p>the chat goes on</p>
        </ErrorBoundary>
      </>,
    );
    expect(screen.getByTestId('panel-error').textContent).toContain(
      'The 3D view stopped working: a scene that throws on mount',
    );
    expect(screen.getByText('the chat goes on')).toBeTruthy();
    broken = false;
    fireEvent.click(screen.getByRole('button', { name: 'Show the 3D view again' }));
    expect(screen.getByText('the view is back')).toBeTruthy();
    quiet.mockRestore();
  });
});
