import '../../testing/jsdom-shims';
import { describe, expect, it } from 'vitest';
import { BUNDLED_INDEX, testParser } from '../../../../electron/common/lint/testing';
import { useEditorStore } from './editor-store';
import { analysisOf, startLint, whenLintReady } from './lint-store';

describe('a completion asked while the lint still loads', () => {
  it('gives up waiting after its time when the index never comes', async () => {
    await whenLintReady(10);
    expect(analysisOf(useEditorStore.getState().model)).toBeNull();
  });

  it('waits for the index and the parser, then has the script analysed', async () => {
    let waited = false;
    const waiting = whenLintReady(30_000).then(() => (waited = true));
    await new Promise((done) => setTimeout(done, 20));
    expect(waited).toBe(false);
    startLint(BUNDLED_INDEX, await testParser());
    await waiting;
    expect(analysisOf(useEditorStore.getState().model)).not.toBeNull();
  });
});
