package workspace

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trueup/trueup/internal/store"
)

// notifyAfterSync is the scheduled-run observer of the notifications (it runs after the
// automatic true-up's, which fills r.Auto*): it posts a notice when the scheduled sync
// changed records, failed or ended partial, and one when the automatic true-up pushed
// changes or left some as cards. A run that changed nothing, or was cancelled, posts
// nothing: there is nothing for the user to look at. Each notice is posted once per run.
func (w *Workspace) notifyAfterSync(ctx context.Context, r *ScheduledRun) error {
	for _, n := range scheduledRunNotices(r) {
		if _, err := w.post(ctx, n); err != nil {
			return err
		}
	}
	return nil
}

// scheduledRunNotices are the notices a scheduled run posts (none, one or two).
func scheduledRunNotices(r *ScheduledRun) []store.Notice {
	run := strconv.FormatInt(r.RunID, 10)
	when := "Scheduled sync"
	if r.CatchUp {
		when = fmt.Sprintf("Missed sync of %s, run later", r.DueAt.UTC().Format("Mon 2 Jan 15:04 UTC"))
	}
	var out []store.Notice
	sync := store.Notice{Target: store.NoticeTargetRun, TargetRef: run, DedupeKey: "run:" + run}
	switch r.Outcome {
	case store.StatusSucceeded:
		if r.Changed > 0 {
			sync.Kind = NoticeSyncChanged
			sync.Title = fmt.Sprintf("%s: %s", r.IntegrationName, nounCount(r.Changed, "change"))
			sync.Body = joinSentences(when+" succeeded.", r.Message)
		}
	case store.StatusPartial:
		sync.Kind = NoticeSyncPartial
		sync.Title = fmt.Sprintf("%s sync finished with errors", r.IntegrationName)
		sync.Body = joinSentences(when+" finished, but some sections failed: open the log to see which.", r.Message)
	case store.StatusFailed:
		sync.Kind = NoticeSyncFailed
		sync.Title = fmt.Sprintf("%s sync failed", r.IntegrationName)
		sync.Body = joinSentences(when+" failed.", r.Message)
	}
	if sync.Kind != "" {
		out = append(out, sync)
	}
	if r.AutoPushed > 0 || r.AutoWaiting > 0 || (r.AutoDryRun && r.AutoLarge > 0) {
		auto := store.Notice{Kind: NoticeAutoTrueUp, DedupeKey: "auto:" + run}
		if r.AutoDryRun {
			// Nothing was pushed and no card was made: the plan waits in Settings.
			planned := nounCount(r.AutoWaiting, "change")
			if r.AutoWaiting == 0 {
				planned = "no change"
			}
			switch {
			case r.AutoLarge == 1:
				planned += " (1 large change would wait as a card)"
			case r.AutoLarge > 1:
				planned += fmt.Sprintf(" (%d large changes would wait as cards)", r.AutoLarge)
			}
			auto.Title = fmt.Sprintf("Automatic true-up of %s: a dry run planned %s, waiting for your approval", r.IntegrationName, planned)
			auto.Body = joinSentences("After the scheduled sync, the automatic true-up's first run was a dry run: nothing was pushed. Review its plan in Settings and approve it to push these changes and let later runs push on their own.", r.AutoNote)
			auto.Target, auto.TargetRef = store.NoticeTargetSettings, r.IntegrationName
			return append(out, auto)
		}
		var parts []string
		if r.AutoPushed > 0 {
			parts = append(parts, nounCount(r.AutoPushed, "change")+" pushed")
			auto.Target = store.NoticeTargetLedger
		}
		if r.AutoWaiting > 0 {
			parts = append(parts, nounCount(r.AutoWaiting, "change")+" waiting for you as cards")
			if auto.Target == "" {
				auto.Target = store.NoticeTargetCards
			}
		}
		auto.Title = fmt.Sprintf("Automatic true-up of %s: %s", r.IntegrationName, strings.Join(parts, ", "))
		auto.Body = joinSentences("After the scheduled sync, the automatic true-up ran through the outbox.", r.AutoNote)
		out = append(out, auto)
	}
	return out
}

// joinSentences joins non-empty sentences with a space, ending each with a full stop.
func joinSentences(parts ...string) string {
	var out []string
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		// Notes written to follow a colon ("dry run: …") start a sentence here.
		if r, size := utf8.DecodeRuneInString(p); unicode.IsLower(r) {
			p = string(unicode.ToUpper(r)) + p[size:]
		}
		if !strings.HasSuffix(p, ".") && !strings.HasSuffix(p, "!") && !strings.HasSuffix(p, "?") {
			p += "."
		}
		out = append(out, p)
	}
	return strings.Join(out, " ")
}
