package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/trueup/trueup/internal/workspace"
)

// diagnostics: the zip to send with a support request (README "Help when something goes
// wrong"). It reads the data folder only: it works while the app runs.
func runDiagnostics(ctx context.Context, c *call) int {
	fs := c.flags("diagnostics")
	out := fs.String("out", "", "the zip file to write (required), e.g. trueup-diagnostics.zip")
	asJSON := fs.Bool("json", false, "print what was written as JSON")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	if strings.TrimSpace(*out) == "" {
		return c.fail(errors.New("--out FILE is required: where to write the diagnostics zip, e.g. --out trueup-diagnostics.zip"))
	}
	res, err := c.ws.Diagnostics().Export(ctx, *out, workspace.Build{Version: c.env.Version, Commit: c.env.Commit})
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		return c.printJSON(res)
	}
	fmt.Fprintf(c.env.Stdout, "Wrote %s (%s): %s.\n", res.Path, humanSize(res.Size), strings.Join(res.Files, ", "))
	fmt.Fprintln(c.env.Stdout, "It holds no credentials: integration settings without secrets, run logs (redacted) and the application log.")
	return ExitOK
}
