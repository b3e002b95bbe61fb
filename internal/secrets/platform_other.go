//go:build !(linux || freebsd || openbsd || netbsd || dragonfly)

package secrets

// platformBackend is go-keyring (macOS Keychain, Windows Credential Manager), whose calls
// take no context: they run bounded by the Keyring's timeout. Their prompts (macOS asks
// whether TrueUp may use an item) are shown by the OS inside the call and not tracked.
func platformBackend(k *Keyring) backend { return newDetached(goKeyring{}, k.timeout) }
