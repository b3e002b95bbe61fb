// Package csvfile is the csv integration kind: a vendor without an API whose lines come
// from an export file (CSV or XLSX) the user picks. Its "sync" reads that file through
// internal/fileimport; the file's path is a plain setting (the import command sets it),
// never a secret, and the kind needs no base URL and no credentials.
package csvfile

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/fileimport"
)

// Setting keys.
const (
	SettingProfile = "profile"
	SettingFile    = "file"
	SettingMap     = "map"
	SettingDecimal = "decimal"
	// SettingDates forces the order of slashed dates: day-first or month-first.
	SettingDates = "dates"
	// SettingSheet is the XLSX sheet to read.
	SettingSheet = "sheet"
	// SettingSavedProfile is the saved profile the profile setting names, as JSON: the
	// workspace copies it from the saved profiles whenever the integration is saved or a
	// file imported, so a sync reads the file as the profile said at that time.
	SettingSavedProfile = "saved_profile"
	// SettingFileRows and SettingImportedAt are what the last import stored: the file's
	// data rows and when (RFC 3339), for the Sync Status row. The import command sets them
	// after the run stored the file's lines.
	SettingFileRows   = "file_rows"
	SettingImportedAt = "imported_at"
)

// Factory registers the csv kind.
func Factory() connector.Factory {
	return connector.Factory{
		Kind:     connector.KindCSV,
		Label:    "File import (CSV/XLSX)",
		Role:     connector.RoleVendor,
		NoServer: true,
		Settings: []connector.Field{
			{Key: SettingProfile, Label: "Profile", Placeholder: "generic",
				Help: "How to read the file's columns: generic (common header names), dicker (Dicker Data's CSP invoice / annuity export) or a profile saved with `trueup import --save-profile NAME`."},
			{Key: SettingFile, Label: "File", Managed: true,
				Help: "The CSV or XLSX file the last import read; `trueup import --file PATH` sets it."},
			{Key: SettingMap, Label: "Column mapping",
				Help: `Columns named by hand, as JSON {"quantity":"Seats"}; ` + "`trueup import --map quantity=Seats` sets it."},
			{Key: SettingDecimal, Label: "Decimal mark",
				Help: "The character before the cents, , or . (empty: detected per file)."},
			{Key: SettingDates, Label: "Date order",
				Help: "How slashed dates are written: day-first (31/01/2026) or month-first (01/31/2026); empty: detected per file."},
			{Key: SettingSheet, Label: "Sheet",
				Help: "The XLSX sheet to read (empty: the profile's, else the first sheet)."},
			{Key: SettingSavedProfile, Label: "Saved profile", Managed: true,
				Help: "A copy of the saved profile the Profile setting names; TrueUp fills it in."},
			{Key: SettingFileRows, Label: "Rows imported", Managed: true,
				Help: "The data rows of the last imported file; `trueup import` sets it."},
			{Key: SettingImportedAt, Label: "Imported at", Managed: true,
				Help: "When the last file was imported; `trueup import` sets it."},
		},
		Capabilities: connector.Capabilities{
			Entities:           []connector.Entity{connector.EntityAccounts, connector.EntitySubscriptions, connector.EntityProducts},
			DefaultConcurrency: 1,
		},
		New: func(cfg connector.Config) (connector.Connector, error) { return New(cfg) },
	}
}

// Options reads the import choices from an integration's settings: the profile (a ready
// one, or the saved one copied into saved_profile), and over it the column mapping, the
// decimal mark, the date order and the sheet the settings name.
func Options(settings map[string]string) (fileimport.Options, error) {
	opts, err := profileOptions(settings)
	if err != nil {
		return opts, err
	}
	if raw := strings.TrimSpace(settings[SettingMap]); raw != "" {
		var m map[string]string
		if err := json.Unmarshal([]byte(raw), &m); err != nil {
			return opts, &connector.ConfigError{Field: SettingMap, Msg: `the column mapping must be JSON like {"quantity":"Seats"}: import again with --map FIELD=COLUMN`}
		}
		pairs := make([]string, 0, len(m))
		for k, v := range m {
			pairs = append(pairs, k+"="+v)
		}
		if opts.Map, err = fileimport.ParseMap(pairs); err != nil {
			return opts, &connector.ConfigError{Field: SettingMap, Msg: err.Error()}
		}
	}
	if v := settings[SettingDecimal]; v != "" {
		if opts.Decimal, opts.ForceDecimal, err = fileimport.ParseDecimalFlag(v); err != nil {
			return opts, &connector.ConfigError{Field: SettingDecimal, Msg: err.Error()}
		}
	}
	if v := settings[SettingDates]; v != "" {
		if opts.DateOrder, opts.ForceDateOrder, err = fileimport.ParseDateOrderFlag(v); err != nil {
			return opts, &connector.ConfigError{Field: SettingDates, Msg: err.Error()}
		}
	}
	if v := strings.TrimSpace(settings[SettingSheet]); v != "" {
		opts.Sheet = v
	}
	return opts, nil
}

func profileOptions(settings map[string]string) (fileimport.Options, error) {
	name := settings[SettingProfile]
	if p, ok := fileimport.Builtin(name); ok {
		return fileimport.Options{Profile: p}, nil
	}
	saved, ok, err := SavedProfile(settings)
	if err != nil {
		return fileimport.Options{}, err
	}
	if !ok || !strings.EqualFold(saved.Name, strings.TrimSpace(name)) {
		return fileimport.Options{}, &connector.ConfigError{Field: SettingProfile,
			Msg: fmt.Sprintf("unknown profile %q: use generic, dicker or a saved profile (trueup import --list-profiles lists them)", name)}
	}
	opts, err := saved.Options()
	if err != nil {
		return opts, &connector.ConfigError{Field: SettingProfile, Msg: err.Error()}
	}
	return opts, nil
}

// SavedProfile is the saved profile copied into the settings, when there is one.
func SavedProfile(settings map[string]string) (fileimport.Saved, bool, error) {
	raw := strings.TrimSpace(settings[SettingSavedProfile])
	if raw == "" {
		return fileimport.Saved{}, false, nil
	}
	var s fileimport.Saved
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return s, false, &connector.ConfigError{Field: SettingSavedProfile, Msg: "the copy of the saved profile is damaged: choose the profile again"}
	}
	return s, true, nil
}

// EncodeMap is the map setting for --map FIELD=COLUMN values (empty for none).
func EncodeMap(m map[fileimport.Field]string) string {
	if len(m) == 0 {
		return ""
	}
	b, _ := json.Marshal(m) // a map of strings always encodes
	return string(b)
}
