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
				Help: "How to read the file's columns: generic (common header names) or dicker (Dicker Data's CSP invoice / annuity export)."},
			{Key: SettingFile, Label: "File",
				Help: "The CSV or XLSX file the last import read; `trueup import --file PATH` sets it."},
			{Key: SettingMap, Label: "Column mapping",
				Help: `Columns named by hand, as JSON {"quantity":"Seats"}; ` + "`trueup import --map quantity=Seats` sets it."},
			{Key: SettingDecimal, Label: "Decimal mark",
				Help: "The character before the cents, , or . (empty: detected per file)."},
			{Key: SettingFileRows, Label: "Rows imported",
				Help: "The data rows of the last imported file; `trueup import` sets it."},
			{Key: SettingImportedAt, Label: "Imported at",
				Help: "When the last file was imported; `trueup import` sets it."},
		},
		Capabilities: connector.Capabilities{
			Entities:           []connector.Entity{connector.EntityAccounts, connector.EntitySubscriptions, connector.EntityProducts},
			DefaultConcurrency: 1,
		},
		New: func(cfg connector.Config) (connector.Connector, error) { return New(cfg) },
	}
}

// Options reads the import choices from an integration's settings.
func Options(settings map[string]string) (fileimport.Options, error) {
	var opts fileimport.Options
	p, ok := fileimport.Builtin(settings[SettingProfile])
	if !ok {
		return opts, &connector.ConfigError{Field: SettingProfile, Msg: fmt.Sprintf("unknown profile %q: use generic or dicker", settings[SettingProfile])}
	}
	opts.Profile = p
	if raw := strings.TrimSpace(settings[SettingMap]); raw != "" {
		var m map[string]string
		if err := json.Unmarshal([]byte(raw), &m); err != nil {
			return opts, &connector.ConfigError{Field: SettingMap, Msg: `the column mapping must be JSON like {"quantity":"Seats"}: import again with --map FIELD=COLUMN`}
		}
		pairs := make([]string, 0, len(m))
		for k, v := range m {
			pairs = append(pairs, k+"="+v)
		}
		var err error
		if opts.Map, err = fileimport.ParseMap(pairs); err != nil {
			return opts, &connector.ConfigError{Field: SettingMap, Msg: err.Error()}
		}
	}
	style, forced, err := fileimport.ParseDecimalFlag(settings[SettingDecimal])
	if err != nil {
		return opts, &connector.ConfigError{Field: SettingDecimal, Msg: err.Error()}
	}
	opts.Decimal, opts.ForceDecimal = style, forced
	return opts, nil
}

// EncodeMap is the map setting for --map FIELD=COLUMN values (empty for none).
func EncodeMap(m map[fileimport.Field]string) string {
	if len(m) == 0 {
		return ""
	}
	b, _ := json.Marshal(m) // a map of strings always encodes
	return string(b)
}
