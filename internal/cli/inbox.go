package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/workspace"
)

// inbox: the in-app inbox from the command line (README "Command line"). `trueup inbox`
// lists the notices, `trueup inbox read` marks them read. The CLI never shows desktop
// notifications; what it posts (a scheduled sync's notices) the app shows.

func runInbox(ctx context.Context, c *call) int {
	if len(c.args) > 0 && c.args[0] == "read" {
		return inboxRead(ctx, c, c.args[1:])
	}
	fs := c.flags("inbox")
	asJSON := fs.Bool("json", false, "print the notices as JSON")
	unread := fs.Bool("unread", false, "only the unread notices")
	limit := fs.Int("limit", 50, "at most this many notices (1-200), unread first, newest first")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	if fs.NArg() > 0 {
		return c.fail(fmt.Errorf("unexpected %q: use `trueup inbox [--unread] [--json]` or `trueup inbox read (--all | ID)`", fs.Arg(0)))
	}
	if *limit < 1 {
		return c.fail(fmt.Errorf("--limit %d: give a number from 1 to 200", *limit))
	}
	page, err := c.ws.Inbox().List(ctx, *unread, 0, *limit)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		return c.printJSON(page.Notices)
	}
	if len(page.Notices) == 0 {
		if *unread {
			fmt.Fprintln(c.env.Stdout, "No unread notices.")
		} else {
			fmt.Fprintln(c.env.Stdout, "The inbox is empty: scheduled syncs, automatic pushes, stuck syncs and the weekly summary post here.")
		}
		return ExitOK
	}
	for _, n := range page.Notices {
		state := "unread"
		if n.Read {
			state = "read"
		}
		fmt.Fprintf(c.env.Stdout, "#%d  %s  %s  %s\n", n.ID, localTime(n.CreatedAt), state, n.Title)
		for _, line := range strings.Split(n.Body, "\n") {
			if line != "" {
				fmt.Fprintf(c.env.Stdout, "    %s\n", line)
			}
		}
		if open := openCommand(n); open != "" {
			fmt.Fprintf(c.env.Stdout, "    open: %s\n", open)
		}
	}
	fmt.Fprintf(c.env.Stdout, "%d unread of %d.\n", page.Unread, page.Total)
	return ExitOK
}

func inboxRead(ctx context.Context, c *call, args []string) int {
	fs := c.flags("inbox read")
	all := fs.Bool("all", false, "mark every notice read")
	if err := fs.Parse(args); err != nil {
		return ExitFailed
	}
	switch {
	case *all && fs.NArg() == 0:
		n, err := c.ws.Inbox().MarkAllRead(ctx)
		if err != nil {
			return c.fail(err)
		}
		fmt.Fprintf(c.env.Stdout, "Marked %d %s read.\n", n, plural(n, "notice", "notices"))
		return ExitOK
	case !*all && fs.NArg() == 1:
		id, err := strconv.ParseInt(strings.TrimPrefix(fs.Arg(0), "#"), 10, 64)
		if err != nil {
			return c.fail(fmt.Errorf("%q is not a notice id: give the number `trueup inbox` shows, e.g. trueup inbox read 12", fs.Arg(0)))
		}
		if err := c.ws.Inbox().MarkRead(ctx, id); err != nil {
			return c.fail(err)
		}
		fmt.Fprintf(c.env.Stdout, "Marked notice %d read.\n", id)
		return ExitOK
	default:
		return c.fail(fmt.Errorf("give either --all or one notice id: trueup inbox read (--all | ID)"))
	}
}

// openCommand is the command that shows what a notice points at.
func openCommand(n workspace.Notice) string {
	switch n.Target {
	case "run":
		return fmt.Sprintf("trueup logs --run %d", n.RunID)
	case "cards":
		if n.CardState != "" {
			return "trueup cards --state " + n.CardState
		}
		return "trueup cards"
	case "ledger":
		return "trueup ledger"
	case "mapping":
		return "trueup mappings --unmapped"
	case "sync":
		return "trueup status"
	case "settings":
		if n.Integration != "" {
			return fmt.Sprintf("trueup auto-trueup --integration %q", n.Integration)
		}
		return "trueup auto-trueup"
	}
	return ""
}

// localTime shows an RFC 3339 time in the local time zone, to the minute.
func localTime(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.Local().Format("2006-01-02 15:04")
}
