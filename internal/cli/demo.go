package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/trueup/trueup/internal/demo"
)

// RunDemo starts the demo simulators, prints how to connect to them and serves until ctx
// ends (Ctrl-C). Scripts can point `integrations add` at the printed base URLs.
func RunDemo(ctx context.Context, out io.Writer, latency time.Duration) error {
	sims, err := demo.Start(time.Now(), latency)
	if err != nil {
		return err
	}
	defer sims.Close()
	fmt.Fprintln(out, "TrueUp demo simulators are running (Ctrl-C stops them):")
	for _, in := range sims.Integrations() {
		secrets, _ := json.Marshal(in.Secrets)
		fmt.Fprintf(out, "  %-19s base URL %s\n", in.Name, in.BaseURL)
		for k, v := range in.Settings {
			fmt.Fprintf(out, "  %-19s --set %s=%s\n", "", k, v)
		}
		fmt.Fprintf(out, "  %-19s demo credentials (stdin of `credentials set`): %s\n", "", secrets)
	}
	<-ctx.Done()
	return nil
}
