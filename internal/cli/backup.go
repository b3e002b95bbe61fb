package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/workspace"
)

// backup: the database's backups (README "Backups and recovery"). list and restore work
// on the folder without opening the database, so they work while it is damaged; restore
// needs the folder to itself.

func runBackup(ctx context.Context, c *call) int {
	if len(c.args) == 0 {
		return c.fail(errors.New("say what to do: list, now or restore (see `trueup help backup`)"))
	}
	sub, args := c.args[0], c.args[1:]
	c.name = "backup " + sub // errors name the subcommand: "trueup backup restore: ..."
	switch sub {
	case "list":
		return backupList(ctx, c, args)
	case "now":
		return backupNow(ctx, c, args)
	case "restore":
		return backupRestore(ctx, c, args)
	}
	return c.fail(fmt.Errorf("unknown subcommand %q: use list, now or restore", sub))
}

func backupList(ctx context.Context, c *call, args []string) int {
	fs := c.flags("backup list")
	asJSON := fs.Bool("json", false, "print the backups as JSON")
	if err := fs.Parse(args); err != nil {
		return ExitFailed
	}
	list, err := workspace.ListBackups(ctx, c.dataDir)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		return c.printJSON(list)
	}
	if len(list) == 0 {
		fmt.Fprintln(c.env.Stdout, "No backups yet: TrueUp takes one a day and before every database migration; `trueup backup now` takes one at once.")
		return ExitOK
	}
	rows := make([][]string, 0, len(list))
	for _, b := range list {
		check := "ok"
		if !b.OK {
			check = "DAMAGED: " + b.Problem
		}
		rows = append(rows, []string{backupDate(b.At), b.Kind, humanSize(b.Size), strconv.Itoa(b.SchemaVersion), check, b.Name})
	}
	c.table("DATE\tKIND\tSIZE\tSCHEMA\tINTEGRITY\tNAME", rows)
	return ExitOK
}

func backupNow(ctx context.Context, c *call, args []string) int {
	fs := c.flags("backup now")
	asJSON := fs.Bool("json", false, "print the backup as JSON")
	if err := fs.Parse(args); err != nil {
		return ExitFailed
	}
	ws, err := c.env.OpenWorkspace(ctx, c.dataDir, true)
	if err != nil {
		return c.fail(fmt.Errorf("open workspace: %w", err))
	}
	defer ws.Close()
	b, err := ws.Backups().Now(ctx)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		return c.printJSON(b)
	}
	fmt.Fprintf(c.env.Stdout, "Backed up to %s (%s).\n", b.Path, humanSize(b.Size))
	return ExitOK
}

func backupRestore(ctx context.Context, c *call, args []string) int {
	fs := c.flags("backup restore")
	latest := fs.Bool("latest", false, "restore the newest backup that passes its check")
	yes := fs.Bool("yes", false, "restore without asking")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := fs.Parse(args); err != nil {
		return ExitFailed
	}
	// FILE may come before the flags: parse what follows it too.
	var files []string
	for fs.NArg() > 0 {
		files = append(files, fs.Arg(0))
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return ExitFailed
		}
	}
	file := ""
	if len(files) > 0 {
		file = strings.TrimSpace(files[0])
	}
	switch {
	case len(files) > 1:
		return c.fail(fmt.Errorf("restore one backup at a time: got %s", strings.Join(files, " ")))
	case *latest && file != "":
		return c.fail(errors.New("give a FILE or --latest, not both"))
	case !*latest && file == "":
		return c.fail(errors.New("say which backup: a name from `trueup backup list`, a path, or --latest"))
	}
	if !*yes {
		what := file
		if *latest {
			what = "the newest good backup"
		}
		ok, err := c.confirmRestore(fmt.Sprintf("Replace the database in %s with %s? The current one is kept as a before-restore backup. [y/N] ", c.dataDir, what))
		if err != nil {
			return c.fail(err)
		}
		if !ok {
			fmt.Fprintln(c.env.Stderr, "Nothing was restored.")
			return ExitFailed
		}
	}
	res, err := workspace.RestoreBackup(ctx, c.dataDir, file, time.Now())
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		return c.printJSON(res)
	}
	fmt.Fprintf(c.env.Stdout, "Restored %s (%s, %s).\n", res.From.Name, res.From.Kind, backupDate(res.From.At))
	switch {
	case res.KeptDamaged:
		fmt.Fprintf(c.env.Stdout, "The damaged database was moved aside to %s.\n", res.KeptAs)
	case res.KeptAs != "":
		fmt.Fprintf(c.env.Stdout, "The database it replaced is kept as %s: restore that one to undo this.\n", res.KeptAs)
	}
	fmt.Fprintln(c.env.Stdout, "Mappings, decisions and the ledger are as they were then; run `trueup sync --all --mode full` to bring the cache up to date.")
	return ExitOK
}

// confirmRestore asks on the terminal; a script (no terminal) must say --yes.
func (c *call) confirmRestore(prompt string) (bool, error) {
	if c.env.ReadSecret == nil {
		return false, errors.New("nothing was restored: add --yes to restore from a script")
	}
	fmt.Fprint(c.env.Stderr, prompt)
	line, err := bufio.NewReader(c.env.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return false, nil
	}
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes", nil
}

// backupDate shows an RFC 3339 time as "2026-12-02 03:00 UTC".
func backupDate(at string) string {
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return at
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// humanSize shows a byte count in KiB or MiB, as file managers do.
func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
