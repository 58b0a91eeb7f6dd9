package sitetest

import (
	"context"
	"strings"
	"testing"

	"molnkollen/internal/sitebuild"
)

// TestDeployPlaceholders: a build for a real address refuses the shipped
// placeholders (contact values "[fyll i ...]" and the placeholder review
// date) with a message that names each setting; with them filled in
// (testdata/deploy/filled.toml) the same build passes. Tests and serve build
// for 127.0.0.1 and keep the placeholders.
func TestDeployPlaceholders(t *testing.T) {
	needSite(t)
	build := func(configs string) (string, error) {
		var out strings.Builder
		o := sitebuild.Options{Root: env.root, Stdout: &out, Stderr: &out}
		err := sitebuild.Hugo(context.Background(), o, "--source", env.root, "--destination", t.TempDir(),
			"--baseURL", "https://intranat.example/intranat/molntjanster/", "--config", configs, "--panicOnWarning")
		return out.String(), err
	}
	out, err := build("hugo.toml")
	if err == nil {
		t.Fatalf("a build for a real address with placeholders passed:\n%s", out)
	}
	for _, want := range []string{"[params.organisation] contactemail", "[params.organisation] contactphone", `"reviewed" 2026-06-01 is a placeholder`} {
		if !strings.Contains(out, want) {
			t.Errorf("the refused build does not name %q:\n%s", want, out)
		}
	}
	if out, err := build("hugo.toml,testdata/deploy/filled.toml"); err != nil {
		t.Errorf("with the placeholders filled in, the build for a real address fails: %v\n%s", err, out)
	}
}
