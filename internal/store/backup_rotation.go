package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Rotation limits: the automatic backups keep one copy for each of the last KeepDaily days
// that have one, and beyond those one copy for each of the last KeepWeekly weeks.
const (
	KeepDaily  = 7
	KeepWeekly = 4
)

// Rotation is what RotateBackups does to the automatic backups.
type Rotation struct {
	// Keep are the backups that stay, each with the kind it is kept as (a daily copy that
	// has become the copy of its week is renamed to say weekly).
	Keep []BackupFile
	// Remove are the automatic backups no longer kept.
	Remove []BackupFile
}

// Rotate decides which automatic (daily and weekly) backups to keep; other kinds are not
// its business and are not in the result. Days and weeks are calendar days and ISO weeks
// (Monday to Sunday, so a week can span a month or a year end) in loc, the MSP's time zone.
//
//   - daily: the newest backup of each of the KeepDaily newest days that have a backup;
//   - weekly: of the backups older than the oldest daily copy's day, the oldest of each of
//     the KeepWeekly newest ISO weeks. The oldest, so a week's copy stays the same file as
//     the daily window moves on (the newest would be replaced every day until the week had
//     left the window); older than the window, so a second copy of a day is not kept as
//     a weekly one.
//
// It is a pure function of its input: the same files and zone give the same plan.
func Rotate(files []BackupFile, loc *time.Location) Rotation {
	var auto []BackupFile
	for _, f := range files {
		if f.Kind == KindDaily || f.Kind == KindWeekly {
			auto = append(auto, f)
		}
	}
	sort.Slice(auto, func(i, j int) bool {
		if !auto[i].Time.Equal(auto[j].Time) {
			return auto[i].Time.After(auto[j].Time)
		}
		return auto[i].Name > auto[j].Name
	})
	kept := make([]string, len(auto)) // the kind each is kept as, "" to remove
	days := map[string]bool{}
	oldestDay := ""
	for i, f := range auto {
		day := f.Time.In(loc).Format("2006-01-02")
		if days[day] || len(days) == KeepDaily {
			continue
		}
		days[day], oldestDay = true, day
		kept[i] = KindDaily
	}
	type week struct{ year, week int }
	weekly := map[week]int{} // the index of the oldest candidate of each week so far
	var order []week         // weeks newest first
	for i, f := range auto {
		if kept[i] != "" || f.Time.In(loc).Format("2006-01-02") >= oldestDay {
			continue
		}
		y, n := f.Time.In(loc).ISOWeek()
		w := week{y, n}
		if _, seen := weekly[w]; !seen {
			if len(order) == KeepWeekly {
				continue
			}
			order = append(order, w)
		}
		weekly[w] = i // walking newest first, the last one seen is the week's oldest
	}
	for _, i := range weekly {
		kept[i] = KindWeekly
	}
	var r Rotation
	for i, f := range auto {
		if kept[i] == "" {
			r.Remove = append(r.Remove, f)
			continue
		}
		f.Kind = kept[i]
		r.Keep = append(r.Keep, f)
	}
	return r
}

// RotateBackups applies Rotate to the backups of the database at dbPath: it renames the
// copies whose kind changed and deletes the automatic ones no longer kept. Backups of the
// other kinds, and damaged databases moved aside, are never deleted.
func RotateBackups(dbPath string, loc *time.Location) error {
	dir := BackupsDir(dbPath)
	files, err := backupFiles(dir)
	if err != nil {
		return err
	}
	r := Rotate(files, loc)
	var errs []error
	for _, f := range r.Remove {
		if err := os.Remove(filepath.Join(dir, f.Name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	for _, f := range r.Keep {
		name := BackupName(f.Time, f.Kind, f.ToVersion)
		if name == f.Name {
			continue
		}
		if err := os.Rename(filepath.Join(dir, f.Name), filepath.Join(dir, name)); err != nil {
			errs = append(errs, err)
		}
	}
	errs = append(errs, removeStalePartials(dir, time.Now())...)
	if err := errors.Join(errs...); err != nil {
		return ExplainDiskError(fmt.Errorf("rotate the backups in %s: %w", dir, err), filepath.Dir(dbPath))
	}
	syncDir(dir)
	return nil
}

// stalePartialAge is how old a half-written backup (a ".partial" file) must be before
// rotation deletes it: a backup in progress in another process (a migration's) is young,
// one a crash or a full disk left behind is not, and it only takes space.
const stalePartialAge = time.Hour

// removeStalePartials deletes the half-written backups older than stalePartialAge. Each
// backup writes a partial file of its own name, so a later backup never reuses (and so
// never removes) one a crash left.
func removeStalePartials(dir string, now time.Time) []error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return []error{err}
	}
	var errs []error
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), partialSuffix) {
			continue
		}
		if _, ok := ParseBackupName(strings.TrimSuffix(e.Name(), partialSuffix)); !ok {
			continue // not one of ours
		}
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) < stalePartialAge {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errs
}

// HasAutomaticBackupOn says whether an automatic (daily or weekly) backup was taken on
// the calendar day of now in loc.
func HasAutomaticBackupOn(dbPath string, now time.Time, loc *time.Location) (bool, error) {
	files, err := backupFiles(BackupsDir(dbPath))
	if err != nil {
		return false, err
	}
	today := now.In(loc).Format("2006-01-02")
	for _, f := range files {
		if (f.Kind == KindDaily || f.Kind == KindWeekly) && f.Time.In(loc).Format("2006-01-02") == today {
			return true, nil
		}
	}
	return false, nil
}
