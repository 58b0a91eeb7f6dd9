package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestRunRejectsUnknownCommands(t *testing.T) {
	for _, args := range [][]string{nil, {"deploy"}, {"build", "-nosuchflag"}} {
		var out, errb bytes.Buffer
		err := run(context.Background(), args, &out, &errb)
		if err == nil {
			t.Errorf("run(%q) = nil, want a usage error", args)
			continue
		}
		if len(args) < 2 && !strings.Contains(err.Error(), "usage:") {
			t.Errorf("run(%q) = %v, want the usage text", args, err)
		}
	}
}

// TestBuiltFor: build says plainly whether its output works only at the
// root of a web server (the default, baseURL "/") or at the address given.
func TestBuiltFor(t *testing.T) {
	for _, c := range []struct{ flag, config, want string }{
		{"", "/", "root of a web server"},
		{"", "", "root of a web server"},
		{"/", "https://x.example/", "root of a web server"},
		{"https://intranat.example/intranat/molntjanster/", "/", "built for https://intranat.example/intranat/molntjanster/"},
		{"", "https://x.example/sub/", "built for https://x.example/sub/"},
	} {
		if got := builtFor(c.flag, c.config); !strings.Contains(got, c.want) {
			t.Errorf("builtFor(%q, %q) = %q, want it to say %q", c.flag, c.config, got, c.want)
		}
	}
}

// TestConfigBaseURL reads the project's own hugo.toml, whose "/" the README
// and build's message rely on.
func TestConfigBaseURL(t *testing.T) {
	if got := configBaseURL("../.."); got != "/" {
		t.Errorf("baseURL in hugo.toml = %q; README and build's message assume \"/\"", got)
	}
}
