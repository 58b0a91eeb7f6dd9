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
