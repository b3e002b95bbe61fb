package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/demo"
)

// DefaultDemoPortBase is where `trueup demo` listens unless told otherwise: fixed ports, so
// integrations a script added against the demo keep working after a restart.
const DefaultDemoPortBase = demo.DefaultPortBase

// DemoOptions are the flags of `trueup demo`.
type DemoOptions struct {
	PSA      connector.Kind // the demo's PSA (a kind demo.Lookup knows)
	Latency  time.Duration  // added to every simulated request
	PortBase int            // the PSA listens on PortBase, Pax8 on PortBase+1, Microsoft on PortBase+2
}

// demoKinds are the PSA kinds this build's demo offers, for the help text: "connectwise|autotask".
func demoKinds() string {
	var kinds []string
	for _, p := range demo.PSAs() {
		kinds = append(kinds, string(p.Kind()))
	}
	return strings.Join(kinds, "|")
}

func runDemo(ctx context.Context, c *call) int {
	fs := c.flags("demo")
	psa := fs.String("psa", string(demo.DefaultPSA().Kind()), "the simulated PSA: "+demoKinds())
	latency := fs.Duration("latency", 0, "added to every simulated request, e.g. 200ms")
	portBase := fs.Int("port-base", DefaultDemoPortBase, "the PSA listens on this port of 127.0.0.1, Pax8 on the next one, Microsoft on the one after")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	chosen, err := demo.Lookup(connector.Kind(*psa))
	if err != nil {
		return c.fail(fmt.Errorf("--psa %s: %w", *psa, err))
	}
	if *portBase < 1024 || *portBase > 65533 {
		return c.fail(fmt.Errorf("--port-base %d: choose a port from 1024 to 65533 (Pax8 and Microsoft use the next two)", *portBase))
	}
	opts := DemoOptions{PSA: chosen.Kind(), Latency: *latency, PortBase: *portBase}
	if err := c.env.RunDemo(ctx, c.env.Stdout, opts); err != nil && !errors.Is(err, context.Canceled) {
		return c.fail(err)
	}
	return ExitOK
}

// RunDemo starts the demo simulators, prints how to connect to them and serves until ctx
// ends (Ctrl-C). Scripts can point `integrations add` at the printed base URLs.
func RunDemo(ctx context.Context, out io.Writer, opts DemoOptions) error {
	sims, err := demo.StartAt(opts.PSA, time.Now(), opts.Latency, opts.PortBase)
	if err != nil {
		return err
	}
	defer sims.Close()
	fmt.Fprintf(out, "TrueUp demo simulators (%s, %s and %s) are running on 127.0.0.1 ports %d, %d and %d (--psa and --port-base change them; Ctrl-C stops them).\n",
		sims.PSA.Name(), demo.Pax8Name, demo.MicrosoftName, opts.PortBase, opts.PortBase+1, opts.PortBase+2)
	fmt.Fprintf(out, "Add each with `trueup integrations add --name NAME` and its flags, then pipe its JSON into `trueup credentials set --integration NAME`:\n")
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
