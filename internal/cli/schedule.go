package cli

import (
	"context"
	"errors"
	"fmt"
)

// runSchedule is `trueup schedule SUBCOMMAND`.
func runSchedule(ctx context.Context, c *call) int {
	if len(c.args) == 0 {
		return c.fail(errors.New("say what to do: task (see `trueup help schedule`)"))
	}
	sub, args := c.args[0], c.args[1:]
	switch sub {
	case "task":
		return runScheduleTask(ctx, c, args)
	}
	return c.fail(fmt.Errorf("unknown subcommand %q: use task", sub))
}
