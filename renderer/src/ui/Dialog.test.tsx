import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Dialog } from './Dialog';

afterEach(cleanup);

function renderDialog(onClose = vi.fn()) {
  render(
    <Dialog
      title="Settings"
      testId="d"
      onClose={onClose}
      footer={<button type="button">Save</button>}
    >
      <input aria-label="first field" />
    </Dialog>,
  );
  return onClose;
}

describe('Dialog', () => {
  it('moves focus to its first field and closes on Escape', () => {
    const onClose = renderDialog();
    expect(document.activeElement).toBe(screen.getByLabelText('first field'));
    fireEvent.keyDown(screen.getByLabelText('first field'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('keeps Tab inside the dialog', () => {
    renderDialog();
    const save = screen.getByRole('button', { name: 'Save' });
    save.focus();
    fireEvent.keyDown(save, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
    fireEvent.keyDown(document.activeElement as Element, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(save);
  });
});
