// Toasts for short messages; errors stay until dismissed, others fade after a while.
import { useEffect } from 'react';
import { useNotifications, type Notice } from './notifications';
import { CloseIcon } from './icons';
import './notifications.css';

function Toast({ notice }: { notice: Notice }) {
  const dismiss = useNotifications((s) => s.dismiss);
  useEffect(() => {
    if (notice.level === 'error') return;
    const timer = setTimeout(() => dismiss(notice.id), 6000);
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  return (
    <div
      className={`toast toast-${notice.level}`}
      role={notice.level === 'error' ? 'alert' : 'status'}
    >
      <span>{notice.message}</span>
      <button
        type="button"
        className="icon-button"
        aria-label="Dismiss"
        onClick={() => dismiss(notice.id)}
      >
        <CloseIcon />
      </button>
    </div>
  );
}

export function Notifications() {
  const notices = useNotifications((s) => s.notices);
  return (
    <div className="toasts" data-testid="notifications">
      {notices.map((n) => (
        <Toast key={n.id} notice={n} />
      ))}
    </div>
  );
}
