package store

import "context"

func (st *Staging) flushLockedForTest(context.Context) error { return st.drain() }
