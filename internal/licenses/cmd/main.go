// Command licenses writes the licence list of the build (package licenses) as JSON:
// `go run ./internal/licenses/cmd -tags TAGS -frontend frontend -o FILE` (make licenses).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/trueup/trueup/internal/licenses"
)

func main() {
	tags := flag.String("tags", "desktop,production", "the build tags of the shipped binary")
	frontend := flag.String("frontend", "frontend", "the frontend folder (with node_modules)")
	out := flag.String("o", "", "the JSON file to write")
	flag.Parse()
	if err := run(context.Background(), *tags, *frontend, *out); err != nil {
		fmt.Fprintln(os.Stderr, "licenses:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, tags, frontend, out string) error {
	if out == "" {
		return fmt.Errorf("-o FILE is required")
	}
	goPkgs, err := licenses.Go(ctx, ".", tags)
	if err != nil {
		return err
	}
	npm, err := licenses.NPM(frontend)
	if err != nil {
		return err
	}
	b, err := json.Marshal(licenses.List{Go: goPkgs, NPM: npm})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}
