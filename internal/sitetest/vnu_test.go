package sitetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNuHtmlChecker runs the Nu Html Checker (the W3C validator's engine,
// npm vnu-jar, on Java) on every built page and stylesheet: no errors.
// Without Java or vnu-jar it skips with a message on a developer's machine
// and fails in CI.
func TestNuHtmlChecker(t *testing.T) {
	needSite(t)
	java, err := exec.LookPath("java")
	if err != nil {
		skipOrFail(t, "java is missing (apt-get install default-jre-headless): the Nu Html Checker needs it")
	}
	jar := filepath.Join(env.root, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	if _, err := os.Stat(jar); err != nil {
		skipOrFail(t, "vnu-jar is missing (npm ci): %v", err)
	}
	var files []string
	filepath.WalkDir(env.dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".css")) {
			files = append(files, p)
		}
		return nil
	})
	if len(files) < 5 {
		t.Fatalf("only %d pages and stylesheets in the built site: %v", len(files), files)
	}
	args := append([]string{"-jar", jar, "--errors-only", "--also-check-css", "--format", "gnu"}, files...)
	out, err := exec.Command(java, args...).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("the Nu Html Checker finds errors (%v):\n%s", err, strings.ReplaceAll(string(out), env.dir+"/", ""))
	}
	t.Logf("checked %d files", len(files))
}
