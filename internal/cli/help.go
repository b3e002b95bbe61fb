package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/trueup/trueup/internal/demo"
)

// command is one top-level command word.
type command struct {
	run       func(context.Context, *call) int
	workspace bool // needs the data folder's workspace open
	active    bool // opens it non-passively: the command runs syncs or pushes
	// folder: the command works on the data folder itself and opens the workspace only
	// where it needs one (backup list and restore work while the database is damaged).
	folder bool
	// activeSubs are the subcommands that open it non-passively (the others read).
	activeSubs []string
	subs       []string // subcommand words in help order; nil when it has none
}

var commands = map[string]command{
	"integrations": {run: runIntegrations, workspace: true, subs: []string{"add", "edit", "list", "remove"}},
	"credentials":  {run: runCredentials, workspace: true, subs: []string{"set", "test"}},
	"sync":         {run: runSync, workspace: true, active: true},
	"import":       {run: runImport, workspace: true, active: true},
	"status":       {run: runStatus, workspace: true},
	"logs":         {run: runLogs, workspace: true},
	"lines":        {run: runLines, workspace: true},
	"demo":         {run: runDemo},
	"mappings":     {run: runMappings, workspace: true},
	"map":          {run: runMap, workspace: true},
	"note":         {run: runNote, workspace: true},
	"push":         {run: runPush, workspace: true, active: true},
	"ledger":       {run: runLedger, workspace: true},
	"revert":       {run: runRevert, workspace: true, active: true},
	"costs":        {run: runCosts, workspace: true, activeSubs: []string{"push"}, subs: []string{"push"}},
	"cards":        {run: runCards, workspace: true},
	"approve":      {run: runApprove, workspace: true, active: true},
	"dismiss":      {run: runDismiss, workspace: true},
	"acknowledge":  {run: runAcknowledge, workspace: true},
	"settings":     {run: runSettings, workspace: true},
	"auto-trueup":  {run: runAutoTrueUp, workspace: true, active: true},
	"backup":       {run: runBackup, folder: true, subs: []string{"list", "now", "restore"}},
	"explain":      {run: runExplain, workspace: true},
	"diagnostics":  {run: runDiagnostics, workspace: true},
	"schedule":     {run: runSchedule, workspace: true, subs: []string{"set", "show", "task"}},
	"inbox":        {run: runInbox, workspace: true, subs: []string{"read"}},
}

// helpText is the synopsis and one-line description of a command (or command and
// subcommand); the flag lists under `trueup help COMMAND` come from the commands' own
// flag sets, so they cannot drift from what is parsed.
type helpText struct {
	key, synopsis, about string
}

var helpTexts = []helpText{
	{"integrations add", "integrations add --kind KIND --name NAME [--base-url URL] [--set key=value]... [--concurrency N]",
		"add an integration. KIND (any case): connectwise (base URL ends in /apis/3.0), halopsa (the instance root, e.g. https://yourcompany.halopsa.com; --set tenant=NAME on hosted instances), pax8 (ends in /v1; the default is Pax8's), csv (file imports: no base URL or credentials; --set profile=generic|dicker|SAVED, a profile saved with trueup import --save-profile), autotask (the zone-lookup root ending in /atservicesrest, the default; --set username=API_USER), microsoft (the default is Partner Center's; --set tenant_id=PARTNER_TENANT; --set token_url=URL only for a simulator)"},
	{"integrations edit", "integrations edit --integration NAME [--name NEW] [--base-url URL] [--set key=value]... [--concurrency N]",
		"change an integration in place (its cache and history stay); --set key= clears an optional setting, --concurrency 0 restores the kind's default"},
	{"integrations list", "integrations list [--json]", "the integrations with their effective concurrency (never secrets)"},
	{"integrations remove", "integrations remove --integration NAME", "delete it with its keychain items, cached data and sync history"},
	{"credentials set", "credentials set --integration NAME",
		"store secret fields in the OS keychain: on a terminal it asks for each one without echo, otherwise it reads one JSON object from stdin"},
	{"credentials test", "credentials test --integration NAME", "test the connection: exit 0 when it works"},
	{"sync", "sync (--integration NAME... | --all | --psa | --vendors) [--mode quick|full|since] [--since YYYY-MM-DD] [--json] | sync --scheduled [--json]",
		"run syncs and wait: exit 0 succeeded, 2 partial, 1 failed, cancelled (Ctrl-C) or bad usage; --scheduled runs every schedule that is due or was missed (each missed one once, noted as such), exit 0 also when nothing was due"},
	{"import", "import (--integration NAME --file PATH [--profile generic|dicker|SAVED] [--map FIELD=COLUMN]... [--decimal ,|.] [--dates day-first|month-first] [--sheet NAME] [--save-profile NAME] [--preview] | --list-profiles) [--json]",
		"import a CSV or XLSX export into a csv integration as a Full Sync of it (offline; a preview of how the file was read goes to stderr); FIELD: account, product, sku, quantity, cost, price, term, start, end, subscription_id; --save-profile keeps the columns, number style, date order and sheet as a named profile and imports with it; --list-profiles lists the ready (generic, dicker) and saved profiles; --preview shows the profile, the column mapping, the number style, the date order, the first 10 lines and the bad rows and imports nothing (exit 1 when required columns are missing); exit 0 imported (or nothing changed), 2 some rows were bad (their file lines are in the log; the good ones imported), 1 unreadable file or no matching columns (the cached lines are unchanged)"},
	{"status", "status [--json]", "the Sync Status overview and recent runs"},
	{"logs", "logs --run ID [--json]", "a run's timestamped log (`trueup status` lists run IDs)"},
	{"lines", "lines --integration NAME [--json] [--hidden]", "cached lines reconciliation sees (--hidden: also the hidden ones, with the reason)"},
	{"mappings", "mappings [--integration VENDOR] [--unmapped] [--json]",
		"vendor accounts and products with where they map (unmapped, mapped, excluded) and suggestions; the footer counts what waits behind unmapped ones"},
	{"map", "map --integration VENDOR (--account ID | --product ID) (--to PSA_ID [--psa NAME] | --exclude | --clear) | map --integration VENDOR --accept-exact",
		"map one vendor account or product to a PSA one, exclude it or clear it; --accept-exact maps every item with exactly one exact suggestion"},
	{"note", "note --account PSA_ID [--integration PSA] [--text TEXT] [--tag T]...",
		"set the note and tags of a PSA account, shown on its cards and mappings (--text \"\" without --tag removes them)"},
	{"demo", "demo [--psa " + demoKinds() + "] [--port-base PORT] [--latency DURATION]",
		fmt.Sprintf("run the demo simulators in the foreground on 127.0.0.1: the PSA (default %s) on port PORT, Pax8 on PORT+1, Microsoft on PORT+2 (default %d, %d and %d)", demo.DefaultPSA().Kind(), DefaultDemoPortBase, DefaultDemoPortBase+1, DefaultDemoPortBase+2)},
	{"push", "push [--json]",
		"send the queued pushes now (ignoring the retry backoff) and settle, by reading the PSA, any a crash left sending: exit 0 all pushed, 3 some wait because the PSA cannot be reached, 1 failed, conflict or refused credentials"},
	{"ledger", "ledger [--since YYYY-MM-DD] [--cycle YYYY-MM] [--account NAME] [--vendor NAME] [--state STATE] [--json|--csv]",
		"the activity log, newest first: one entry per decision (kind decision) and one per push (kind push); --csv for a spreadsheet"},
	{"revert", "revert --push ID [--yes] [--json]",
		"undo a push (ID: a kind push entry of `trueup ledger`) after showing the exact write; asks unless --yes, and a PSA value changed since the push needs --yes too (an Autotask push is undone by a counter-adjustment on the earliest day Autotask takes; the preview says for which days the pushed count bills) (the warning says what it holds); exit codes as push"},
	{"costs", "costs [--json]", "Cost Reconciliation: per mapped PSA product the catalog cost and price against the vendor cost, margin, and this cycle's cost push"},
	{"costs push", "costs push --product PSA_PRODUCT_ID [--integration NAME] [--dry-run] [--json]",
		"push the vendor cost to the PSA's catalog item (ConnectWise catalog, Autotask Services unitCost, read back: a cost Autotask ignores fails) through the outbox and ledger; --dry-run prints the exact write; exit codes as push"},
	{"cards", "cards [--state STATE] [--account NAME] [--vendor NAME] [--all] [--json]",
		"this cycle's service cards: by default the undecided ones of every state (reconcile, new_revenue, no_change, no_vendor_data), --all adds the decided ones; the table ends with the totals, and stale data is warned about on stderr"},
	{"approve", "approve --card ID... [--quantity N] [--effective YYYY-MM-DD] [--agreement ID] [--line ID] [--note TEXT] [--confirm-large] [--dry-run] [--json]",
		"push the vendor quantity (or --quantity) to the PSA through the outbox (Autotask: a units adjustment effective the 1st of next month unless --effective): exit 0 all pushed, 3 some wait because the PSA cannot be reached, 1 refused or failed (the reason on stderr); New Revenue needs --agreement, a large change --confirm-large, a No Change card is acknowledged; --dry-run prints the exact writes and changes nothing"},
	{"dismiss", "dismiss --card ID... [--note TEXT]", "leave the cards as they are: hidden until the next billing cycle, or until either quantity changes"},
	{"acknowledge", "acknowledge --card ID...", "mark No Change and No vendor data cards as seen (nothing is pushed); a card comes back if a quantity changes this cycle"},
	{"settings", "settings [--large-units N] [--large-percent P] [--large-new-revenue N] [--billing VENDOR=next_period|detected]... [--invoice-template TEXT [--psa NAME]] [--json]",
		"the true-up's large-change thresholds, each vendor's billing setting (when approved changes take effect) and the invoice description template of the lines pushes create or change ({product} {quantity} {period_start} {period_end} {subscription_id} {account} {vendor}; {{ and }} for braces; --psa: that PSA's own; \"\" removes it: without one TrueUp leaves the PSA's descriptions alone); flags change only what they name"},
	{"settings preview-invoice", "settings preview-invoice [--template TEXT] [--psa NAME] [--json]",
		"render the invoice description template (the saved one unless --template) for up to 5 of the next pushes, from the cached cards: exit 1 when the template cannot be saved, saying why"},
	{"auto-trueup", "auto-trueup --integration VENDOR [--enable [--billing-style advance|arrears] [--prorate] | --disable | --dry-run [--account NAME] | --approve | --run-now [--account NAME] | --account NAME --agreement ID] [--json]",
		"the opt-in automatic true-up of a vendor integration: after each scheduled sync that succeeded, mapped cards are pushed by the billing style (in advance: from the next period, or prorated from the sync day; in arrears: from the period's 1st; arrears with proration is refused), through the outbox and ledger marked automatic; large changes wait as cards. The first run is a dry run: --approve pushes exactly its plan and enables automatic runs. A missing product is created dated the sync day on the customer's only agreement, or the one --account --agreement chose. Without an action it shows the settings; exit codes as approve"},
	{"backup list", "backup list [--json]",
		"the database's backups in the data folder's backups/, newest first: date, kind (daily, weekly, pre-migration, manual, before-restore), size, schema version and whether it passes SQLite's integrity check"},
	{"backup now", "backup now [--json]", "back the database up now (kind manual: the rotation of the 7 daily and 4 weekly copies never deletes it)"},
	{"backup restore", "backup restore (FILE | --latest) [--yes] [--json]",
		"replace the database with a backup (a name from `trueup backup list` or a path) after verifying it; the current database is kept as a before-restore backup first, so a restore can be undone; refused while TrueUp runs on the folder; asks unless --yes"},
	{"explain", "explain --account NAME [--product NAME] [--json] | explain --product NAME [--json]",
		"why isn't it showing? For the account's cached PSA and vendor records (or, with --product alone, those of the accounts that have it): the card each makes, or the rule that hides it (prospect, future agreement, zero quantity, unmapped, excluded, inactive subscription, stale sync...) with the fix; exit 1 when no account (or several) match, naming the closest"},
	{"diagnostics", "diagnostics --out FILE [--json]",
		"write a zip for a support request: version, OS, schema version, integrations with their settings but no secrets, the latest runs with their (redacted) logs, push counts, backups and the application log; works while the app runs"},
	{"schedule set", "schedule set (--integration NAME | --psa | --vendors) (--weekly DAY | --monthly N | --nightly | --off) [--mode quick|full] [--full-first-of-month]",
		"when syncs run on their own, always at 07:00 UTC: an integration's schedule overrides its stream's (psa, vendors); without one an integration syncs weekly on the weekday it was added; a day a month lacks runs on its last day; for arrears vendors (Pax8) the 5th or 6th is recommended"},
	{"schedule show", "schedule show [--next N] [--json]",
		"each stream's schedule and the one each integration runs on: cadence, mode, the next N due times (RFC 3339 UTC in JSON, your local time in the table), the last scheduled run and the due times missed"},
	{"inbox", "inbox [--unread] [--limit N] [--json]",
		"the inbox, unread first, newest first: notices about scheduled syncs that changed records, failed or ended partial, automatic pushes, stuck syncs and the weekly summary, each with the command that opens what it is about"},
	{"inbox read", "inbox read (--all | ID)", "mark one notice (its number in `trueup inbox`) or every notice read"},
	{"schedule task", "schedule task (install|remove|status) [--json]",
		"the OS task (a systemd user timer, a launchd agent, a Windows Task Scheduler task; per user, no administrator) that runs `trueup sync --scheduled` at the schedules' times while no TrueUp window is open: install registers or updates it, remove deletes it, status says registered, not_registered or stale (its times or program differ from the schedules: install again)"},
	{"version", "version", "print the version (also --version or -v)"},
	{"help", "help [COMMAND [SUBCOMMAND]]", "this overview, or a command's flags (also COMMAND --help)"},
}

func findHelp(key string) (helpText, bool) {
	i := slices.IndexFunc(helpTexts, func(h helpText) bool { return h.key == key })
	if i < 0 {
		return helpText{}, false
	}
	return helpTexts[i], true
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `TrueUp: true up MSP billing between your PSA and your vendors.

Usage: trueup [--data-dir DIR] COMMAND [flags]
Without a command the desktop app starts. The data folder defaults to the OS user
config folder (TrueUp); TRUEUP_DATA_DIR overrides it.

Commands:
`)
	for _, h := range helpTexts {
		fmt.Fprintf(w, "  %s\n      %s\n", h.synopsis, h.about)
	}
	fmt.Fprint(w, "\n`trueup help COMMAND` lists a command's flags.\n")
}

// printHelp prints the help of words (COMMAND [SUBCOMMAND], maybe followed by flags).
func printHelp(env Env, words []string) int {
	name := words[0]
	if name == "help" || name == "version" {
		h, _ := findHelp(name)
		fmt.Fprintf(env.Stdout, "Usage: trueup %s\n  %s\n", h.synopsis, h.about)
		return ExitOK
	}
	cmd, ok := commands[name]
	if !ok {
		return usageErr(env, fmt.Sprintf("unknown command %q", name))
	}
	if cmd.subs == nil {
		helpOf(env, cmd, name, nil)
		return ExitOK
	}
	if len(words) > 1 && !strings.HasPrefix(words[1], "-") {
		if !slices.Contains(cmd.subs, words[1]) {
			return usageErr(env, fmt.Sprintf("%s has no subcommand %q: use %s", name, words[1], strings.Join(cmd.subs, ", ")))
		}
		helpOf(env, cmd, name, []string{words[1]})
		return ExitOK
	}
	for i, sub := range cmd.subs {
		if i > 0 {
			fmt.Fprintln(env.Stdout)
		}
		helpOf(env, cmd, name, []string{sub})
	}
	return ExitOK
}

// helpOf runs the command with --help and no workspace: its flag set prints the help.
func helpOf(env Env, cmd command, name string, sub []string) {
	c := &call{env: env, args: append(sub, "--help"), name: name}
	cmd.run(context.Background(), c)
}

// flags returns a FlagSet for the call: a parse error is one line naming the flag as
// --name and pointing at the command's help; --help prints the help to stdout.
func (c *call) flags(key string) *flag.FlagSet {
	fs := flag.NewFlagSet("trueup "+key, flag.ContinueOnError)
	fe := &flagError{key: key, w: c.env.Stderr}
	fs.SetOutput(fe)
	fs.Usage = func() {
		if !fe.written {
			printFlagHelp(c.env.Stdout, key, fs)
		}
	}
	return fs
}

// flagError receives the flag package's error line and rewrites it.
type flagError struct {
	key     string
	w       io.Writer
	written bool
}

func (e *flagError) Write(p []byte) (int, error) {
	fmt.Fprintf(e.w, "trueup %s: %s (see `trueup help %s`)\n", e.key, friendlyFlagError(strings.TrimSpace(string(p))), e.key)
	e.written = true
	return len(p), nil
}

// flagMessages rewrite the flag package's messages, which spell flags with one dash.
var flagMessages = []struct {
	re  *regexp.Regexp
	out string
}{
	{regexp.MustCompile(`^flag provided but not defined: -+(.+)$`), "unknown flag --$1"},
	{regexp.MustCompile(`^flag needs an argument: -+(.+)$`), "--$1 needs a value"},
	{regexp.MustCompile(`^invalid value (".*") for flag -+([^:]+): (.*)$`), "invalid value $1 for --$2: $3"},
	{regexp.MustCompile(`^invalid boolean value (".*") for -+([^:]+): .*$`), "invalid value $1 for --$2: use true or false"},
	{regexp.MustCompile(`^invalid boolean flag -*([^:]+): (.*)$`), "invalid value for --$1: $2"},
	{regexp.MustCompile(`^bad flag syntax: (.*)$`), "bad flag syntax $1: write --name value"},
}

func friendlyFlagError(msg string) string {
	for _, m := range flagMessages {
		if m.re.MatchString(msg) {
			return m.re.ReplaceAllString(msg, m.out)
		}
	}
	return msg
}

// placeholders name the value of a flag in help output.
var placeholders = map[string]string{
	"integration": "NAME", "name": "NAME", "kind": "KIND", "base-url": "URL", "set": "key=value",
	"concurrency": "N", "mode": "MODE", "since": "YYYY-MM-DD", "run": "ID", "latency": "DURATION",
	"port-base": "PORT", "push": "ID", "product": "PSA_PRODUCT_ID", "cycle": "YYYY-MM", "account": "NAME",
	"vendor": "NAME", "state": "STATE",
	"card": "ID", "quantity": "N", "effective": "YYYY-MM-DD", "agreement": "ID", "line": "ID",
	"note":        "TEXT",
	"map account": "ID", "map product": "ID", "map to": "PSA_ID", "note account": "PSA_ID", "text": "TEXT", "tag": "T", "psa": "NAME",
	"demo psa": "KIND", "weekly": "DAY", "monthly": "N", "next": "N",
}

func printFlagHelp(w io.Writer, key string, fs *flag.FlagSet) {
	if h, ok := findHelp(key); ok {
		fmt.Fprintf(w, "Usage: trueup %s\n  %s\n", h.synopsis, h.about)
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nFlags:")
	fs.VisitAll(func(f *flag.Flag) {
		spec := "--" + f.Name
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
			p := placeholders[key+" "+f.Name] // a flag whose value differs by command
			if p == "" {
				p = placeholders[f.Name]
			}
			if p == "" {
				p = "VALUE"
			}
			spec += " " + p
		}
		usage := f.Usage
		switch f.DefValue {
		case "", "0", "false", "0s", "-1":
		default:
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(tw, "  %s\t%s\n", spec, usage)
	})
	tw.Flush()
}
