package main

import (
	"bytes"
	"fmt"
	"image"
	"os"
	"path/filepath"

	"github.com/tc-hib/winres"
	"github.com/tc-hib/winres/version"
)

// icoSizes are the Windows icon's images: Explorer, the taskbar and the Start menu pick
// from these at 100-300 % display scaling.
var icoSizes = []int{16, 20, 24, 32, 40, 48, 64, 256}

// appIconID is the icon group's resource ID. Wails' Windows frontend loads the window and
// taskbar icon as resource 3 (winc.AppIconID), as `wails build` embeds it; Explorer shows
// the first icon group, which is this one.
var appIconID = winres.ID(3)

// exeInfo says what one executable's resources state about it.
type exeInfo struct {
	Path        string // the .exe, rewritten in place
	Description string // FileDescription: what Task Manager and the UAC/SmartScreen prompts show
	Version     string // the release version (VERSION)
	Copyright   string
}

// appManifest is what `wails build` embeds for a WebView2 app: Common Controls 6 (the
// native dialogs), per-monitor-v2 DPI awareness (sharp text on mixed-DPI set-ups) and
// asInvoker, since TrueUp installs and runs per user without admin rights.
func appManifest(nums [4]uint16) winres.AppManifest {
	return winres.AppManifest{
		Identity:            winres.AssemblyIdentity{Name: "app.trueup.TrueUp", Version: nums},
		Description:         "TrueUp",
		Compatibility:       winres.Win10AndAbove,
		ExecutionLevel:      winres.AsInvoker,
		DPIAwareness:        winres.DPIPerMonitorV2,
		UseCommonControlsV6: true,
		LongPathAware:       true,
	}
}

// embedResources writes the icon, version information and manifest into the executable's
// resource section (what `wails build` does from build/windows/, done here without the
// wails CLI). It must run before signing: changing the file afterwards breaks the signature.
func embedResources(e exeInfo, icon image.Image) error {
	_, nums, err := numericVersion(e.Version)
	if err != nil {
		return err
	}
	ico, err := winres.NewIconFromImages(icoImages(icon))
	if err != nil {
		return fmt.Errorf("make the Windows icon from build/appicon.png: %w", err)
	}
	rs := &winres.ResourceSet{}
	if err := rs.SetIcon(appIconID, ico); err != nil {
		return fmt.Errorf("add the icon to %s: %w", e.Path, err)
	}
	rs.SetManifest(appManifest(nums))
	// The numbers directly: SetFileVersion would also overwrite the FileVersion string
	// (the release version, pre-release suffix included) with the x.y.z.0 form, and before
	// any string is set it would add a second, language-neutral table.
	vi := version.Info{FileVersion: nums, ProductVersion: nums}
	name := filepath.Base(e.Path)
	for k, v := range map[string]string{
		version.CompanyName:      "TrueUp",
		version.ProductName:      "TrueUp",
		version.FileDescription:  e.Description,
		version.FileVersion:      e.Version,
		version.ProductVersion:   e.Version,
		version.LegalCopyright:   e.Copyright,
		version.OriginalFilename: name,
		version.InternalName:     name,
	} {
		if err := vi.Set(version.LangDefault, k, v); err != nil {
			return fmt.Errorf("set %s in the version information of %s: %w", k, e.Path, err)
		}
	}
	rs.SetVersionInfo(vi)

	src, err := os.ReadFile(e.Path)
	if err != nil {
		return fmt.Errorf("read %s (run make windows first): %w", e.Path, err)
	}
	var out bytes.Buffer
	if err := rs.WriteToEXE(&out, bytes.NewReader(src), winres.ForceCheckSum()); err != nil {
		return fmt.Errorf("write the resources into %s: %w", e.Path, err)
	}
	tmp := e.Path + ".tmp"
	if err := os.WriteFile(tmp, out.Bytes(), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, e.Path); err != nil {
		return fmt.Errorf("replace %s: %w", e.Path, err)
	}
	return nil
}

func icoImages(icon image.Image) []image.Image {
	imgs := make([]image.Image, 0, len(icoSizes))
	for _, s := range icoSizes {
		imgs = append(imgs, scaled(icon, s))
	}
	return imgs
}

// writeICO saves the same icon as an .ico file: the installer's and uninstaller's icon.
func writeICO(path string, icon image.Image) error {
	ico, err := winres.NewIconFromImages(icoImages(icon))
	if err != nil {
		return fmt.Errorf("make the Windows icon from build/appicon.png: %w", err)
	}
	var buf bytes.Buffer
	if err := ico.SaveICO(&buf); err != nil {
		return fmt.Errorf("encode %s: %w", path, err)
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
