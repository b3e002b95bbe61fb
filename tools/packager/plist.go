package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strings"
	"text/template"
)

// plistValues fill build/darwin/Info.plist.tmpl.
type plistValues struct {
	Version      string // CFBundleVersion: the full release version
	ShortVersion string // CFBundleShortVersionString: major.minor.patch only, as Apple requires
	Copyright    string
}

// renderPlist fills the Info.plist template. Every value is XML-escaped, and the result
// must parse as a property list holding the keys a macOS app bundle needs, so a typo in the
// template fails here rather than on a Mac at notarisation.
func renderPlist(tmplPath, version, copyright string) ([]byte, error) {
	raw, err := os.ReadFile(tmplPath)
	if err != nil {
		return nil, fmt.Errorf("read the Info.plist template: %w", err)
	}
	tmpl, err := template.New("Info.plist").Option("missingkey=error").Parse(string(raw))
	if err != nil {
		return nil, fmt.Errorf("parse the Info.plist template %s: %w", tmplPath, err)
	}
	short := version
	if i := strings.IndexAny(short, "-+~"); i >= 0 {
		short = short[:i]
	}
	esc := func(s string) string {
		var b strings.Builder
		_ = xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	var out bytes.Buffer
	if err := tmpl.Execute(&out, plistValues{Version: esc(version), ShortVersion: esc(short), Copyright: esc(copyright)}); err != nil {
		return nil, fmt.Errorf("fill the Info.plist template %s: %w", tmplPath, err)
	}
	dict, err := parsePlist(out.Bytes())
	if err != nil {
		return nil, fmt.Errorf("the Info.plist from %s is not a valid property list: %w", tmplPath, err)
	}
	for _, k := range requiredPlistKeys {
		if dict[k] == "" {
			return nil, fmt.Errorf("the Info.plist from %s has no %s: add it to the template", tmplPath, k)
		}
	}
	return out.Bytes(), nil
}

// requiredPlistKeys are what an app bundle needs to launch, show its icon and version, and
// pass notarisation.
var requiredPlistKeys = []string{
	"CFBundlePackageType", "CFBundleName", "CFBundleExecutable", "CFBundleIdentifier",
	"CFBundleIconFile", "CFBundleShortVersionString", "CFBundleVersion", "LSMinimumSystemVersion",
	"NSHighResolutionCapable",
}

// parsePlist reads the top-level dict of an XML property list into key -> value: strings
// and numbers as their text, <true/> and <false/> as "true" and "false". Nested arrays and
// dicts are not used in TrueUp's Info.plist and are refused.
func parsePlist(b []byte) (map[string]string, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	dict := map[string]string{}
	var key string
	inDict, haveKey, sawPlist := false, false, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch name := start.Name.Local; {
		case name == "plist":
			sawPlist = true
		case name == "dict" && !inDict:
			inDict = true
		case !inDict:
			return nil, fmt.Errorf("<%s> outside the top-level <dict>", name)
		case name == "key":
			if haveKey {
				return nil, fmt.Errorf("the key %q has no value", key)
			}
			if err := dec.DecodeElement(&key, &start); err != nil {
				return nil, err
			}
			if _, dup := dict[key]; dup {
				return nil, fmt.Errorf("the key %q appears twice", key)
			}
			haveKey = true
		case !haveKey:
			return nil, fmt.Errorf("a <%s> value without a <key>", name)
		case name == "true" || name == "false":
			dict[key] = name
			haveKey = false
			if err := dec.Skip(); err != nil {
				return nil, err
			}
		case name == "string" || name == "integer" || name == "real":
			var v string
			if err := dec.DecodeElement(&v, &start); err != nil {
				return nil, err
			}
			dict[key] = v
			haveKey = false
		default:
			return nil, fmt.Errorf("the key %q holds a <%s>, which this Info.plist does not use", key, name)
		}
	}
	if !sawPlist || !inDict {
		return nil, fmt.Errorf("no <plist><dict> in it")
	}
	if haveKey {
		return nil, fmt.Errorf("the key %q has no value", key)
	}
	return dict, nil
}
