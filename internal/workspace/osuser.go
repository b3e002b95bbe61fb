package workspace

import (
	"os"
	"os/user"
)

// osUser is who the ledger and the mappings say made a change: the OS account running
// TrueUp (TrueUp has no logins of its own), or $USER where the OS cannot say.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return os.Getenv("USER")
}
