package workspace

import (
	"fmt"

	"github.com/gofrs/flock"
)

// LockFile is the file in a data folder that the folder's sync owner holds locked.
const LockFile = "trueup.lock"

// folderLock is a data folder's sync-owner lock: an OS file lock (flock on Unix, LockFileEx
// on Windows, through github.com/gofrs/flock). The OS drops it when its process ends, even
// by kill -9 or a crash, so a dead owner never keeps the folder, and holding it proves that
// no other live process runs syncs there.
type folderLock struct {
	fl *flock.Flock
}

func newFolderLock(path string) *folderLock { return &folderLock{fl: flock.New(path)} }

// tryLock takes the lock if no other process holds it; it never waits.
func (l *folderLock) tryLock() (bool, error) {
	ok, err := l.fl.TryLock()
	if err != nil {
		return false, fmt.Errorf("lock the data folder (%s): check that you can write to it: %w", l.fl.Path(), err)
	}
	return ok, nil
}

// unlock releases the lock (if held) and closes the file. The file stays: removing it
// would let two processes lock two different files of the same name.
func (l *folderLock) unlock() error { return l.fl.Close() }
