import { describe, expect, it } from 'vitest';
import type { RuntimeProbe } from '../../../electron/common/contract';
import { setupChecks } from './first-run';
import type { LlmStatus } from './llm-status';

const modules = {
  core: true,
  fea: true,
  vehicle: true,
  robot: false,
  sensor: false,
  irrlicht: false,
  pardisomkl: false,
  ros: false,
};
const ready: RuntimeProbe = {
  python: '/opt/conda/envs/twinforge/bin/python',
  pythonVersion: '3.11.9',
  source: 'conda',
  pychrono: '9.0.1',
  pychronoFound: true,
  pychronoPath: '/opt/conda/envs/twinforge/lib/python3.11/site-packages/pychrono',
  modules,
  dataPath: '/opt/conda/envs/twinforge/share/chrono/data/',
  problem: null,
  confinement: {
    active: true,
    method: 'bubblewrap',
    memory: 'cgroup',
    processes: 'cgroup',
    note: 'Runs are confined with bubblewrap.',
  },
};
const llmReady: LlmStatus = {
  provider: 'ollama',
  url: 'http://127.0.0.1:11434',
  reachable: true,
  version: '0.5.7',
  error: null,
  model: 'qwen2.5-coder:14b',
};

const byId = (checks: ReturnType<typeof setupChecks>) =>
  Object.fromEntries(checks.map((c) => [c.id, c]));

describe('first-run checks', () => {
  it('has nothing to do when Python, PyChrono, Ollama and a model are there', () => {
    const checks = setupChecks(ready, null, llmReady, null);
    expect(checks.map((c) => c.state)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(checks.every((c) => c.steps.length === 0)).toBe(true);
    expect(byId(checks).pychrono.detail).toContain('core, fea, vehicle');
  });

  it('counts a pychrono built from source, whose version is unknown, as ready', () => {
    const built = {
      ...ready,
      pychrono: null,
      pychronoPath: '/home/dev/chrono/build/bin/pychrono',
    };
    const check = byId(setupChecks(built, null, llmReady, null)).pychrono;
    expect(check.state).toBe('ok');
    expect(check.steps).toEqual([]);
    expect(check.detail).toContain('unknown version in /home/dev/chrono/build/bin/pychrono');
    expect(check.detail).not.toMatch(/not found|cannot import/);
  });

  it('explains how to get PyChrono when the Python lacks it', () => {
    const checks = byId(
      setupChecks(
        {
          ...ready,
          pychrono: null,
          pychronoFound: false,
          pychronoPath: null,
          problem: 'No module named pychrono',
        },
        null,
        llmReady,
        null,
      ),
    );
    expect(checks.python.state).toBe('ok');
    expect(checks.pychrono.state).toBe('missing');
    expect(checks.pychrono.detail).toContain('No module named pychrono');
    const commands = checks.pychrono.steps.map((s) => s.command);
    expect(commands).toContain('npm run setup:runtime');
    expect(commands.some((c) => c?.includes('TWINFORGE_PYTHON'))).toBe(true);
  });

  it('tells how to install, start and fill Ollama when the server does not answer', () => {
    const checks = byId(
      setupChecks(
        ready,
        null,
        { ...llmReady, reachable: false, model: null, error: 'connect ECONNREFUSED' },
        null,
      ),
    );
    expect(checks.ollama.state).toBe('missing');
    expect(checks.ollama.detail).toContain('ECONNREFUSED');
    expect(checks.ollama.steps.map((s) => s.command)).toContain('ollama serve');
    expect(checks.model.steps[0].command).toMatch(/^ollama pull /);
  });

  it('says what could not be checked instead of guessing', () => {
    const checks = byId(
      setupChecks(null, 'host unreachable', null, 'Method llm.status is not available'),
    );
    expect(checks.python.state).toBe('unknown');
    expect(checks.python.detail).toContain('host unreachable');
    expect(checks.ollama.state).toBe('unknown');
    expect(checks.ollama.detail).toContain('llm.status is not available');
  });
});
