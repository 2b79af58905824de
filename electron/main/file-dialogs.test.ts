import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileDialogs, type DialogApi } from './file-dialogs';

let dir: string;
let dialogs: { showOpen: ReturnType<typeof vi.fn>; showSave: ReturnType<typeof vi.fn> };
let files: FileDialogs;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tf-dialogs-'));
  dialogs = { showOpen: vi.fn(), showSave: vi.fn() };
  files = new FileDialogs(dialogs as unknown as DialogApi);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('native open and save', () => {
  it('opens the file the user picks, offering Python scripts first', async () => {
    const path = join(dir, 'pendulum.py');
    writeFileSync(path, 'import pychrono\n');
    dialogs.showOpen.mockResolvedValue(path);
    expect(await files.open({})).toEqual({
      name: 'pendulum.py',
      path,
      text: 'import pychrono\n',
      ref: path,
    });
    expect(dialogs.showOpen.mock.calls[0][0].filters[0]).toEqual({
      name: 'Python scripts',
      extensions: ['py'],
    });
  });

  it('returns null when the user cancels', async () => {
    dialogs.showOpen.mockResolvedValue(null);
    dialogs.showSave.mockResolvedValue(null);
    expect(await files.open({})).toBeNull();
    expect(await files.save({ text: 'x', suggestedName: 'a.py' })).toBeNull();
  });

  it('refuses to open a file too large to be a script, with the reason', async () => {
    const path = join(dir, 'huge.py');
    writeFileSync(path, Buffer.alloc(5_000_001, 0x61));
    dialogs.showOpen.mockResolvedValue(path);
    await expect(files.open({})).rejects.toThrow(
      'huge.py is 5.0 MB; scripts over 5 MB are not opened',
    );
  });

  it('saves over a file the user opened without asking again', async () => {
    const path = join(dir, 'twin.py');
    writeFileSync(path, 'old\n');
    dialogs.showOpen.mockResolvedValue(path);
    const opened = await files.open({});
    expect(await files.save({ text: 'new\n', suggestedName: 'twin.py', ref: opened?.ref })).toEqual(
      {
        name: 'twin.py',
        path,
        ref: path,
      },
    );
    expect(readFileSync(path, 'utf8')).toBe('new\n');
    expect(dialogs.showSave).not.toHaveBeenCalled();
    expect(readdirSync(dir)).toEqual(['twin.py']);
  });

  it('asks before writing a path the user never chose (the renderer cannot pick one)', async () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const chosen = join(dir, 'chosen.py');
    dialogs.showSave.mockResolvedValue(chosen);
    const saved = await files.save({ text: 'print(1)\n', suggestedName: 'x.py', ref: victim });
    expect(dialogs.showSave).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: victim }));
    expect(saved?.path).toBe(chosen);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readFileSync(chosen, 'utf8')).toBe('print(1)\n');
  });

  it('Save As proposes a plain file name, never a path from the renderer', async () => {
    dialogs.showSave.mockResolvedValue(null);
    await files.save({ text: 'x', suggestedName: '../../etc/cron.d/job' });
    expect(dialogs.showSave.mock.calls[0][0].defaultPath).toBe('job');
    await files.save({ text: 'x', suggestedName: '.bashrc' });
    expect(dialogs.showSave.mock.calls[1][0].defaultPath).toBe('script.py');
  });
});
