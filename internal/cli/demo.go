package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/trueup/trueup/internal/demo"
)

// DefaultDemoPortBase is where `trueup demo` listens unless told otherwise: fixed ports, so
// integrations a script added against the demo keep working after a restart.
const DefaultDemoPortBase = demo.DefaultPortBase

// DemoOptions are the flags of `trueup demo`.
type DemoOptions struct {
	Latency  time.Duration // added to every simulated request
	PortBase int           // ConnectWise listens on PortBase, Pax8 on PortBase+1
}

func runDemo(ctx context.Context, c *call) int {
	fs := c.flags("demo")
	latency := fs.Duration("latency", 0, "added to every simulated request, e.g. 200ms")
	portBase := fs.Int("port-base", DefaultDemoPortBase, "ConnectWise listens on this port of 127.0.0.1, Pax8 on the next one")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	if *portBase < 1024 || *portBase > 65534 {
		return c.fail(fmt.Errorf("--port-base %d: choose a port from 1024 to 65534 (Pax8 uses the next one)", *portBase))
	}
	if err := c.env.RunDemo(ctx, c.env.Stdout, DemoOptions{Latency: *latency, PortBase: *portBase}); err != nil && !errors.Is(err, context.Canceled) {
		return c.fail(err)
	}
	return ExitOK
}

// RunDemo starts the demo simulators, prints how to connect to them and serves until ctx
// ends (Ctrl-C). Scripts can point `integrations add` at the printed base URLs.
func RunDemo(ctx context.Context, out io.Writer, opts DemoOptions) error {
	sims, err := demo.StartAt(time.Now(), opts.Latency, opts.PortBase)
	if err != nil {
		return err
	}
	defer sims.Close()
	fmt.Fprintf(out, "TrueUp demo simulators are running on 127.0.0.1 ports %d and %d (--port-base changes them; Ctrl-C stops them):\n",
		opts.PortBase, opts.PortBase+1)
	for _, in := range sims.Integrations() {
		secrets, _ := json.Marshal(in.Secrets)
		fmt.Fprintf(out, "  %-19s --kind %s --base-url %s\n", in.Name, in.Kind, in.BaseURL)
		for _, k := range slices.Sorted(maps.Keys(in.Settings)) {
			fmt.Fprintf(out, "  %-19s --set %s=%s\n", "", k, in.Settings[k])
		}
		fmt.Fprintf(out, "  %-19s demo credentials (stdin of `credentials set`): %s\n", "", secrets)
	}
	<-ctx.Done()
	return nil
}
