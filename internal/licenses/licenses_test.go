package licenses

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIdentify(t *testing.T) {
	cases := map[string]string{
		"Permission is hereby granted, free of charge, to any person obtaining a copy":                         "MIT",
		"Apache License\n   Version 2.0, January 2004":                                                         "Apache-2.0",
		"Redistribution and use in source and binary forms ... Neither the name of Google Inc. nor the names":  "BSD-3-Clause",
		"Redistribution and use in source and binary forms, with or without modification, are permitted":       "BSD-2-Clause",
		"Permission to use, copy, modify, and/or distribute this software for any purpose with or without fee": "ISC",
		"Mozilla Public License Version 2.0":                                                                   "MPL-2.0",
		"All rights reserved. Ask us.":                                                                         "",
		"":                                                                                                     "",
	}
	for text, want := range cases {
		assert.Equal(t, want, identify(text), text)
	}
}

// The npm list is the bundle's packages: dev packages are not shipped, scoped and nested
// packages keep their names, and the licence comes from package.json or the text.
func TestNPMListsTheShippedPackages(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	write("node_modules/.package-lock.json", `{"packages":{
		"": {"name":"app"},
		"node_modules/react": {"version":"19.2.0","license":"MIT"},
		"node_modules/@radix-ui/react-dialog": {"version":"1.3.1","license":{"type":"MIT"}},
		"node_modules/a/node_modules/b": {"version":"2.0.0"},
		"node_modules/vitest": {"version":"4.0.0","license":"MIT","dev":true},
		"node_modules/fsevents": {"version":"2.3.3","devOptional":true}
	}}`)
	write("node_modules/react/LICENSE", "MIT License\n\nPermission is hereby granted, free of charge, ...")
	write("node_modules/@radix-ui/react-dialog/README.md", "no licence file here")
	write("node_modules/a/node_modules/b/LICENSE.md", "Apache License\nVersion 2.0")
	write("node_modules/vitest/LICENSE", "MIT")

	pkgs, err := NPM(dir)
	require.NoError(t, err)
	var names []string
	for _, p := range pkgs {
		names = append(names, p.Name)
	}
	assert.Equal(t, []string{"@radix-ui/react-dialog", "b", "react"}, names)
	assert.Equal(t, "MIT", pkgs[0].License, "the old {type} form")
	assert.Empty(t, pkgs[0].Text, "no licence file: the screen says so")
	assert.Equal(t, "Apache-2.0", pkgs[1].License, "from the text when package.json names none")
	assert.Equal(t, "LICENSE.md", pkgs[1].File)
	assert.Contains(t, pkgs[2].Text, "Permission is hereby granted")

	_, err = NPM(t.TempDir())
	assert.ErrorContains(t, err, "run npm install")
}

// The Go list is what the desktop binary links: its modules and the standard library,
// never the main module or a test-only module.
func TestGoListsTheLinkedModules(t *testing.T) {
	pkgs, err := Go(context.Background(), "../..", "desktop,production,webkit2_41")
	require.NoError(t, err)
	byName := map[string]Package{}
	for _, p := range pkgs {
		byName[p.Name] = p
	}
	for _, want := range []string{"github.com/wailsapp/wails/v2", "modernc.org/sqlite", "github.com/zalando/go-keyring", "Go standard library",
		"github.com/wailsapp/go-webview2", // Windows only
		"github.com/godbus/dbus/v5",       // Linux only
	} {
		require.Contains(t, byName, want)
		assert.NotEmpty(t, byName[want].Text, want)
	}
	assert.Equal(t, "BSD-3-Clause", byName["Go standard library"].License)
	assert.NotContains(t, byName, "github.com/stretchr/testify", "test-only: not shipped")
	assert.NotContains(t, byName, "github.com/trueup/trueup", "the main module is not third-party")
}
