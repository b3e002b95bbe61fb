package store

import "context"

func (st *Staging) flushLockedForTest(ctx context.Context) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.flushLocked(ctx)
}
