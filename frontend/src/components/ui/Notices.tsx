import { CircleAlert, CircleCheck, X } from 'lucide-react';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { errorMessage } from '@/api/errors';
import './ui.css';

interface Notice {
  id: number;
  tone: 'error' | 'success';
  text: string;
}

interface NoticeApi {
  /** "Could not start the sync: <backend message>"; stays until dismissed. */
  error(context: string, reason: unknown): void;
  success(text: string): void;
}

const NoticeContext = createContext<NoticeApi | null>(null);
const SUCCESS_MS = 5000;

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => {
    setNotices((list) => list.filter((n) => n.id !== id));
  }, []);

  const push = useCallback(
    (tone: Notice['tone'], text: string) => {
      const id = nextId.current++;
      setNotices((list) => [...list.slice(-4), { id, tone, text }]);
      if (tone === 'success') window.setTimeout(() => dismiss(id), SUCCESS_MS);
    },
    [dismiss],
  );

  const api = useMemo<NoticeApi>(
    () => ({
      error: (context, reason) => push('error', `${context}: ${errorMessage(reason)}`),
      success: (text) => push('success', text),
    }),
    [push],
  );

  return (
    <NoticeContext.Provider value={api}>
      {children}
      <div className="notices" aria-live="polite" aria-relevant="additions">
        {notices.map((n) => (
          <div
            key={n.id}
            className={`notice notice--${n.tone}`}
            role={n.tone === 'error' ? 'alert' : 'status'}
          >
            {n.tone === 'error' ? (
              <CircleAlert size={18} aria-hidden="true" className="notice__icon" />
            ) : (
              <CircleCheck size={18} aria-hidden="true" className="notice__icon" />
            )}
            <span className="notice__text">{n.text}</span>
            <button
              type="button"
              className="icon-btn"
              aria-label="Dismiss"
              title="Dismiss"
              onClick={() => dismiss(n.id)}
            >
              <X size={16} aria-hidden="true" />
            </button>
          </div>
        ))}
      </div>
    </NoticeContext.Provider>
  );
}

export function useNotices(): NoticeApi {
  const ctx = useContext(NoticeContext);
  if (!ctx) throw new Error('useNotices must be used inside <NoticeProvider>');
  return ctx;
}
