//go:build windows

package store

// restrictFiles does nothing on Windows: POSIX modes do not apply there, and files under
// the user's %AppData% inherit that folder's access list, which only the user, SYSTEM and
// administrators can read.
func restrictFiles(string) (warnings []string, err error) { return nil, nil }
