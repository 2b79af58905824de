// Short messages for the user (a failed save, a file that could not be read), shown as
// toasts in the workspace. Kept small: the newest few, each dismissible.
import { create } from 'zustand';

export type NoticeLevel = 'info' | 'warning' | 'error';

export interface Notice {
  id: number;
  level: NoticeLevel;
  message: string;
}

interface NotificationState {
  notices: Notice[];
  notify(level: NoticeLevel, message: string): void;
  dismiss(id: number): void;
}

const MAX_NOTICES = 4;
let nextId = 1;

export const useNotifications = create<NotificationState>((set) => ({
  notices: [],
  notify(level, message) {
    const notice = { id: nextId++, level, message };
    set((s) => ({ notices: [...s.notices, notice].slice(-MAX_NOTICES) }));
  },
  dismiss(id) {
    set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  },
}));
