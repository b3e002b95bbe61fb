package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/goreleaser/nfpm/v2"
	_ "github.com/goreleaser/nfpm/v2/deb" // registers the "deb" packager
)

// buildDeb packages the Linux desktop app as a .deb with nfpm from config (nfpm's YAML;
// ${VERSION} in it is the release version) into outDir, and returns the package's path. The
// config's file sources are relative to the working directory: run it from the repository.
func buildDeb(config, version, outDir string) (string, error) {
	cfg, err := nfpm.ParseFileWithEnvMapping(config, func(name string) string {
		if name == "VERSION" {
			return version
		}
		return os.Getenv(name)
	})
	if err != nil {
		return "", fmt.Errorf("read the package description %s: %w", config, err)
	}
	info, err := cfg.Get("deb")
	if err != nil {
		return "", fmt.Errorf("the package description %s has no valid deb section: %w", config, err)
	}
	info = nfpm.WithDefaults(info)
	if err := nfpm.Validate(info); err != nil {
		return "", fmt.Errorf("check the package description %s and that the files it lists exist (make deb builds the binary and icons first): %w", config, err)
	}
	packager, err := nfpm.Get("deb")
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return "", fmt.Errorf("create the release folder %s: %w", outDir, err)
	}
	target := filepath.Join(outDir, packager.ConventionalFileName(info))
	tmp := target + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return "", fmt.Errorf("create %s: %w", tmp, err)
	}
	if err := packager.Package(info, f); err != nil {
		f.Close()
		os.Remove(tmp)
		return "", fmt.Errorf("build the .deb from %s: %w", config, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("write %s: %w", tmp, err)
	}
	// Renamed only when complete, so a failed run never leaves a truncated package that
	// make would take as up to date.
	if err := os.Rename(tmp, target); err != nil {
		return "", fmt.Errorf("move the package into place: %w", err)
	}
	return target, nil
}
