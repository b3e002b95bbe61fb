package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/trueup/trueup/internal/workspace"
)

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func (c *call) printJSON(v any) int {
	enc := json.NewEncoder(c.env.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return c.fail(err)
	}
	return ExitOK
}

// integration resolves the --integration NAME flag.
func (c *call) integration(ctx context.Context, name string) (workspace.Integration, error) {
	if strings.TrimSpace(name) == "" {
		return workspace.Integration{}, fmt.Errorf("--integration NAME is required (`trueup integrations list` shows the names)")
	}
	return c.ws.IntegrationByName(ctx, name)
}

func (c *call) table(header string, rows [][]string) {
	tw := tabwriter.NewWriter(c.env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	tw.Flush()
}

func runIntegrations(ctx context.Context, c *call) int {
	if len(c.args) == 0 {
		return c.fail(fmt.Errorf("say what to do: add, list or remove"))
	}
	sub, args := c.args[0], c.args[1:]
	switch sub {
	case "add":
		fs := c.flags("integrations add")
		kind := fs.String("kind", "", "connectwise or pax8")
		name := fs.String("name", "", "a name for the integration")
		base := fs.String("base-url", "", "API root (default: the vendor's)")
		conc := fs.Int("concurrency", 0, "requests in flight (0: the kind's default)")
		var sets multi
		fs.Var(&sets, "set", "a setting as key=value (repeatable)")
		if err := fs.Parse(args); err != nil {
			return ExitFailed
		}
		settings := map[string]string{}
		for _, s := range sets {
			k, v, ok := strings.Cut(s, "=")
			if !ok || strings.TrimSpace(k) == "" {
				return c.fail(fmt.Errorf("--set %q: write it as key=value, e.g. --set company=acme", s))
			}
			settings[strings.TrimSpace(k)] = v
		}
		if *kind == "" || *name == "" {
			return c.fail(fmt.Errorf("--kind and --name are required"))
		}
		in, err := c.ws.AddIntegration(ctx, workspace.IntegrationInput{Kind: *kind, Name: *name, BaseURL: *base, Settings: settings, Concurrency: *conc})
		if err != nil {
			return c.fail(err)
		}
		fmt.Fprintf(c.env.Stdout, "Added %s integration %q (%s).\nNext: store its credentials with `trueup credentials set --integration %q` (JSON on stdin).\n",
			in.KindLabel, in.Name, in.BaseURL, in.Name)
		return ExitOK
	case "list":
		fs := c.flags("integrations list")
		asJSON := fs.Bool("json", false, "print JSON")
		if err := fs.Parse(args); err != nil {
			return ExitFailed
		}
		list, err := c.ws.Integrations(ctx)
		if err != nil {
			return c.fail(err)
		}
		if *asJSON {
			if list == nil {
				list = []workspace.Integration{}
			}
			return c.printJSON(list)
		}
		if len(list) == 0 {
			fmt.Fprintln(c.env.Stdout, "No integrations yet. Add one with `trueup integrations add --kind connectwise --name NAME ...`.")
			return ExitOK
		}
		var rows [][]string
		for _, in := range list {
			creds := "stored in keychain"
			if !in.SecretsSet {
				creds = "MISSING"
			}
			rows = append(rows, []string{in.Name, in.KindLabel, in.Role, in.BaseURL, creds})
		}
		c.table("NAME\tKIND\tROLE\tBASE URL\tCREDENTIALS", rows)
		return ExitOK
	case "remove":
		fs := c.flags("integrations remove")
		name := fs.String("integration", "", "integration name")
		if err := fs.Parse(args); err != nil {
			return ExitFailed
		}
		in, err := c.integration(ctx, *name)
		if err != nil {
			return c.fail(err)
		}
		if err := c.ws.DeleteIntegration(ctx, in.ID); err != nil {
			return c.fail(err)
		}
		fmt.Fprintf(c.env.Stdout, "Removed %q with its keychain items, cached data and sync history.\n", in.Name)
		return ExitOK
	}
	return c.fail(fmt.Errorf("unknown subcommand %q: use add, list or remove", sub))
}

func runCredentials(ctx context.Context, c *call) int {
	if len(c.args) == 0 {
		return c.fail(fmt.Errorf("say what to do: set or test"))
	}
	sub, args := c.args[0], c.args[1:]
	fs := c.flags("credentials " + sub)
	name := fs.String("integration", "", "integration name")
	if err := fs.Parse(args); err != nil {
		return ExitFailed
	}
	in, err := c.integration(ctx, *name)
	if err != nil {
		return c.fail(err)
	}
	switch sub {
	case "set":
		body, err := io.ReadAll(io.LimitReader(c.env.Stdin, 64<<10))
		if err != nil {
			return c.fail(fmt.Errorf("read stdin: %w", err))
		}
		var values map[string]string
		if err := json.Unmarshal(body, &values); err != nil {
			// Never echo the input: it holds secrets.
			return c.fail(fmt.Errorf("stdin must be one JSON object of strings, e.g. {\"public_key\":\"...\",\"private_key\":\"...\"}"))
		}
		if err := c.ws.SetSecrets(ctx, in.ID, values); err != nil {
			return c.fail(err)
		}
		fmt.Fprintf(c.env.Stdout, "Saved %d secret field(s) of %q in the OS keychain.\n", len(values), in.Name)
		return ExitOK
	case "test":
		res := c.ws.TestConnection(ctx, in.ID)
		if !res.OK {
			fmt.Fprintln(c.env.Stderr, res.Message)
			return ExitFailed
		}
		fmt.Fprintln(c.env.Stdout, res.Message)
		return ExitOK
	}
	return c.fail(fmt.Errorf("unknown subcommand %q: use set or test", sub))
}
