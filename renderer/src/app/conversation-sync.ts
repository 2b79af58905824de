// Keeps the conversation and the twin's versions with the script they belong to (its path,
// or 'untitled'): loaded when another script opens, saved shortly after each change.
import type { Conversation } from '../../../electron/common/contract/llm';
import type { PlatformHost } from '../platform/types';
import { useChatStore } from '../features/chat/chat-store';
import { useEditorStore } from '../features/editor/editor-store';
import { useVersionsStore } from '../features/project/versions-store';

const SAVE_DELAY_MS = 400;

export function connectConversation(host: PlatformHost): () => void {
  let projectKey = useEditorStore.getState().filePath ?? 'untitled';
  let timer: ReturnType<typeof setTimeout> | null = null;

  const snapshot = (): Conversation => ({
    format: 1,
    projectKey,
    messages: useChatStore.getState().messages,
    versions: useVersionsStore.getState().versions,
    currentVersionId: useVersionsStore.getState().currentVersionId,
  });
  const saveNow = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    try {
      await host.invoke('llm.conversationSave', { projectKey, conversation: snapshot() });
    } catch (err) {
      console.warn('the conversation could not be saved:', err);
    }
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void saveNow(), SAVE_DELAY_MS);
  };
  const load = async (key: string) => {
    try {
      const { conversation, problem } = await host.invoke('llm.conversationLoad', {
        projectKey: key,
      });
      if (key !== projectKey) return;
      useChatStore.setState({ messages: conversation?.messages ?? [], loadProblem: problem });
      useVersionsStore.setState({
        versions: conversation?.versions ?? [],
        currentVersionId: conversation?.currentVersionId ?? null,
      });
    } catch (err) {
      useChatStore.setState({
        loadProblem: `The saved conversation could not be loaded: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  };

  const offs = [
    useChatStore.subscribe((s, prev) => {
      if (s.messages !== prev.messages) schedule();
    }),
    useVersionsStore.subscribe((s, prev) => {
      if (s.versions !== prev.versions || s.currentVersionId !== prev.currentVersionId) schedule();
    }),
    useEditorStore.subscribe((s, prev) => {
      if (s.filePath === prev.filePath) return;
      const next = s.filePath ?? 'untitled';
      if (next === projectKey) return;
      if (timer) void saveNow();
      projectKey = next;
      useChatStore.getState().stop();
      useChatStore.setState({ messages: [], proposal: null, loadProblem: null });
      useVersionsStore.setState({ versions: [], currentVersionId: null });
      void load(next);
    }),
  ];
  void load(projectKey);
  return () => {
    offs.forEach((off) => off());
    if (timer) void saveNow();
  };
}
