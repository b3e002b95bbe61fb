// Package licenses collects the licences of the third-party code a TrueUp build ships, at
// build time: the Go modules linked into the desktop binary (`go list -deps` of the
// build's tags: test-only modules are not shipped, so they are not listed) with the Go
// standard library, and the npm packages of the frontend bundle (the hidden lockfile's
// non-dev packages). The About screen shows the list (`make licenses` writes it next to
// the frontend's sources, where the build picks it up); nothing here is kept by hand.
package licenses

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Package is one shipped package and its licence.
type Package struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// License is an SPDX id: npm's own field, or what the text says for Go modules
	// ("" when the text matches none of the common licences).
	License string `json:"license"`
	File    string `json:"file"` // the licence file's name in the package
	Text    string `json:"text"`
}

// List is what the About screen shows.
type List struct {
	Go  []Package `json:"go"`
	NPM []Package `json:"npm"`
}

// licenseFile matches the usual names of licence files, best first.
var licenseFile = regexp.MustCompile(`(?i)^(licen[cs]e|copying|notice)([.-].*)?$`)

// Platforms are the systems TrueUp ships for: each links some modules of its own (the
// WebView2 bindings on Windows, WebKitGTK's on Linux), and one frontend bundle serves all.
var Platforms = []string{"linux", "windows", "darwin"}

// Go lists the modules linked into the main package of the module at dir when built with
// tags for any of Platforms, plus the Go standard library, from `go list` (which resolves
// files without compiling, so no C toolchain of the other systems is needed).
func Go(ctx context.Context, dir, tags string) ([]Package, error) {
	var out []byte
	for _, goos := range Platforms {
		// -e: a package with an error (the main package before the frontend is built: its
		// embed pattern has no files yet) is still listed with its imports.
		cmd := exec.CommandContext(ctx, "go", "list", "-e", "-deps", "-tags", tags, "-f",
			`{{with .Module}}{{if not .Main}}{{.Path}}{{"\t"}}{{.Version}}{{"\t"}}{{if .Replace}}{{.Replace.Dir}}{{else}}{{.Dir}}{{end}}{{end}}{{end}}`, ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOOS="+goos, "CGO_ENABLED=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		b, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("go list the modules of the %s build: %w: %s", goos, err, strings.TrimSpace(stderr.String()))
		}
		out = append(out, b...)
	}
	seen := map[string]bool{}
	var pkgs []Package
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "\t")
		if len(parts) != 3 || seen[parts[0]] {
			continue
		}
		seen[parts[0]] = true
		p := Package{Name: parts[0], Version: parts[1]}
		if err := readLicense(&p, parts[2]); err != nil {
			return nil, err
		}
		p.License = identify(p.Text)
		pkgs = append(pkgs, p)
	}
	root, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		return nil, fmt.Errorf("find the Go standard library: %w", err)
	}
	version, _ := exec.CommandContext(ctx, "go", "env", "GOVERSION").Output()
	std := Package{Name: "Go standard library", Version: strings.TrimSpace(string(version))}
	if err := readLicense(&std, strings.TrimSpace(string(root))); err != nil {
		return nil, err
	}
	std.License = identify(std.Text)
	pkgs = append(pkgs, std)
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].Name < pkgs[j].Name })
	return pkgs, nil
}

// NPM lists the packages of the frontend at dir that the bundle ships: every package of
// node_modules/.package-lock.json that is not marked dev (npm marks the packages only
// devDependencies need).
func NPM(dir string) ([]Package, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "node_modules", ".package-lock.json"))
	if err != nil {
		return nil, fmt.Errorf("read the installed npm packages (run npm install in %s): %w", dir, err)
	}
	var lock struct {
		Packages map[string]struct {
			Version     string          `json:"version"`
			License     json.RawMessage `json:"license"`
			Dev         bool            `json:"dev"`
			DevOptional bool            `json:"devOptional"`
		} `json:"packages"`
	}
	if err := json.Unmarshal(raw, &lock); err != nil {
		return nil, fmt.Errorf("read %s: %w", filepath.Join(dir, "node_modules", ".package-lock.json"), err)
	}
	var pkgs []Package
	for path, p := range lock.Packages {
		if path == "" || p.Dev || p.DevOptional || !strings.HasPrefix(path, "node_modules/") {
			continue
		}
		name := path[strings.LastIndex(path, "node_modules/")+len("node_modules/"):]
		pkg := Package{Name: name, Version: p.Version, License: npmLicense(p.License)}
		if err := readLicense(&pkg, filepath.Join(dir, filepath.FromSlash(path))); err != nil {
			return nil, err
		}
		if pkg.License == "" {
			pkg.License = identify(pkg.Text)
		}
		pkgs = append(pkgs, pkg)
	}
	sort.Slice(pkgs, func(i, j int) bool {
		if pkgs[i].Name != pkgs[j].Name {
			return pkgs[i].Name < pkgs[j].Name
		}
		return pkgs[i].Version < pkgs[j].Version
	})
	return pkgs, nil
}

// npmLicense reads package.json's license: a string, or the old {"type": ...} object.
func npmLicense(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var o struct {
		Type string `json:"type"`
	}
	if json.Unmarshal(raw, &o) == nil {
		return o.Type
	}
	return ""
}

// readLicense fills p's File and Text from the best licence file in dir; a package
// without one keeps an empty text (the About screen says so).
func readLicense(p *Package, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("read %s %s at %s: %w", p.Name, p.Version, dir, err)
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && licenseFile.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Slice(names, func(i, j int) bool {
		return rank(names[i]) < rank(names[j]) || rank(names[i]) == rank(names[j]) && names[i] < names[j]
	})
	text, err := os.ReadFile(filepath.Join(dir, names[0]))
	if err != nil {
		return fmt.Errorf("read the licence of %s: %w", p.Name, err)
	}
	p.File, p.Text = names[0], strings.TrimSpace(string(text))
	return nil
}

func rank(name string) int {
	switch l := strings.ToLower(name); {
	case strings.HasPrefix(l, "licen"):
		return 0
	case strings.HasPrefix(l, "copying"):
		return 1
	}
	return 2
}

// identify names the common licences by phrases of their texts.
func identify(text string) string {
	t := strings.Join(strings.Fields(strings.ToLower(text)), " ")
	switch {
	case t == "":
		return ""
	case strings.Contains(t, "apache license") && strings.Contains(t, "version 2.0"):
		return "Apache-2.0"
	case strings.Contains(t, "mozilla public license") && strings.Contains(t, "2.0"):
		return "MPL-2.0"
	case strings.Contains(t, "permission is hereby granted, free of charge"):
		return "MIT"
	case strings.Contains(t, "permission to use, copy, modify, and/or distribute this software for any purpose"):
		return "ISC"
	case strings.Contains(t, "redistribution and use in source and binary forms"):
		if strings.Contains(t, "neither the name") || strings.Contains(t, "names of its contributors") {
			return "BSD-3-Clause"
		}
		return "BSD-2-Clause"
	case strings.Contains(t, "this is free and unencumbered software released into the public domain"):
		return "Unlicense"
	}
	return ""
}
