// Command packager makes what TrueUp's release packages need and plain `go build` does
// not: the Windows executables' icon, version information and manifest; the icon set of
// every platform from build/appicon.png; macOS's Info.plist; and the Linux .deb (with nfpm).
// The Makefile's release targets drive it (make windows, make deb, make macos, make release);
// it lives in its own module so the packaging libraries stay out of the app's go.mod.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

const usage = `usage: packager COMMAND [flags]

  icons   --src PNG --out DIR              hicolor PNGs (DIR/hicolor/NxN/apps/trueup.png),
                                           DIR/TrueUp.ico and DIR/TrueUp.icns
  winres  --icon PNG --version V EXE=DESCRIPTION...
                                           embed icon, version information and manifest
  plist   --template T --version V --out F Info.plist from its template
  deb     --config YAML --version V --out DIR
                                           the .deb (prints its path)
  numeric-version --version V             V as the x.y.z.0 Windows resources need
  check-exe  --version V EXE...            the executable carries icon, version V and manifest
  check-icns FILE                          the file is a well-formed ICNS with every icon size
`

// copyright is the notice every package states (wails.json's info.copyright).
const copyright = "Copyright © 2026 TrueUp"

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "packager:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	cmd, args := args[0], args[1:]
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	src := fs.String("src", "build/appicon.png", "")
	iconPath := fs.String("icon", "build/appicon.png", "")
	out := fs.String("out", "", "")
	ver := fs.String("version", "", "")
	tmpl := fs.String("template", "build/darwin/Info.plist.tmpl", "")
	config := fs.String("config", "build/linux/nfpm.yaml", "")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%s: %w\n%s", cmd, err, usage)
	}
	needs := func(names ...string) error {
		for _, n := range names {
			if fs.Lookup(n).Value.String() == "" {
				return fmt.Errorf("%s needs --%s\n%s", cmd, n, usage)
			}
		}
		return nil
	}
	switch cmd {
	case "icons":
		if err := needs("out"); err != nil {
			return err
		}
		return writeIcons(*src, *out)
	case "winres":
		if err := needs("version"); err != nil {
			return err
		}
		img, err := loadPNG(*iconPath)
		if err != nil {
			return err
		}
		if fs.NArg() == 0 {
			return fmt.Errorf("winres needs at least one EXE=DESCRIPTION\n%s", usage)
		}
		for _, a := range fs.Args() {
			path, desc, ok := strings.Cut(a, "=")
			if !ok || desc == "" {
				return fmt.Errorf("winres: %q is not EXE=DESCRIPTION", a)
			}
			if err := embedResources(exeInfo{Path: path, Description: desc, Version: *ver, Copyright: copyright}, img); err != nil {
				return err
			}
		}
		return nil
	case "plist":
		if err := needs("version", "out"); err != nil {
			return err
		}
		b, err := renderPlist(*tmpl, *ver, copyright)
		if err != nil {
			return err
		}
		return os.WriteFile(*out, b, 0o644)
	case "deb":
		if err := needs("version", "out"); err != nil {
			return err
		}
		path, err := buildDeb(*config, *ver, *out)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, path)
		return nil
	case "numeric-version":
		if err := needs("version"); err != nil {
			return err
		}
		v4, _, err := numericVersion(*ver)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, v4)
		return nil
	case "check-exe":
		if err := needs("version"); err != nil {
			return err
		}
		for _, exe := range fs.Args() {
			if err := checkResources(exe, *ver); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s: icon, version %s and manifest present\n", exe, *ver)
		}
		return nil
	case "check-icns":
		for _, f := range fs.Args() {
			if err := checkICNSFile(f); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s: a valid ICNS with %d icons\n", f, len(icnsTypes))
		}
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}
