package cli

import (
	"context"
	"fmt"

	"github.com/trueup/trueup/internal/workspace"
)

// schedule task: the OS task (systemd user timer, launchd agent, Task Scheduler task) that
// runs `trueup sync --scheduled` at the schedules' times while no TrueUp window is open.

// runScheduleTask is `trueup schedule task (install|remove|status)`; args are the words
// after "task".
func runScheduleTask(ctx context.Context, c *call, args []string) int {
	action := ""
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		action, args = args[0], args[1:]
	}
	c.name = "schedule task"
	if action != "" {
		c.name += " " + action
	}
	fs := c.flags("schedule task")
	asJSON := fs.Bool("json", false, "print the task's state as JSON")
	if err := fs.Parse(args); err != nil {
		return ExitFailed
	}
	if fs.NArg() > 0 {
		return c.fail(fmt.Errorf("unexpected %q: write `trueup schedule task install`, `remove` or `status`", fs.Arg(0)))
	}
	task := c.ws.Schedules().OSTask()
	var (
		info workspace.OSTaskInfo
		err  error
	)
	switch action {
	case "install":
		info, err = task.Register(ctx)
	case "remove":
		info, err = task.Remove(ctx)
	case "status":
		info, err = task.Status(ctx)
	case "":
		return c.fail(fmt.Errorf("say what to do: install, remove or status (see `trueup help schedule task`)"))
	default:
		return c.fail(fmt.Errorf("unknown action %q: use install, remove or status", action))
	}
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		return c.printJSON(info)
	}
	printOSTask(c, action, info)
	return ExitOK
}

func printOSTask(c *call, action string, info workspace.OSTaskInfo) {
	w := c.env.Stdout
	switch info.State {
	case workspace.OSTaskUnavailable:
		fmt.Fprintln(w, "OS task: unavailable: "+info.Detail)
		return
	case "not_registered":
		if action == "remove" {
			fmt.Fprintln(w, "OS task: removed (not registered)")
		} else {
			fmt.Fprintln(w, "OS task: not registered: scheduled syncs run only while TrueUp is open (and missed ones at the next launch); `trueup schedule task install` registers it")
		}
	case "registered":
		fmt.Fprintf(w, "OS task: registered (%s %s)\n", info.Platform, info.Location)
	case "stale":
		fmt.Fprintf(w, "OS task: stale (%s %s): %s\n", info.Platform, info.Location, info.Detail)
	default:
		fmt.Fprintf(w, "OS task: %s %s\n", info.State, info.Detail)
	}
	if info.Command != "" {
		fmt.Fprintf(w, "Runs: %s\n", info.Command)
	}
	fmt.Fprintf(w, "Schedules on: %d\n", info.Schedules)
}
