package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"os"

	"github.com/tc-hib/winres"
	"github.com/tc-hib/winres/version"
)

// checkResources proves an executable carries what embedResources writes: the icon, a
// manifest that asks for no elevation, and version information stating want (the strings)
// and its x.y.z.0 form (the numbers Explorer's Details tab shows). make test-release runs
// it on the built TrueUp.exe and trueup-cli.exe.
func checkResources(exe, want string) error {
	v4, _, err := numericVersion(want)
	if err != nil {
		return err
	}
	f, err := os.Open(exe)
	if err != nil {
		return fmt.Errorf("open %s: %w", exe, err)
	}
	defer f.Close()
	rs, err := winres.LoadFromEXE(f)
	if err != nil {
		return fmt.Errorf("%s has no resources (run packager winres on it): %w", exe, err)
	}
	if _, err := rs.GetIcon(appIconID); err != nil {
		return fmt.Errorf("%s has no icon with resource ID 3 (the one Wails shows on the window): %w", exe, err)
	}
	var manifest, vinfo []byte
	rs.Walk(func(typeID, _ winres.Identifier, _ uint16, data []byte) bool {
		switch typeID {
		case winres.RT_MANIFEST:
			manifest = data
		case winres.RT_VERSION:
			vinfo = data
		}
		return true
	})
	if !bytes.Contains(manifest, []byte(`level="asInvoker"`)) || !bytes.Contains(bytes.ToLower(manifest), []byte("permonitorv2")) {
		return fmt.Errorf("%s has no asInvoker, per-monitor-DPI manifest", exe)
	}
	vi, err := version.FromBytes(vinfo)
	if err != nil {
		return fmt.Errorf("%s has no readable version information: %w", exe, err)
	}
	raw, err := json.Marshal(vi)
	if err != nil {
		return err
	}
	var got struct {
		Fixed struct {
			FileVersion    string `json:"file_version"`
			ProductVersion string `json:"product_version"`
		} `json:"fixed"`
		Info map[string]map[string]string `json:"info"`
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		return err
	}
	strs := got.Info[fmt.Sprintf("%04X", version.LangDefault)]
	if got.Fixed.FileVersion != v4 || got.Fixed.ProductVersion != v4 || strs[version.ProductVersion] != want || strs[version.ProductName] != "TrueUp" {
		return fmt.Errorf("%s states version %s/%s, product %q %q; want %s, TrueUp %s",
			exe, got.Fixed.FileVersion, got.Fixed.ProductVersion, strs[version.ProductName], strs[version.ProductVersion], v4, want)
	}
	return nil
}

// checkICNSFile proves an .icns file is well formed and holds every size as a decodable
// PNG of the size its type stands for.
func checkICNSFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	entries, err := readICNS(b)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(entries) != len(icnsTypes) {
		return fmt.Errorf("%s holds %d icons, want %d", path, len(entries), len(icnsTypes))
	}
	for i, e := range entries {
		t := icnsTypes[i]
		if e.OSType != t.OSType {
			return fmt.Errorf("%s: entry %d is %q, want %q", path, i, e.OSType, t.OSType)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(e.Data))
		if err != nil {
			return fmt.Errorf("%s: the %s icon is not a PNG: %w", path, e.OSType, err)
		}
		if cfg.Width != t.Size || cfg.Height != t.Size {
			return fmt.Errorf("%s: the %s icon is %dx%d, want %dx%d", path, e.OSType, cfg.Width, cfg.Height, t.Size, t.Size)
		}
	}
	return nil
}
