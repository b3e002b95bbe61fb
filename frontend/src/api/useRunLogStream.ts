import { useEffect, useRef, useState } from 'react';
import { api } from './client';
import type { LogLine } from './types';

/** The first page is small so the log window fills at once; the rest follows in pages. */
export const FIRST_LOG_PAGE = 150;
export const LOG_PAGE = 1000;
/** A live log asks for its new lines this often. */
export const LIVE_LOG_POLL_MS = 1_000;

export interface RunLogStream {
  lines: LogLine[];
  /** The first page has arrived (an empty log included). */
  loaded: boolean;
  /** More pages are on their way. */
  streaming: boolean;
  error: unknown;
}

/**
 * Streams a run's log in: the first lines as soon as they are read, the rest in pages,
 * then, while the run is active, only the lines added since (the log only grows, so the
 * number of lines read is the cursor). Replaces re-reading the whole log every 2 s.
 */
export function useRunLogStream(runId: number, active: boolean): RunLogStream {
  const [state, setState] = useState<RunLogStream>({ lines: [], loaded: false, streaming: true, error: null });
  const cursor = useRef({ runId, next: 0 });
  if (cursor.current.runId !== runId) cursor.current = { runId, next: 0 };

  useEffect(() => {
    setState({ lines: [], loaded: false, streaming: true, error: null });
  }, [runId]);

  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    async function pump() {
      try {
        for (;;) {
          const at = cursor.current;
          const page = await api.sync.logPage(runId, at.next, at.next === 0 ? FIRST_LOG_PAGE : LOG_PAGE);
          // A page for an older cursor (run switched, effect restarted) is dropped.
          if (stopped || cursor.current !== at || page.next < at.next) return;
          cursor.current = { runId, next: page.next };
          setState((s) => ({
            lines: page.lines.length > 0 ? [...s.lines, ...page.lines] : s.lines,
            loaded: true,
            streaming: page.more,
            error: null,
          }));
          if (!page.more) break;
        }
      } catch (error) {
        if (!stopped) setState((s) => ({ ...s, loaded: true, streaming: false, error }));
      }
      if (!stopped && active) timer = window.setTimeout(() => void pump(), LIVE_LOG_POLL_MS);
    }
    // Also runs once when the run stops being active, for its last lines.
    void pump();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [runId, active]);

  return state;
}
