// Closing or reloading the window with unsaved edits: the renderer's `beforeunload`
// handler objects, and Electron (unlike a browser) shows nothing by itself, so the window
// would silently refuse to close. Main asks the user instead.

export interface UnloadEvent {
  preventDefault(): void;
}

export interface UnloadContents {
  on(event: 'will-prevent-unload', listener: (event: UnloadEvent) => void): unknown;
}

/** Returns the index of the button the user chose. */
export type AskUser = (options: {
  type: 'warning';
  buttons: string[];
  defaultId: number;
  cancelId: number;
  title: string;
  message: string;
  detail: string;
}) => number;

export function confirmUnsavedClose(contents: UnloadContents, ask: AskUser): void {
  contents.on('will-prevent-unload', (event) => {
    const choice = ask({
      type: 'warning',
      buttons: ['Discard Changes', 'Keep Editing'],
      defaultId: 1,
      cancelId: 1,
      title: 'Unsaved changes',
      message: 'The script has unsaved changes.',
      detail: 'Closing now discards them. Save first with File > Save.',
    });
    // preventDefault here overrides the page's objection: the window goes on closing.
    if (choice === 0) event.preventDefault();
  });
}
