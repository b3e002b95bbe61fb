package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/workspace"
)

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func (c *call) printJSON(v any) int {
	enc := json.NewEncoder(c.env.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // "25 -> 27" reads as written, not "25 -\u003e 27"
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
	return c.ws.Integrations().ByName(ctx, name)
}

func (c *call) table(header string, rows [][]string) {
	tw := tabwriter.NewWriter(c.env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	tw.Flush()
}

// kindInfo returns the kind an integration was added as.
func (c *call) kindInfo(kind string) (workspace.KindInfo, bool) {
	for _, k := range c.ws.Integrations().Kinds() {
		if k.Kind == kind {
			return k, true
		}
	}
	return workspace.KindInfo{}, false
}

// parseSets turns repeated --set key=value flags into settings.
func parseSets(sets multi) (map[string]string, error) {
	settings := map[string]string{}
	for _, s := range sets {
		k, v, ok := strings.Cut(s, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("--set %q: write it as key=value, e.g. --set company=acme", s)
		}
		settings[strings.TrimSpace(k)] = v
	}
	return settings, nil
}

func runIntegrations(ctx context.Context, c *call) int {
	if len(c.args) == 0 {
		return c.fail(fmt.Errorf("say what to do: add, edit, list or remove (see `trueup help integrations`)"))
	}
	sub, args := c.args[0], c.args[1:]
	switch sub {
	case "add":
		return integrationsAdd(ctx, c, args)
	case "edit":
		return integrationsEdit(ctx, c, args)
	case "list":
		return integrationsList(ctx, c, args)
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
		if err := c.ws.Integrations().Delete(ctx, in.ID); err != nil {
			return c.fail(err)
		}
		fmt.Fprintf(c.env.Stdout, "Removed %q with its keychain items, cached data and sync history.\n", in.Name)
		return ExitOK
	}
	return c.fail(fmt.Errorf("unknown subcommand %q: use add, edit, list or remove", sub))
}

func integrationsAdd(ctx context.Context, c *call, args []string) int {
	fs := c.flags("integrations add")
	kind := fs.String("kind", "", "connectwise or pax8 (any case)")
	name := fs.String("name", "", "a name for the integration")
	base := fs.String("base-url", "", "API root (default: the vendor's)")
	conc := fs.Int("concurrency", 0, "requests in flight (0: the kind's default)")
	var sets multi
	fs.Var(&sets, "set", "a setting as key=value (repeatable)")
	if err := fs.Parse(args); err != nil {
		return ExitFailed
	}
	settings, err := parseSets(sets)
	if err != nil {
		return c.fail(err)
	}
	if *kind == "" || *name == "" {
		return c.fail(fmt.Errorf("--kind and --name are required"))
	}
	// Kind names are identifiers, not labels: "Pax8" and "ConnectWise" mean the same kinds.
	in, err := c.ws.Integrations().Add(ctx, workspace.IntegrationInput{Kind: strings.ToLower(strings.TrimSpace(*kind)),
		Name: *name, BaseURL: *base, Settings: settings, Concurrency: *conc})
	if err != nil {
		return c.fail(err)
	}
	if in.Kind == string(connector.KindCSV) {
		fmt.Fprintf(c.env.Stdout, "Added %s integration %q.\nNext: import a file with `trueup import --integration %q --file PATH`.\n", in.KindLabel, in.Name, in.Name)
		return ExitOK
	}
	fmt.Fprintf(c.env.Stdout, "Added %s integration %q (%s).\nNext: store its credentials with `trueup credentials set --integration %q`.\n",
		in.KindLabel, in.Name, in.BaseURL, in.Name)
	return ExitOK
}

// integrationsEdit changes an integration in place through the workspace's
// UpdateIntegration (as the GUI's edit form does): flags not given keep their values, so the
// cache, the sync history and the keychain items stay.
func integrationsEdit(ctx context.Context, c *call, args []string) int {
	fs := c.flags("integrations edit")
	name := fs.String("integration", "", "the integration to change")
	newName := fs.String("name", "", "a new name")
	base := fs.String("base-url", "", "a new API root (a new server asks for the credentials again)")
	conc := fs.Int("concurrency", -1, "requests in flight (0: the kind's default)")
	var sets multi
	fs.Var(&sets, "set", "change a setting as key=value, key= clears an optional one (repeatable)")
	if err := fs.Parse(args); err != nil {
		return ExitFailed
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	changes, err := parseSets(sets)
	if err != nil {
		return c.fail(err)
	}
	in, err := c.integration(ctx, *name)
	if err != nil {
		return c.fail(err)
	}
	if !given["name"] && !given["base-url"] && !given["set"] && !given["concurrency"] {
		return c.fail(fmt.Errorf("nothing to change: give --name, --base-url, --set key=value or --concurrency N"))
	}
	upd := workspace.IntegrationInput{Name: in.Name, BaseURL: in.BaseURL, Settings: maps.Clone(in.Settings), Concurrency: in.Concurrency}
	if given["name"] {
		upd.Name = *newName
	}
	if given["base-url"] {
		if strings.TrimSpace(*base) == "" {
			return c.fail(fmt.Errorf("--base-url needs an address (the current one is %s)", in.BaseURL))
		}
		upd.BaseURL = *base
	}
	maps.Copy(upd.Settings, changes)
	if given["concurrency"] {
		upd.Concurrency = *conc
	}
	out, err := c.ws.Integrations().Update(ctx, in.ID, upd)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.env.Stdout, "Updated %s integration %q (%s); its cached data and sync history are kept.\n", out.KindLabel, out.Name, out.BaseURL)
	if in.SecretsSet && !out.SecretsSet {
		fmt.Fprintf(c.env.Stdout, "Its credentials are needed again for the new address: `trueup credentials set --integration %q`.\n", out.Name)
	}
	return ExitOK
}

func integrationsList(ctx context.Context, c *call, args []string) int {
	fs := c.flags("integrations list")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return ExitFailed
	}
	list, err := c.ws.Integrations().List(ctx)
	if err != nil {
		return c.fail(err)
	}
	// 0 is stored for "the kind's default": show the number that is used.
	for i, in := range list {
		if k, ok := c.kindInfo(in.Kind); ok && in.Concurrency == 0 {
			list[i].Concurrency = k.DefaultConcurrency
		}
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
		switch {
		case in.Kind == string(connector.KindCSV):
			creds = "none needed" // a file import reads a local file
		case !in.SecretsSet:
			creds = "MISSING"
		}
		rows = append(rows, []string{in.Name, in.KindLabel, in.Role, in.BaseURL, strconv.Itoa(in.Concurrency), creds})
	}
	c.table("NAME\tKIND\tROLE\tBASE URL\tCONCURRENCY\tCREDENTIALS", rows)
	return ExitOK
}

func runCredentials(ctx context.Context, c *call) int {
	if len(c.args) == 0 {
		return c.fail(fmt.Errorf("say what to do: set or test (see `trueup help credentials`)"))
	}
	sub, args := c.args[0], c.args[1:]
	if sub != "set" && sub != "test" {
		return c.fail(fmt.Errorf("unknown subcommand %q: use set or test", sub))
	}
	fs := c.flags("credentials " + sub)
	name := fs.String("integration", "", "integration name")
	if err := fs.Parse(args); err != nil {
		return ExitFailed
	}
	in, err := c.integration(ctx, *name)
	if err != nil {
		return c.fail(err)
	}
	if sub == "set" {
		return credentialsSet(ctx, c, in)
	}
	res := c.ws.Integrations().Test(ctx, in.ID)
	if !res.OK {
		fmt.Fprintln(c.env.Stderr, res.Message)
		return ExitFailed
	}
	fmt.Fprintln(c.env.Stdout, res.Message)
	return ExitOK
}

// credentialsSet asks for each secret field on a terminal, or reads one JSON object from
// stdin (scripts), then says which required fields are still missing.
func credentialsSet(ctx context.Context, c *call, in workspace.Integration) int {
	kind, ok := c.kindInfo(in.Kind)
	if !ok {
		return c.fail(fmt.Errorf("%q has the kind %q, which this version of TrueUp does not know", in.Name, in.Kind))
	}
	var values map[string]string
	if c.env.ReadSecret != nil {
		var err error
		if values, err = c.promptSecrets(in, kind); err != nil {
			return c.fail(err)
		}
	} else {
		body, err := io.ReadAll(io.LimitReader(c.env.Stdin, 64<<10))
		if err != nil {
			return c.fail(fmt.Errorf("read stdin: %w", err))
		}
		if err := json.Unmarshal(body, &values); err != nil {
			// Never echo the input: it holds secrets.
			return c.fail(fmt.Errorf("stdin must be one JSON object of strings, e.g. %s", secretsExample(kind)))
		}
	}
	if err := c.ws.Integrations().SetSecrets(ctx, in.ID, values); err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.env.Stdout, "Saved %d secret field(s) of %q in the OS keychain.\n", len(values), in.Name)
	missing, err := c.ws.Integrations().MissingSecrets(ctx, in.ID)
	if err != nil {
		return c.fail(err)
	}
	if len(missing) > 0 {
		keys := make([]string, len(missing))
		for i, f := range missing {
			keys[i] = fmt.Sprintf("%s (%s)", f.Key, f.Label)
		}
		fmt.Fprintf(c.env.Stderr, "Still missing: %s. Syncs of %q fail until you set it with `trueup credentials set --integration %q`.\n",
			strings.Join(keys, ", "), in.Name, in.Name)
	}
	return ExitOK
}

// promptSecrets asks for every secret field of the kind; an empty answer keeps the value
// already in the keychain.
func (c *call) promptSecrets(in workspace.Integration, kind workspace.KindInfo) (map[string]string, error) {
	fmt.Fprintf(c.env.Stderr, "Credentials of %q (%s). Typing is not shown; press Enter alone to keep a stored value.\n", in.Name, kind.Label)
	values := map[string]string{}
	for _, f := range kind.Secrets {
		if f.Help != "" {
			fmt.Fprintf(c.env.Stderr, "  %s\n", f.Help)
		}
		v, err := c.env.ReadSecret(fmt.Sprintf("%s (%s): ", f.Label, f.Key))
		if err != nil {
			return nil, fmt.Errorf("read the %s from the terminal: %w", f.Label, err)
		}
		if v = strings.TrimSpace(v); v != "" {
			values[f.Key] = v
		}
	}
	if len(values) == 0 {
		return nil, fmt.Errorf("nothing entered, so nothing changed")
	}
	return values, nil
}

// secretsExample is the JSON a kind's `credentials set` expects, with its own field names.
func secretsExample(kind workspace.KindInfo) string {
	parts := make([]string, len(kind.Secrets))
	for i, f := range kind.Secrets {
		parts[i] = fmt.Sprintf("%q:\"...\"", f.Key)
	}
	return "{" + strings.Join(parts, ",") + "}"
}
