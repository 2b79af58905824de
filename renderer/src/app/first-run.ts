// What the first-run panel says: for the Python runtime and the model server, whether each
// is ready and, when not, the steps that make it so.
import type { RuntimeProbe } from '../../../electron/common/contract';
import type { LlmStatus } from './llm-status';

export interface SetupCheck {
  id: 'python' | 'pychrono' | 'ollama' | 'model';
  title: string;
  state: 'ok' | 'missing' | 'unknown';
  detail: string;
  /** What to do, in order; commands are shown as copyable code. */
  steps: Array<{ text: string; command?: string }>;
}

export const DEFAULT_MODEL_HINT = 'qwen2.5-coder:14b';

/** "pychrono 9.0.1", or for a build from source (no package metadata) where it is. */
function pychronoLabel(probe: RuntimeProbe): string {
  if (probe.pychrono) return `pychrono ${probe.pychrono}`;
  const where = probe.pychronoPath ? ` in ${probe.pychronoPath}` : '';
  return `pychrono of unknown version${where} (a build from source records none)`;
}

export function setupChecks(
  probe: RuntimeProbe | null,
  probeError: string | null,
  llm: LlmStatus | null,
  llmUnknown: string | null,
): SetupCheck[] {
  const condaSteps = [
    {
      text: 'Install a PyChrono runtime with the Simulation runtime card below: download it from your lab’s mirror, or install a pack copied to this machine.',
    },
    {
      text: 'Install Miniforge (conda), mamba or micromamba, then create the runtime from python-runtime/environment.yml:',
      command: 'npm run setup:runtime',
    },
    {
      text: 'Or point TwinForge at a Python that already has pychrono 9.0.1, in Settings or with:',
      command: 'export TWINFORGE_PYTHON=/path/to/python',
    },
  ];

  const python: SetupCheck = probe?.python
    ? {
        id: 'python',
        title: 'Python',
        state: 'ok',
        detail: `${probe.python} (Python ${probe.pythonVersion ?? '?'}, from ${probe.source ?? 'unknown'})`,
        steps: [],
      }
    : {
        id: 'python',
        title: 'Python',
        state: probe ? 'missing' : 'unknown',
        detail: probe
          ? (probe.problem ?? 'No Python interpreter was found.')
          : `The runtime could not be checked${probeError ? `: ${probeError}` : ''}.`,
        steps: condaSteps,
      };

  const pychrono: SetupCheck = probe?.pychronoFound
    ? {
        id: 'pychrono',
        title: 'PyChrono',
        state: 'ok',
        detail: `${pychronoLabel(probe)}; modules: ${Object.entries(probe.modules)
          .filter(([, ok]) => ok)
          .map(([name]) => name)
          .join(', ')}`,
        steps: [],
      }
    : {
        id: 'pychrono',
        title: 'PyChrono',
        state: probe ? 'missing' : 'unknown',
        detail: probe?.python
          ? `${probe.python} cannot import pychrono${probe.problem ? `: ${probe.problem}` : '.'}`
          : 'PyChrono needs a Python first.',
        steps: condaSteps,
      };

  const ollamaSteps = [
    {
      text: 'Install Ollama (https://ollama.com/download); on Linux:',
      command: 'curl -fsSL https://ollama.com/install.sh | sh',
    },
    { text: 'Start the server:', command: 'ollama serve' },
    { text: 'Or set its address in Settings (Model server URL) if it runs elsewhere.' },
  ];

  let ollama: SetupCheck;
  let model: SetupCheck;
  if (!llm) {
    ollama = {
      id: 'ollama',
      title: 'Model server (Ollama)',
      state: 'unknown',
      detail: `The model server could not be checked${llmUnknown ? `: ${llmUnknown}` : ''}.`,
      steps: ollamaSteps,
    };
    model = {
      id: 'model',
      title: 'Model',
      state: 'unknown',
      detail: 'Known once the model server answers.',
      steps: [{ text: 'Pull a coding model:', command: `ollama pull ${DEFAULT_MODEL_HINT}` }],
    };
  } else {
    ollama = llm.reachable
      ? {
          id: 'ollama',
          title: 'Model server (Ollama)',
          state: 'ok',
          detail: `${llm.provider} at ${llm.url}${llm.version ? `, version ${llm.version}` : ''}`,
          steps: [],
        }
      : {
          id: 'ollama',
          title: 'Model server (Ollama)',
          state: 'missing',
          detail: `No answer from ${llm.url || 'the model server'}${llm.error ? `: ${llm.error}` : ''}.`,
          steps: ollamaSteps,
        };
    model = llm.model
      ? { id: 'model', title: 'Model', state: 'ok', detail: llm.model, steps: [] }
      : {
          id: 'model',
          title: 'Model',
          state: llm.reachable ? 'missing' : 'unknown',
          detail: 'No model is chosen or installed.',
          steps: [
            { text: 'Pull a coding model:', command: `ollama pull ${DEFAULT_MODEL_HINT}` },
            { text: 'Then choose it in Settings (Model).' },
          ],
        };
  }
  return [python, pychrono, ollama, model];
}
