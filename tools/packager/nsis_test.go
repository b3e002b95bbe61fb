package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The installer script promises what the README says: per user without admin rights, the
// uninstaller in Apps & features, the WebView2 check Microsoft documents, and a data folder
// that is only deleted when ticked. makensis itself runs in make test-release; this pins the
// promises so an edit cannot drop one silently.
func TestInstallerScriptPromises(t *testing.T) {
	raw, err := os.ReadFile(repoFile("build", "windows", "installer.nsi"))
	require.NoError(t, err)
	// Comments (lines starting with ;) do not count.
	var lines []string
	for _, l := range strings.Split(string(raw), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, ";") {
			lines = append(lines, l)
		}
	}
	script := strings.Join(lines, "\n")

	for name, pattern := range map[string]string{
		"no admin rights":             `(?m)^RequestExecutionLevel user$`,
		"per-user folder":             `(?m)^InstallDir "\$LOCALAPPDATA\\Programs\\\$\{APP\}"$`,
		"uninstaller written":         `WriteUninstaller "\$INSTDIR\\uninstall.exe"`,
		"Apps & features entry":       `WriteRegStr HKCU "\$\{UNINSTKEY\}" "UninstallString"`,
		"uninstall key under HKCU":    `!define UNINSTKEY\s+"Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\TrueUp"`,
		"entry removed on uninstall":  `DeleteRegKey HKCU "\$\{UNINSTKEY\}"`,
		"Start-menu shortcut":         `CreateShortcut "\$SMPROGRAMS\\\$\{APP\}.lnk"`,
		"optional desktop shortcut":   `Section "Desktop shortcut"[^\n]*\nCreateShortcut "\$DESKTOP\\`,
		"components page":             `MUI_PAGE_COMPONENTS`,
		"WebView2 machine-wide check": `ReadRegStr \$0 HKLM "SOFTWARE\\Microsoft\\EdgeUpdate\\Clients\\\$\{WEBVIEW2_GUID\}" "pv"`,
		"WebView2 per-user check":     `ReadRegStr \$0 HKCU "Software\\Microsoft\\EdgeUpdate\\Clients\\\$\{WEBVIEW2_GUID\}" "pv"`,
		"WebView2 client id":          `\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5\}`,
		"bootstrapper run":            `ExecWait '"\$PLUGINSDIR\\MicrosoftEdgeWebview2Setup.exe" /silent /install'`,
		// Unticked (/o) by default; the app's data folder is os.UserConfigDir()/TrueUp,
		// which on Windows is %APPDATA%\TrueUp ($APPDATA for the current user in NSIS).
		"data deleted only if ticked": `Section /o "un\.Also delete my data[^"]*"[^\n]*\nRMDir /r "\$APPDATA\\\$\{APP\}"`,
		"uninstaller signed too":      `!uninstfinalize '\$\{SIGN\} "%1"'`,
	} {
		assert.Regexp(t, regexp.MustCompile(pattern), script, name)
	}
	assert.NotRegexp(t, `(?m)^RMDir /r "\$APPDATA`, strings.Split(script, "Section /o \"un.Also delete my data")[0],
		"nothing before the unticked section deletes the data folder")
}
